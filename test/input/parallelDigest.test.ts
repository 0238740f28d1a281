import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFileDigest } from '../../src/input/fileDigest.js';
import { readJsonInput } from '../../src/input/readJson.js';
import { PARALLEL_DIGEST_MIN_BYTES, parseLargeWholeFile } from '../../src/input/wholeInput.js';
import { jsonDifference } from './sameJson.js';

const temp = mkdtempSync(join(tmpdir(), 'airgap-audit-digest-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let count = 0;

/** Runs `use` with a descriptor for a temp file holding `content`, closing it afterwards. */
async function withFile<T>(content: string | Buffer, use: (fd: number) => Promise<T>): Promise<T> {
  const path = join(temp, `f-${count++}.json`);
  writeFileSync(path, content);
  const fd = openSync(path, 'r');
  try {
    return await use(fd);
  } finally {
    closeSync(fd);
  }
}

describe('hashing on a worker thread', () => {
  it('hashes the bytes and measures nesting outside strings', async () => {
    const text = '{"a":[[{"b":"[[[{{{\\"]]]"}]],"c":{}}';
    const digest = await withFile(text, (fd) => startFileDigest(fd, { measureDepth: true }).result);
    expect(digest).toEqual({
      sha256: createHash('sha256').update(text).digest('hex'),
      bytes: text.length,
      maxDepth: 4,
      depthScan: 'simd',
    });
  });

  it('parses a file while the worker hashes it, exactly as JSON.parse', async () => {
    const text = readFileSync(
      join(import.meta.dirname, '../../fixtures/corpus/ckv__kitchen-sink-55-resources-vpc-igw-kms-iam-s3.json'),
      'utf8',
    );
    const parsed = await withFile(text, (fd) => parseLargeWholeFile(fd));
    expect(jsonDifference(parsed.value, JSON.parse(text))).toBeUndefined();
    expect(parsed.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(parsed.bytes).toBe(Buffer.byteLength(text));
  });

  it.each([
    ['100,000 levels of nesting', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /nesting too deep/],
    ['truncated JSON', '{"a": [1, 2', /truncated JSON/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /invalid UTF-8 at byte 6/],
    ['a top-level array', '[1]', /top level is an array/],
  ])('refuses %s', async (_case, content, expected) => {
    await expect(withFile(content, (fd) => parseLargeWholeFile(fd))).rejects.toThrow(expected);
  });

  it('reads UTF-16 through the byte path', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"é"}', 'utf16le')]);
    const parsed = await withFile(bytes, (fd) => parseLargeWholeFile(fd));
    expect(parsed.value).toEqual({ a: 'é' });
    expect(parsed.bytes).toBe(bytes.length);
  });

  it('is what readJsonInput uses for a file past the parallel threshold', async () => {
    const element = JSON.stringify({
      address: 'module.x["k"].aws_vpc.main',
      values: { cidr_block: '10.0.0.0/16', tags: { Name: 'é' } },
    });
    const repeats = Math.ceil((PARALLEL_DIGEST_MIN_BYTES + 1024) / (element.length + 1));
    const text = `{"resource_changes":[${Array.from({ length: repeats }, () => element).join(',')}]}`;
    const path = join(temp, 'large.json');
    writeFileSync(path, text);
    const parsed = await readJsonInput(path);
    expect(parsed.bytes).toBe(Buffer.byteLength(text));
    expect(parsed.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect((parsed.value as { resource_changes: unknown[] }).resource_changes).toHaveLength(repeats);
  });
});

describe('memory while a large input is parsed', () => {
  it('has released the bytes it read before JSON.parse starts', async () => {
    const size = PARALLEL_DIGEST_MIN_BYTES + 4 * 1024 * 1024;
    const filler = 'x'.repeat(1000);
    const items = Array.from({ length: Math.ceil(size / (filler.length + 3)) }, () => filler);
    const text = JSON.stringify({ items });
    const parse = JSON.parse;
    const outsideHeap: number[] = [];
    // Peak memory is JSON.parse building the value beside the text; a Buffer of the file still held then adds its size.
    // V8 frees an unreachable Buffer's bytes on a background thread after the collection, which a loaded machine may
    // not have run yet when the parse starts: so wait for it, a few milliseconds when the Buffer is unreachable and
    // forever (cut at 5 s) when it is still held.
    JSON.parse = (source: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
      outsideHeap.push(arrayBuffersOnceBelow(text.length / 4, 5000));
      return parse(source, reviver);
    };
    try {
      const parsed = await withFile(text, (fd) => parseLargeWholeFile(fd));
      expect((parsed.value as { items: string[] }).items).toHaveLength(items.length);
    } finally {
      JSON.parse = parse;
    }
    expect(outsideHeap).toHaveLength(1);
    expect(outsideHeap[0]).toBeLessThan(text.length / 4);
  });
});

/** The bytes held outside V8's heap, polled until they fall below `limit` or `waitMs` have passed. */
function arrayBuffersOnceBelow(limit: number, waitMs: number): number {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + waitMs;
  let held = process.memoryUsage().arrayBuffers;
  while (held >= limit && Date.now() < deadline) {
    Atomics.wait(pause, 0, 0, 5); // blocks this thread only; V8's background threads go on freeing
    held = process.memoryUsage().arrayBuffers;
  }
  return held;
}
