/**
 * Parsing an input held whole: one string for V8's native JSON.parse, which is several times faster than any parser
 * written in JavaScript. Used for every input up to the stream threshold.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readSync } from 'node:fs';
import { startFileDigest } from './fileDigest.js';
import {
  binaryPlanProblem,
  EmptyInputError,
  InputProblem,
  nestingTooDeep,
  startsWithZipMagic,
} from './inputProblems.js';
import { checkNestingDepth, checkTopLevelIsObject } from './jsonShape.js';
import { MAX_NESTING_DEPTH, StreamingJsonParser } from './streamingJsonParser.js';
import { assertUtf8, decodeUtf16, detectEncoding, ENCODING_SNIFF_BYTES } from './textEncoding.js';

export interface ParsedBytes {
  value: unknown;
  sha256: string;
  bytes: number;
}

/** Raw bytes handed over in a box that is emptied once decoded, so nothing keeps them alive while JSON.parse runs. */
export interface RawBytes {
  raw: Buffer | undefined;
}

interface DecodedText {
  text: string;
  sha256: string;
  bytes: number;
}

function decodeBytes(raw: Buffer): DecodedText {
  if (raw.length === 0) throw new EmptyInputError();
  if (startsWithZipMagic(raw)) throw binaryPlanProblem();
  const encoding = detectEncoding(raw);
  const body = raw.subarray(encoding.bomLength);
  let text: string;
  if (encoding.encoding === 'utf-8') {
    assertUtf8(body, encoding.bomLength);
    text = body.toString('utf8');
  } else {
    text = decodeUtf16(body, encoding.encoding);
  }
  return { text, sha256: createHash('sha256').update(raw).digest('hex'), bytes: raw.length };
}

export function parseWholeBytes(source: RawBytes): ParsedBytes {
  const decoded = decodeBytes(source.raw ?? Buffer.alloc(0));
  source.raw = undefined;
  return parseDecoded(decoded);
}

/**
 * Parses a regular file from its descriptor. A plain UTF-8 file (the usual case) is read straight into a string, as
 * `readFileSync(path, 'utf8')` does, so no second copy of the file sits in a Buffer while JSON.parse builds the value:
 * that copy would add the file's size to peak memory. Anything else goes through the byte path.
 */
export function parseWholeFile(fd: number): ParsedBytes {
  if (isPlainUtf8File(fd)) {
    const text = readFileSync(fd, 'utf8');
    // The decoder turns malformed bytes into U+FFFD; without one the bytes were valid UTF-8, so encoding the text
    // again yields exactly the file's bytes, and hashing it hashes the file.
    if (!text.includes('\uFFFD')) {
      const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
      return parseDecoded({ text, sha256, bytes: Buffer.byteLength(text, 'utf8') });
    }
  }
  return parseWholeBytes({ raw: readAllPositional(fd) });
}

/**
 * Files at least this large are hashed and depth-checked on a second thread while JSON.parse runs; below it, starting
 * a worker costs more than it saves.
 */
export const PARALLEL_DIGEST_MIN_BYTES = 16 * 1024 * 1024;

/** As parseWholeFile, with the hash and the depth check done by a worker thread meanwhile (see fileDigest.ts). */
export async function parseLargeWholeFile(fd: number): Promise<ParsedBytes> {
  if (!isPlainUtf8File(fd)) return parseWholeBytes({ raw: readAllPositional(fd) });
  const digest = startFileDigest(fd, { measureDepth: true });
  try {
    const box: { text: string | undefined } = { text: readFileSync(fd, 'utf8') };
    if (box.text === undefined || box.text.includes('\uFFFD')) {
      await digest.cancel();
      return parseWholeBytes({ raw: readAllPositional(fd) });
    }
    const textBytes = Buffer.byteLength(box.text, 'utf8');
    const value = parseText(box.text);
    box.text = undefined;
    const { sha256, bytes, maxDepth } = await digest.result;
    if (bytes !== textBytes) throw new InputProblem('the file changed while it was being read');
    if (maxDepth > MAX_NESTING_DEPTH) throw nestingTooDeep();
    checkTopLevelIsObject(value);
    return { value, sha256, bytes };
  } catch (error) {
    await digest.cancel();
    throw error;
  }
}

/** Whether the file starts like plain UTF-8 JSON: no byte-order mark, no UTF-16 NULs, not a ZIP archive. */
function isPlainUtf8File(fd: number): boolean {
  const head = Buffer.alloc(ENCODING_SNIFF_BYTES);
  const headLength = readSync(fd, head, 0, head.length, 0); // positional: later reads still start at 0
  if (headLength === 0) throw new EmptyInputError();
  const encoding = detectEncoding(head.subarray(0, headLength));
  return encoding.encoding === 'utf-8' && encoding.bomLength === 0 && !startsWithZipMagic(head);
}

/** Reads the whole file from offset 0 whatever the descriptor's position. */
function readAllPositional(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const length = readSync(fd, chunk, 0, chunk.length, position);
    if (length === 0) return Buffer.concat(chunks, position);
    chunks.push(chunk.subarray(0, length));
    position += length;
  }
}

function parseDecoded(decoded: DecodedText): ParsedBytes {
  const value = parseText(decoded.text);
  checkNestingDepth(value, MAX_NESTING_DEPTH);
  checkTopLevelIsObject(value);
  return { value, sha256: decoded.sha256, bytes: decoded.bytes };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw nestingTooDeep();
    // V8's message has no line, and at the end of input no position: re-parse to say exactly where and what.
    const parser = new StreamingJsonParser();
    parser.write(Buffer.from(text, 'utf8'));
    parser.end();
    throw new InputProblem(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
