/**
 * Bounds on what one input may make the scanner hold: a string value past the limit (an endless
 * string on stdin, a value V8 could not hold) is refused with the limit named, after reading no more
 * than the limit; and a file whose size reads 0 (procfs) is read, not called empty.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/inputError.js';
import { readJsonInput } from '../../src/input/readJson.js';
import { MAX_STRING_VALUE_BYTES } from '../../src/input/streamingJsonParser.js';

/** `{"a":"` then `a` or `\n` escapes without end, in 1 MiB chunks; counts what was pulled. */
function endlessString(piece: string): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.from(piece.repeat((1024 * 1024) / piece.length));
  let first = true;
  const stream = new Readable({
    read() {
      const out = first ? Buffer.concat([Buffer.from('{"a":"'), chunk]) : chunk;
      first = false;
      pulled += out.length;
      this.push(out);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('input bounds', () => {
  it.each([
    ['plain characters', 'a'],
    ['escapes', '\\n'],
  ])(
    'refuses an endless string of %s on stdin at the limit, naming it',
    async (_, piece) => {
      const { stream, pulled } = endlessString(piece);
      const err = await readJsonInput('-', { stdin: stream, streamThresholdBytes: 1024 * 1024 }).catch(
        (e: unknown) => e,
      );
      stream.destroy();
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(
        /^<stdin>: a string value longer than 256 MiB \(the most one value may hold\)/,
      );
      expect(pulled()).toBeLessThan(MAX_STRING_VALUE_BYTES + 16 * 1024 * 1024);
    },
    120_000,
  );

  it('reads a file whose size reads 0 but has content (procfs)', async () => {
    const err = await readJsonInput('/proc/version').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('empty');
    expect((err as Error).message).toMatch(/^\/proc\/version: not JSON/);
  });
});
