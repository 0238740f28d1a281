/**
 * The hashing worker's nesting-depth scan, in WebAssembly SIMD and in the JavaScript loop it falls back to, must
 * measure exactly what a byte-by-byte walk measures, wherever the read boundaries fall (inside an escape, between
 * backslashes, on a quote, in the middle of a 16-byte block). Inputs: the seeded awkward JSON texts of the parser
 * tests, and strings dense with backslashes and escaped quotes.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { depthScanModule } from '../../src/input/depthScanWasm.js';
import { type DepthScan, startFileDigest } from '../../src/input/fileDigest.js';
import { createRandom, randomJsonText } from './randomJson.js';

/** The reference: every byte visited, string and escape state tracked one byte at a time. */
function referenceDepth(bytes: Buffer): number {
  let depth = 0;
  let maxDepth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) maxDepth = Math.max(maxDepth, ++depth);
    else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return maxDepth;
}

const temp = mkdtempSync(join(tmpdir(), 'airgap-audit-depth-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function workerDepth(
  bytes: Buffer,
  chunkBytes: number | undefined,
  depthScan?: 'simd' | 'bytes',
): Promise<{ maxDepth: number; depthScan: DepthScan }> {
  const path = join(temp, 'input.json');
  writeFileSync(path, bytes);
  const fd = openSync(path, 'r');
  try {
    return await startFileDigest(fd, { measureDepth: true, chunkBytes, depthScan }).result;
  } finally {
    closeSync(fd);
  }
}

/** Strings of backslash runs, escaped quotes and brackets, nested a random number of levels. */
function backslashHeavy(seed: number): string {
  const random = createRandom(seed);
  const piece = (): string =>
    random.pick(['\\\\', '\\"', '[', ']', '{', '}', 'a', '\\\\\\"', '\\\\\\\\', '\\u0022', '"', ' ']);
  const stringOf = (): string =>
    `"${Array.from({ length: random.int(0, 12) }, piece)
      .join('')
      .replace(/(?<!\\)"/g, '\\"')}"`;
  let text = stringOf();
  for (let level = random.int(0, 8); level > 0; level--)
    text = random.next() < 0.5 ? `[${stringOf()},${text},${stringOf()}]` : `{${stringOf()}:${text}}`;
  return text;
}

describe('nesting-depth scan in the hashing worker', () => {
  it('uses the WebAssembly SIMD scan by default, the module being valid here', async () => {
    expect(WebAssembly.validate(depthScanModule(1))).toBe(true);
    expect(await workerDepth(Buffer.from('{"a":[[{"b":"]]]\\\\"}]]}'), undefined)).toMatchObject({
      maxDepth: 4,
      depthScan: 'simd',
    });
    expect((await workerDepth(Buffer.from('[[]]'), undefined, 'bytes')).depthScan).toBe('bytes');
  });

  it.each(['simd', 'bytes'] as const)(
    '%s: never counts bytes left in the buffer by a longer read before',
    async (scan) => {
      // A read of 16 bytes reaching depth 9 and leaving 2, then one of a single byte: the 15 after it in the
      // buffer are the first read's, eight of them openings, which would make 3 + 8 = 11.
      const bytes = Buffer.from(`${'['.repeat(9)}${']'.repeat(7)}[`);
      expect(referenceDepth(bytes)).toBe(9);
      expect(await workerDepth(bytes, 16, scan)).toMatchObject({ maxDepth: 9, depthScan: scan });
    },
  );

  it.each(['simd', 'bytes'] as const)(
    '%s: matches a byte-by-byte walk at every read size',
    async (scan) => {
      const texts = [
        ...Array.from({ length: 24 }, (_, seed) => randomJsonText(createRandom(seed + 1), 6)),
        ...Array.from({ length: 48 }, (_, seed) => backslashHeavy(seed + 1)),
        '"\\\\"[[',
        '["\\\\\\"]"]',
        '{"a":"\\\\\\\\"}[[[',
      ];
      // Eight files of several texts each, a text wrapped in a few more levels than the one before, so that a string
      // misread anywhere changes the file's depth; one worker per file and read size keeps the test quick.
      const groups = Array.from({ length: 8 }, (_, g) =>
        texts.filter((_, i) => i % 8 === g).map((text, i) => `${'['.repeat(i)}${text}${']'.repeat(i)}`),
      );
      for (const group of groups) {
        const bytes = Buffer.from(`[${group.join(',')}]`);
        const expected = referenceDepth(bytes);
        for (const chunkBytes of [1, 2, 3, 7, 15, 16, 17, 64, 1024 * 1024]) {
          expect(await workerDepth(bytes, chunkBytes, scan), `${chunkBytes}-byte reads`).toMatchObject({
            maxDepth: expected,
            depthScan: scan,
          });
        }
      }
      expect(texts.filter((text) => referenceDepth(Buffer.from(text)) > 2).length).toBeGreaterThan(20);
    },
    120_000,
  );
});
