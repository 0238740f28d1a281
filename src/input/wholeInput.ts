/**
 * Parsing an input held whole: one string for V8's native JSON.parse, which is several times faster than any parser
 * written in JavaScript. Used for every input up to the stream threshold.
 */
import { createHash } from 'node:crypto';
import { fstatSync, readSync } from 'node:fs';
import { startFileDigest } from './fileDigest.js';
import { collectGarbageNow } from './fullCollection.js';
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
 * Parses a regular file from its descriptor. A plain UTF-8 file (the usual case) is read into one Buffer of the file's
 * size and decoded once: `readFileSync(path, 'utf8')` grows its copy while reading and costs about twice the CPU.
 * Anything else goes through the byte path.
 */
export function parseWholeFile(fd: number): ParsedBytes {
  if (isPlainUtf8File(fd)) {
    const plain = decodePlain(fd);
    if (plain !== undefined) return parseDecoded(plain);
  }
  return parseWholeBytes({ raw: readAllPositional(fd) });
}

/**
 * The file as text with its hash, or undefined when it is not valid UTF-8: the decoder turns malformed bytes into
 * U+FFFD, so without one the bytes were valid UTF-8.
 */
function decodePlain(fd: number): DecodedText | undefined {
  const raw = readAllPositional(fd);
  const text = raw.toString('utf8');
  if (text.includes('\uFFFD')) return undefined;
  return { text, sha256: createHash('sha256').update(raw).digest('hex'), bytes: raw.length };
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
    const plain = readLargePlainText(fd);
    if (plain.text === undefined) {
      await digest.cancel();
      return parseWholeBytes({ raw: readAllPositional(fd) });
    }
    const textBytes = plain.bytes;
    const value = parseText(plain.text);
    plain.text = undefined;
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

/**
 * The text alone (the worker hashes the file meanwhile), undefined when it is not valid UTF-8 (see decodePlain).
 * Left to V8, a Buffer the size of a large input can outlive the parse and add the file's size to the scan's peak
 * memory, so once it is unreachable a full collection releases it. Not a young-generation one: allocating that much
 * memory outside the heap makes V8 collect while the Buffer is still held, which moves it to the old generation.
 * V8 then frees the bytes on a background thread, within milliseconds and long before the parse of a file this size
 * reaches its peak. The collection costs little here, with only the text and the loaded code in the heap. The Buffer
 * lives only in decodeText's frame: an interpreter frame that had held it in a register would keep it alive.
 */
function readLargePlainText(fd: number): { text: string | undefined; bytes: number } {
  const decoded = decodeText(fd);
  collectGarbageNow();
  return { text: decoded.text.includes('\uFFFD') ? undefined : decoded.text, bytes: decoded.bytes };
}

function decodeText(fd: number): { text: string; bytes: number } {
  const raw = readAllPositional(fd);
  return { text: raw.toString('utf8'), bytes: raw.length };
}

/** Whether the file starts like plain UTF-8 JSON: no byte-order mark, no UTF-16 NULs, not a ZIP archive. */
function isPlainUtf8File(fd: number): boolean {
  const head = Buffer.alloc(ENCODING_SNIFF_BYTES);
  const headLength = readSync(fd, head, 0, head.length, 0); // positional: later reads still start at 0
  if (headLength === 0) throw new EmptyInputError();
  const encoding = detectEncoding(head.subarray(0, headLength));
  return encoding.encoding === 'utf-8' && encoding.bomLength === 0 && !startsWithZipMagic(head);
}

/**
 * Reads the whole file from offset 0 whatever the descriptor's position, into one Buffer of the size fstat gives (no
 * copy on the way); a file that grew meanwhile is read to its end in further chunks.
 */
function readAllPositional(fd: number): Buffer {
  const size = fstatSync(fd).size;
  const first = Buffer.allocUnsafeSlow(Math.max(size, 1));
  let filled = 0;
  while (filled < first.length) {
    const length = readSync(fd, first, filled, first.length - filled, filled); // positional
    if (length === 0) return first.subarray(0, filled);
    filled += length;
  }
  const chunks: Buffer[] = [first];
  let position = filled;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const length = readSync(fd, chunk, 0, chunk.length, position);
    if (length === 0) return chunks.length === 1 ? first : Buffer.concat(chunks, position);
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
