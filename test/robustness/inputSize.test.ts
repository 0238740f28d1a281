/**
 * The input limit: an endless stream of many small values (not one huge string, which the value limit
 * catches) is refused once it passes the limit, naming the limit and the flag that raises it; the same
 * for a file larger than the limit, which is refused before it is read. Exit 2 from the CLI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/inputError.js';
import { DEFAULT_MAX_INPUT_BYTES, readJsonInput } from '../../src/input/readJson.js';
import { cliPath, repoRoot } from '../support/cli.js';

const MiB = 1024 * 1024;

/** `{"resources":[` then `{"a":1},` without end, in 64 KiB chunks; counts what was pulled. */
function endlessValues(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const piece = '{"a":1,"b":[true,null]},';
  const chunk = Buffer.from(piece.repeat(Math.floor((64 * 1024) / piece.length)));
  let first = true;
  const stream = new Readable({
    read() {
      const out = first ? Buffer.concat([Buffer.from('{"resources":['), chunk]) : chunk;
      first = false;
      pulled += out.length;
      this.push(out);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('input size limit', () => {
  it('is 2 GiB by default', () => {
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(2048 * MiB);
  });

  it.each([
    ['parsed whole (under the stream threshold)', undefined],
    ['streamed (past the stream threshold)', MiB],
  ])('refuses an endless stream of small values on stdin, %s', async (_, streamThresholdBytes) => {
    const { stream, pulled } = endlessValues();
    const err = await readJsonInput('-', { stdin: stream, maxInputBytes: 8 * MiB, streamThresholdBytes }).catch(
      (e: unknown) => e,
    );
    stream.destroy();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      '<stdin>: larger than the input limit of 8 MiB; --max-input-size <MiB> raises it for a plan this large',
    );
    // Read no further than the limit and the chunks in flight.
    expect(pulled()).toBeLessThan(8 * MiB + 1 * MiB);
  });

  it('refuses a file larger than the limit before reading it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'input-size-')), 'plan.json');
    writeFileSync(file, `{"a":"${'x'.repeat(2 * MiB)}"}`);
    await expect(readJsonInput(file, { maxInputBytes: MiB })).rejects.toThrow(
      `${file}: larger than the input limit of 1 MiB; --max-input-size <MiB> raises it for a plan this large`,
    );
    // Under a raised limit the same file reads.
    await expect(readJsonInput(file, { maxInputBytes: 3 * MiB })).resolves.toMatchObject({ bytes: 2 * MiB + 8 });
  });

  it('the CLI ends an endless pipe of small values with one line and exit 2', async () => {
    const child = spawn(process.execPath, [cliPath, 'scan', '-', '--max-input-size', '4'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const { stream } = endlessValues();
    stream.pipe(child.stdin);
    // The CLI stops reading and exits; the pipe then breaks, which is the feeder's concern, not the scan's.
    child.stdin.on('error', () => undefined);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    stream.destroy();
    expect(code).toBe(2);
    expect(stderr).toBe(
      'airgap-audit: <stdin>: larger than the input limit of 4 MiB; --max-input-size <MiB> raises it for a plan this large\n',
    );
  }, 60_000);

  it('the CLI refuses a malformed limit and the limit on a live scan', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const bad = await run(['scan', 'x.json', '--max-input-size', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-input-size: "1.5" is not a whole number of MiB');
    const live = await run(['scan', '--aws', '--max-input-size', '10']);
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('--max-input-size: applies to plan input only');
  }, 60_000);
});
