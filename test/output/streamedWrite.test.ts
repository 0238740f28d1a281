import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeInDirectory, writeOutputFile } from '../../src/output/writeOutput.js';

/** Pieces that fail after some have been written: a reporter that throws while the file is half written. */
function* failingAfter(pieces: number): Generator<string> {
  for (let i = 0; i < pieces; i++) yield `piece ${i}\n`;
  throw new Error('reporter failed midway');
}

describe('a report written in pieces', () => {
  it('replaces the destination only when every piece was written: a failure midway keeps the previous report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stream-'));
    const dest = join(dir, 'report.json');
    writeFileSync(dest, 'previous report\n');
    expect(() => writeOutputFile(dest, failingAfter(1000))).toThrow();
    expect(readFileSync(dest, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('hashes exactly the bytes it writes, piece by piece, and writes a lone string as one piece', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stream-'));
    const seen: Buffer[] = [];
    const pieces = ['{"a":', Buffer.from('"é"'), '}\n'];
    writeInDirectory(dir, 'x.json', pieces, (chunk) => seen.push(chunk));
    expect(Buffer.concat(seen).toString('utf8')).toBe('{"a":"é"}\n');
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('{"a":"é"}\n');
    const calls: number[] = [];
    writeInDirectory(dir, 'y.txt', 'one string', (chunk) => calls.push(chunk.length));
    expect(calls).toEqual([10]);
  });

  it('writes every string piece as its own UTF-8 bytes, short ones through a reused buffer and long ones whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stream-'));
    const dest = join(dir, 'report.json');
    // Multi-byte characters, a surrogate pair, a lone surrogate, and pieces past the reused buffer's size.
    const pieces = ['{"a":"é€', '😀\ud800"', `,"b":"${'x'.repeat(100_000)}"`, `,"c":"${'€'.repeat(90_000)}"`, '}\n'];
    writeOutputFile(dest, pieces);
    expect(readFileSync(dest).equals(Buffer.concat(pieces.map((p) => Buffer.from(p, 'utf8'))))).toBe(true);
  });

  it('batches many short pieces into few writes, and hands a watcher batches it may keep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stream-'));
    // Past several batches, multi-byte characters throughout, a Buffer piece between strings.
    const pieces: Array<string | Buffer> = Array.from(
      { length: 6000 },
      (_, i) => `{"n":${i},"s":"é€😀${'x'.repeat(i % 97)}"},`,
    );
    pieces.splice(3000, 0, Buffer.from('"a buffer piece",'));
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    const kept: Buffer[] = [];
    writeInDirectory(dir, 'kept.json', pieces, (chunk) => kept.push(chunk));
    // Chunks are compared only now: a batch buffer reused after being handed over would have been overwritten.
    expect(Buffer.concat(kept).equals(expected)).toBe(true);
    expect(kept.length).toBeLessThan(20);
    expect(readFileSync(join(dir, 'kept.json')).equals(expected)).toBe(true);
    writeOutputFile(join(dir, 'plain.json'), pieces);
    expect(readFileSync(join(dir, 'plain.json')).equals(expected)).toBe(true);
  });

  it('keeps a file whole when the pieces of another are made by writing a file meanwhile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stream-'));
    const inner = join(dir, 'inner.txt');
    function* outerPieces(): Generator<string> {
      yield 'outer 1,';
      writeOutputFile(inner, ['inner 1,', 'inner 2\n']);
      yield 'outer 2\n';
    }
    writeOutputFile(join(dir, 'outer.txt'), outerPieces());
    expect(readFileSync(join(dir, 'outer.txt'), 'utf8')).toBe('outer 1,outer 2\n');
    expect(readFileSync(inner, 'utf8')).toBe('inner 1,inner 2\n');
  });

  it('writes into a named pipe (as into /dev/null) instead of renaming a file over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stream-'));
    const fifo = join(dir, 'report.pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => {
      read += chunk.toString('utf8');
    });
    const closed = new Promise((done) => reader.on('close', done));
    writeOutputFile(fifo, ['{"a":', '1}\n']);
    const stillPipe = statSync(fifo).isFIFO();
    // A pipe renamed over never sees a writer: its reader would wait for ever.
    if (!stillPipe) reader.kill();
    expect(stillPipe).toBe(true);
    await closed;
    expect(read).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['report.pipe']);
  });
});
