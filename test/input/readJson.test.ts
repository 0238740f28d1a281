import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/inputError.js';
import { readJsonInput, type ReadJsonOptions } from '../../src/input/readJson.js';
import { jsonDifference } from './sameJson.js';

const temp = mkdtempSync(join(tmpdir(), 'airgap-audit-input-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let fileCount = 0;
function fileWith(content: string | Buffer): string {
  const path = join(temp, `input-${fileCount++}.json`);
  writeFileSync(path, content);
  return path;
}

function utf16le(text: string, bom: boolean): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string, bom: boolean): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), Buffer.from(text, 'utf16le').swap16()]);
}

async function problemOf(path: string, options?: ReadJsonOptions): Promise<InputError> {
  try {
    await readJsonInput(path, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw new Error(`expected an InputError, got ${String(error)}`);
  }
  throw new Error(`expected ${path} to be refused`);
}

const PLAN =
  '{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_vpc.main","values":{"cidr_block":"10.0.0.0/16","tags":{"Name":"é😀"}}}]}}}';

// Every case runs through the whole-input path and, with a zero threshold, through the streaming parser.
const paths: Array<[string, ReadJsonOptions]> = [
  ['whole input', {}],
  ['streamed input', { streamThresholdBytes: 0 }],
];

describe.each(paths)('readJsonInput (%s)', (_name, options) => {
  it('reads a plan and reports the SHA-256 and size of the raw bytes', async () => {
    const path = fileWith(PLAN);
    const parsed = await readJsonInput(path, options);
    expect(parsed.path).toBe(path);
    expect(jsonDifference(parsed.value, JSON.parse(PLAN))).toBeUndefined();
    expect(parsed.bytes).toBe(Buffer.byteLength(PLAN));
    expect(parsed.sha256).toBe(createHash('sha256').update(PLAN).digest('hex'));
  });

  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAN)])],
    ['UTF-16LE with BOM (PowerShell >)', utf16le(PLAN, true)],
    ['UTF-16BE with BOM', utf16be(PLAN, true)],
    ['UTF-16LE without BOM', utf16le(PLAN, false)],
    ['UTF-16BE without BOM', utf16be(PLAN, false)],
    ['UTF-16LE with leading whitespace', utf16le(`\r\n ${PLAN}`, true)],
  ])('reads %s, hashing the bytes as given', async (_encoding, bytes) => {
    const parsed = await readJsonInput(fileWith(bytes), options);
    expect(jsonDifference(parsed.value, JSON.parse(PLAN))).toBeUndefined();
    expect(parsed.bytes).toBe(bytes.length);
    expect(parsed.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it.each([
    ['a missing file', () => join(temp, 'does-not-exist.json'), /: no such file$/],
    [
      'a directory',
      () => {
        const dir = join(temp, `dir-${fileCount++}`);
        mkdirSync(dir);
        return dir;
      },
      /: is a directory, not a JSON file$/,
    ],
    ['a 0-byte file', () => fileWith(''), /: file is empty \(0 bytes\)$/],
    ['whitespace only', () => fileWith(' \n\t\r\n '), /: no JSON value: the input holds only whitespace$/],
    ['a BOM and nothing else', () => fileWith(Buffer.from([0xef, 0xbb, 0xbf])), /: no JSON value/],
    [
      'truncated JSON',
      () => fileWith(PLAN.slice(0, 85)),
      /: truncated JSON: the input ends inside a string after 85 bytes, 5 unclosed brackets \(at line 1, column 86\)$/,
    ],
    [
      'truncated between values',
      () => fileWith('{\n  "a": [1,\n'),
      /: truncated JSON: .*2 unclosed brackets \(at line 3, column 1\)$/,
    ],
    [
      'HCL instead of JSON',
      () => fileWith('resource "aws_vpc" "main" {\n}\n'),
      /: not JSON: unexpected 'r' where a JSON value should start \(at line 1, column 1\)/,
    ],
    [
      'a syntax error',
      () => fileWith('{\n "a": 1,\n "b" 2\n}'),
      /: invalid JSON: expected ':' after a property name but found '2' at line 3, column 6$/,
    ],
    [
      'a top-level array',
      () => fileWith('[{"format_version":"1.2"}]'),
      /: the top level is an array, not a JSON object/,
    ],
    ['a top-level string', () => fileWith('"plan"'), /: the top level is a string, not a JSON object/],
    ['a top-level null', () => fileWith('null'), /: the top level is null, not a JSON object/],
    ['a top-level number', () => fileWith('42'), /: the top level is a number, not a JSON object/],
    [
      'invalid UTF-8',
      () => fileWith(Buffer.concat([Buffer.from('{"a":"caf'), Buffer.from([0xe9]), Buffer.from('"}')])),
      /: invalid UTF-8 at byte 9 \(0xe9 0x22 0x7d\)/,
    ],
    [
      'a UTF-8 sequence cut at the end',
      () => fileWith(Buffer.concat([Buffer.from('{"a":"x"} '), Buffer.from([0xe2, 0x82])])),
      /: invalid UTF-8 at byte 10/,
    ],
    [
      'an overlong UTF-8 encoding',
      () => fileWith(Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])),
      /: invalid UTF-8 at byte 6/,
    ],
    [
      'UTF-16 with an unpaired surrogate',
      () => fileWith(Buffer.concat([utf16le('{"a":"', true), Buffer.from([0x00, 0xd8]), utf16le('"}', false)])),
      /: invalid UTF-16LE/,
    ],
    [
      'UTF-16 with an odd byte count',
      () => fileWith(Buffer.concat([utf16le(PLAN, true), Buffer.from([0x20])])),
      /: invalid UTF-16LE/,
    ],
    ['UTF-32', () => fileWith(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0, 0x7d, 0, 0, 0])), /: the file is UTF-32/],
    [
      'a binary plan file',
      () => fileWith(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])),
      /: this is a binary Terraform plan file, not JSON: convert it with terraform show -json/,
    ],
    [
      '100,000 levels of nesting',
      () => fileWith(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
      /: nesting too deep: more than 1000 levels/,
    ],
  ])('refuses %s with one line naming the file', async (_case, makePath, expected) => {
    const path = makePath();
    const error = await problemOf(path, options);
    expect(error.message).toMatch(expected);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.file).toBe(path);
    expect(error.message).not.toContain('\n');
  });

  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file: permission denied', async () => {
    const path = fileWith(PLAN);
    chmodSync(path, 0o000);
    expect((await problemOf(path, options)).message).toBe(`${path}: permission denied`);
  });

  it('keeps __proto__ and constructor as own data properties without touching prototypes', async () => {
    const text = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":{"__proto__":[1]}}';
    const parsed = await readJsonInput(fileWith(text), options);
    const value = parsed.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'a']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(jsonDifference(value, JSON.parse(text))).toBeUndefined();
  });

  it('reads stdin from a Readable as `-` and names it <stdin> in errors', async () => {
    const stdin = Readable.from([Buffer.from(PLAN.slice(0, 10)), Buffer.from(PLAN.slice(10))]);
    const parsed = await readJsonInput('-', { ...options, stdin });
    expect(parsed.path).toBe('-');
    expect(jsonDifference(parsed.value, JSON.parse(PLAN))).toBeUndefined();
    expect(parsed.sha256).toBe(createHash('sha256').update(PLAN).digest('hex'));

    const truncated = await problemOf('-', { ...options, stdin: Readable.from([Buffer.from('{"a":')]) });
    expect(truncated.message).toMatch(/^<stdin>: truncated JSON/);
    expect((await problemOf('-', { ...options, stdin: Readable.from([]) })).message).toBe(
      '<stdin>: no input on stdin (0 bytes)',
    );
  });

  it('reads UTF-16LE from stdin split at odd byte boundaries', async () => {
    const bytes = utf16le(PLAN, true);
    const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 6), bytes.subarray(6, 77), bytes.subarray(77)];
    const parsed = await readJsonInput('-', { ...options, stdin: Readable.from(pieces) });
    expect(jsonDifference(parsed.value, JSON.parse(PLAN))).toBeUndefined();
    expect(parsed.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

function hasMkfifo(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v mkfifo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(process.platform === 'win32' || !hasMkfifo())(
  'readJsonInput on a named pipe (scan <(terraform show -json plan))',
  () => {
    it.each(paths)('reads it through the %s path, and names it in errors', async (_name, options) => {
      const fifo = join(temp, `pipe-${fileCount++}`);
      execFileSync('mkfifo', [fifo]);
      const planPath = fileWith(PLAN);
      const writer = spawn('sh', ['-c', `cat "${planPath}" > "${fifo}"`]);
      const written = new Promise((resolve) => writer.once('exit', resolve));
      const parsed = await readJsonInput(fifo, options);
      expect(jsonDifference(parsed.value, JSON.parse(PLAN))).toBeUndefined();
      expect(parsed.sha256).toBe(createHash('sha256').update(PLAN).digest('hex'));
      await written;

      const truncatedPipe = join(temp, `pipe-${fileCount++}`);
      execFileSync('mkfifo', [truncatedPipe]);
      const truncatedWriter = spawn('sh', ['-c', `printf '{"a":' > "${truncatedPipe}"`]);
      const truncatedWritten = new Promise((resolve) => truncatedWriter.once('exit', resolve));
      expect((await problemOf(truncatedPipe, options)).message).toMatch(
        new RegExp(`^${truncatedPipe}: truncated JSON`),
      );
      await truncatedWritten;
    });
  },
);

describe('readJsonInput on the corpus', () => {
  const corpus = join(import.meta.dirname, '../../fixtures/corpus');
  const files = readdirSync(corpus).filter((name) => name.endsWith('.json'));
  it.each(files)('reads %s identically whole and streamed', async (name) => {
    const path = join(corpus, name);
    const bytes = readFileSync(path);
    const whole = await readJsonInput(path);
    const streamed = await readJsonInput(path, { streamThresholdBytes: 0 });
    expect(jsonDifference(streamed.value, JSON.parse(bytes.toString('utf8')))).toBeUndefined();
    expect(jsonDifference(whole.value, streamed.value)).toBeUndefined();
    expect(streamed.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(whole.sha256).toBe(streamed.sha256);
    expect(whole.bytes).toBe(bytes.length);
  });

  it('switches stdin to streaming once it passes the threshold', async () => {
    const bytes = readFileSync(join(corpus, files[0]));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) =>
      bytes.subarray(i * 1000, (i + 1) * 1000),
    );
    const parsed = await readJsonInput('-', { stdin: Readable.from(chunks), streamThresholdBytes: 5000 });
    expect(jsonDifference(parsed.value, JSON.parse(bytes.toString('utf8')))).toBeUndefined();
    expect(parsed.bytes).toBe(bytes.length);
  });
});
