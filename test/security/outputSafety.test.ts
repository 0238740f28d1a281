/**
 * Outputs never destroy anything: an output path that is an input by another name (hard link, the
 * config or waivers file) is refused; a write that fails midway leaves the previous report whole; a
 * symbolic link planted in an evidence directory is not written through; stdout that cannot be written
 * is one line and exit 2. And a plan string cannot drive the terminal that shows the text report.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../support/cli.js';
import { buildPlan, ref } from '../support/planBuilder.js';

const PLAN = join(repoRoot, 'fixtures', 'examples', 'bedrock-looks-private.plan.json');
let dir: string;
let plan: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'output-safety-'));
  plan = join(dir, 'plan.json');
  writeFileSync(plan, readFileSync(PLAN));
});

function oneLineError(r: { code: number; stderr: string }): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('an output path that is an input', () => {
  it('refuses a hard link to the plan and leaves the plan intact', () => {
    const link = join(dir, 'hardlink.json');
    linkSync(plan, link);
    const before = readFileSync(plan);
    const r = runCli(['scan', plan, '--format', 'json', '--output', link]);
    oneLineError(r);
    expect(r.stderr).toContain('output would overwrite an input file');
    expect(readFileSync(plan).equals(before)).toBe(true);
  });

  it.each([
    ['--config', 'config.json', '{}'],
    ['--waivers', 'waivers.json', '[]'],
  ])('refuses the %s file as output', (flag, name, content) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const r = runCli(['scan', plan, flag, file, '--format', 'text', '--output', file]);
    oneLineError(r);
    expect(r.stderr).toContain(`(${flag} ${file})`);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses an empty --output', () => {
    const r = runCli(['scan', plan, '--output', '']);
    oneLineError(r);
    expect(r.stderr).toContain('--output: an empty path names no file');
  });
});

describe('writes that fail midway', () => {
  it('keeps the previous report whole when the file size limit stops the write (ulimit -f)', () => {
    const out = join(dir, 'report.html');
    writeFileSync(out, 'previous report\n');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `ulimit -f 16; exec "${process.execPath}" "${cliPath}" "$@"`,
        'bash',
        'scan',
        plan,
        '--format',
        'html',
        '--output',
        out,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect({ code: r.status, stderr: r.stderr.trim() }).toEqual({
      code: 2,
      stderr: `airgap-audit: ${out}: cannot write (EFBIG)`,
    });
    expect(readFileSync(out, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.each(['text', 'html', 'json'])(
    'reports a stdout it cannot write (%s to /dev/full) in one line, exit 2',
    (format) => {
      const full = openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [cliPath, 'scan', plan, '--format', format], {
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      closeSync(full);
      expect({ code: r.status, stderr: r.stderr.trim() }).toEqual({
        code: 2,
        stderr: 'airgap-audit: <stdout>: cannot write (ENOSPC)',
      });
    },
  );

  // A reader that closes early (`| head`) took what it wanted: no message, no stack, and the gate's own exit
  // code (0 or 1), never 2, which would read as a usage error.
  it('ends quietly on a closed pipe with the gate exit code', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${cliPath}" scan "${plan}" --format html | head -c1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`,
      ],
      {
        encoding: 'utf8',
      },
    );
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^exit [01]$/);
  });
});

describe('symbolic links planted in an evidence directory', () => {
  it('refuses a dangling link and creates nothing outside the directory', () => {
    const evidence = join(dir, 'evidence-dangling');
    const outside = join(dir, 'outside-dangling');
    mkdirSync(evidence);
    mkdirSync(outside);
    symlinkSync(join(outside, 'created.sarif'), join(evidence, 'airgap-audit.sarif'));
    const r = runCli(['scan', plan, '--format', 'sarif', '--output-dir', evidence]);
    oneLineError(r);
    expect(r.stderr).toContain('is a symbolic link; refusing to write evidence through it');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a link to an existing empty file and leaves that file alone', () => {
    const evidence = join(dir, 'evidence-empty');
    mkdirSync(evidence);
    const victim = join(dir, 'victim-empty');
    writeFileSync(victim, '');
    symlinkSync(victim, join(evidence, 'manifest.json'));
    const r = runCli(['scan', plan, '--format', 'json', '--output-dir', evidence]);
    oneLineError(r);
    expect(readFileSync(victim, 'utf8')).toBe('');
    expect(existsSync(join(evidence, 'airgap-audit.json'))).toBe(true);
  });
});

describe('terminal escape sequences in plan strings', () => {
  it('shows them as visible escapes in text and markdown, never raw', () => {
    const key =
      'x\u001b[2K\r\u001b[1A\u001b[2K\u001b[32m  (all good)\u001b[0m\n\n0 failed, 99 passed\u001b]0;pwned\u0007\u001b[8m\u009b2J\u202e';
    const file = join(dir, 'ansi.json');
    writeFileSync(
      file,
      JSON.stringify(
        buildPlan({
          resources: [
            { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' } },
            {
              address: `aws_internet_gateway.gw["${key}"]`,
              values: { tags: {} },
              unknown: { vpc_id: true },
              expressions: { vpc_id: ref('aws_vpc.main.id') },
            },
          ],
        }),
      ),
    );
    for (const format of ['text', 'markdown']) {
      const r = runCli(['scan', file, '--format', format]);
      expect(r.code, r.stderr).toBe(1);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(r.stdout, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      // Text shows them as escapes; markdown (like XML and HTML) drops the C0 ones and escapes the rest.
      if (format === 'text') expect(r.stdout).toContain('x\\x1b[2K\\x0d');
      expect(r.stdout.split('\n').some((l) => l.startsWith('0 failed, 99 passed'))).toBe(false);
    }
  });
});
