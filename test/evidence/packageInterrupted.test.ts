/**
 * An evidence package interrupted while it is written must not look complete: manifest.json, which vouches
 * for every output, is written last, and `verify` refuses a directory without it. The failure is real: the
 * file size limit (`ulimit -f`) stops the write of the second output after the first is on disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../support/cli.js';

const PLAN = join(repoRoot, 'fixtures', 'examples', 'bedrock-looks-private.plan.json');

function scanUnderFileLimit(blocks: number, dir: string) {
  return spawnSync(
    'bash',
    [
      '-c',
      `ulimit -f ${blocks}; exec "${process.execPath}" "${cliPath}" "$@"`,
      'bash',
      'scan',
      PLAN,
      '--format',
      'html,json',
      '--output-dir',
      dir,
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
}

describe('evidence package written midway', () => {
  it('leaves no manifest when the second output cannot be written, and verify refuses the directory', () => {
    // The sizes of the two outputs, from a run without limit, place the limit between them.
    const full = mkdtempSync(join(tmpdir(), 'package-full-'));
    expect(runCli(['scan', PLAN, '--format', 'html,json', '--output-dir', full]).code).toBe(1);
    const first = statSync(join(full, 'airgap-audit.html')).size;
    const second = statSync(join(full, 'airgap-audit.json')).size;
    // bash counts ulimit -f in 1024-byte blocks.
    const blocks = Math.ceil(first / 1024) + 1;
    expect(blocks * 1024).toBeLessThan(second);

    const dir = mkdtempSync(join(tmpdir(), 'package-cut-'));
    const r = scanUnderFileLimit(blocks, dir);
    expect({ code: r.status, stderr: r.stderr.trim() }).toEqual({
      code: 2,
      stderr: `airgap-audit: ${join(dir, 'airgap-audit.json')}: cannot write (EFBIG)`,
    });
    // The first output is there, whole; nothing vouches for it, and no temporary file is left.
    expect(readdirSync(dir)).toEqual(['airgap-audit.html']);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);

    const v = runCli(['verify', dir]);
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toContain('without it this is not a complete evidence package');
    // The complete package verifies.
    expect(runCli(['verify', full]).code).toBe(0);
  });
});
