/**
 * Parsing an input held whole: one string for V8's native JSON.parse, which is several times faster than any parser
 * written in JavaScript. Used for every input up to the stream threshold.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readSync } from 'node:fs';
import { binaryPlanProblem, EmptyInputError, InputProblem, nestingTooDeep, startsWithZipMagic } from './inputProblems.js';
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
  const head = Buffer.alloc(ENCODING_SNIFF_BYTES);
  const headLength = readSync(fd, head, 0, head.length, 0); // positional: the read below still starts at 0
  if (headLength === 0) throw new EmptyInputError();
  const encoding = detectEncoding(head.subarray(0, headLength));
  if (encoding.encoding === 'utf-8' && encoding.bomLength === 0 && !startsWithZipMagic(head)) {
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
