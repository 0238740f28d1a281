/**
 * Parsing an input as a stream of chunks, for inputs past the stream threshold: nothing ever holds the whole text.
 * Each chunk is hashed as read, its encoding decided on the first bytes, UTF-16 transcoded and UTF-8 validated, then
 * fed to the streaming parser.
 */
import { createHash } from 'node:crypto';
import { binaryPlanProblem, EmptyInputError, startsWithZipMagic } from './inputProblems.js';
import { checkTopLevelIsObject } from './jsonShape.js';
import { StreamingJsonParser } from './streamingJsonParser.js';
import { detectEncoding, ENCODING_SNIFF_BYTES, Utf16ToUtf8Transcoder, Utf8StreamValidator } from './textEncoding.js';
import type { RunningDigest } from './fileDigest.js';
import { InputProblem, inputTooLarge } from './inputProblems.js';
import type { ParsedBytes } from './wholeInput.js';

/** Turns raw chunks into validated UTF-8 for the parser, once the first bytes have told the encoding. */
class ChunkDecoder {
  private head: Buffer | undefined = Buffer.alloc(0);
  private transcoder: Utf16ToUtf8Transcoder | undefined;
  private validator: Utf8StreamValidator | undefined;

  constructor(private readonly parser: StreamingJsonParser) {}

  push(chunk: Buffer): void {
    if (this.head === undefined) {
      this.feed(chunk);
      return;
    }
    // A tiny first chunk may not hold enough bytes to tell the encoding: gather them first.
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length >= ENCODING_SNIFF_BYTES) this.start();
  }

  end(): void {
    if (this.head !== undefined) this.start();
    if (this.transcoder !== undefined) this.parser.write(this.transcoder.end());
    this.validator?.end();
  }

  private start(): void {
    const first = this.head ?? Buffer.alloc(0);
    this.head = undefined;
    if (startsWithZipMagic(first)) throw binaryPlanProblem();
    const encoding = detectEncoding(first);
    if (encoding.encoding === 'utf-8') this.validator = new Utf8StreamValidator(encoding.bomLength);
    else this.transcoder = new Utf16ToUtf8Transcoder(encoding.encoding);
    this.feed(first.subarray(encoding.bomLength));
  }

  private feed(chunk: Buffer): void {
    const utf8 = this.transcoder === undefined ? chunk : this.transcoder.push(chunk);
    this.parser.write(this.validator === undefined ? utf8 : this.validator.push(utf8));
  }
}

/**
 * Parses a stream of chunks. With `digest` (a regular file, hashed by a worker thread meanwhile: see fileDigest.ts)
 * the main thread only parses; otherwise it hashes each chunk too.
 */
export async function parseChunks(
  chunks: AsyncIterable<Buffer>,
  digest?: RunningDigest,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<ParsedBytes> {
  const hash = digest === undefined ? createHash('sha256') : undefined;
  const parser = new StreamingJsonParser();
  const decoder = new ChunkDecoder(parser);
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      hash?.update(chunk);
      bytes += chunk.length;
      // Checked before parsing the chunk: an endless stream of small values must not grow the value past it.
      if (bytes > maxBytes) throw inputTooLarge(maxBytes);
      decoder.push(chunk);
    }
    if (bytes === 0) throw new EmptyInputError();
    decoder.end();
    const value = parser.end();
    checkTopLevelIsObject(value);
    if (digest === undefined) return { value, sha256: hash?.digest('hex') ?? '', bytes };
    const digested = await digest.result;
    if (digested.bytes !== bytes) throw new InputProblem('the file changed while it was being read');
    return { value, sha256: digested.sha256, bytes };
  } catch (error) {
    await digest?.cancel();
    throw error;
  }
}
