/**
 * Reads one JSON input (a file, a pipe, or stdin as `-`) into a value, its SHA-256 and size.
 *
 * Every problem becomes an InputError naming the input, on one line, so the CLI can print it and exit 2. Inputs up to
 * the stream threshold are parsed whole with JSON.parse (wholeInput.ts); larger ones, which may not fit one JavaScript
 * string at all, chunk by chunk with the streaming parser (streamedInput.ts). Both return the same value and report
 * syntax errors alike. An input past the input limit (default 2 GiB, `--max-input-size`) is refused naming the limit:
 * a pipe that never ends (an endless stream of small values) would otherwise grow the parsed value without bound.
 */
import { constants as bufferConstants } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { startFileDigest } from './fileDigest.js';
import { describeFileSystemError } from './fileSystemErrors.js';
import { InputError } from './inputError.js';
import { DEFAULT_MAX_INPUT_BYTES, EmptyInputError, InputProblem, inputTooLarge } from './inputProblems.js';
import { parseChunks } from './streamedInput.js';
import { JsonSyntaxError } from './streamingJsonParser.js';
import { TextDecodingError } from './textEncoding.js';
import {
  PARALLEL_DIGEST_MIN_BYTES,
  parseLargeWholeFile,
  parseWholeBytes,
  parseWholeFile,
  type ParsedBytes,
} from './wholeInput.js';

export { DEFAULT_MAX_INPUT_BYTES };

export interface ParsedInput {
  /** The path as given (`-` for stdin). */
  path: string;
  value: unknown;
  /** Hex SHA-256 of the raw bytes as given, byte-order mark and all. */
  sha256: string;
  /** Count of the raw bytes. */
  bytes: number;
}

export interface ReadJsonOptions {
  /** Read this instead of process.stdin when the path is `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Inputs larger than this many bytes are parsed as a stream. */
  streamThresholdBytes?: number;
  /** Inputs larger than this many bytes are refused (default DEFAULT_MAX_INPUT_BYTES). */
  maxInputBytes?: number;
}

export const STDIN_PATH = '-';
export const STDIN_LABEL = '<stdin>';

/**
 * Each UTF-8 byte decodes to at most one UTF-16 code unit, so an input of at most MAX_STRING_LENGTH bytes always fits
 * one string. The 1 MiB margin keeps the whole-input path clear of the limit itself.
 */
export const DEFAULT_STREAM_THRESHOLD_BYTES = bufferConstants.MAX_STRING_LENGTH - 1024 * 1024;

/** Chunk size for streamed reads: large enough that per-chunk costs vanish, small enough not to show in memory. */
const STREAM_CHUNK_BYTES = 1024 * 1024;

export async function readJsonInput(path: string, options: ReadJsonOptions = {}): Promise<ParsedInput> {
  const label = path === STDIN_PATH ? STDIN_LABEL : path;
  const limits: Limits = {
    threshold: options.streamThresholdBytes ?? DEFAULT_STREAM_THRESHOLD_BYTES,
    max: options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
  };
  try {
    const parsed = path === STDIN_PATH ? await readStream(stdinChunks(options), limits) : await readFile(path, limits);
    return { path, ...parsed };
  } catch (error) {
    throw toInputError(label, error);
  }
}

function stdinChunks(options: ReadJsonOptions): AsyncIterable<Buffer> {
  if (options.stdin === undefined && process.stdin.isTTY === true) {
    // Waiting on a terminal would look like a hang: the user meant to pipe a plan in.
    throw new InputProblem('stdin is a terminal; pipe a plan in: terraform show -json PLANFILE | airgap-audit scan -');
  }
  return toBufferChunks(options.stdin ?? process.stdin);
}

async function* toBufferChunks(stream: NodeJS.ReadableStream): AsyncIterable<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

interface Limits {
  /** Past this many bytes the input is parsed as a stream. */
  threshold: number;
  /** Past this many bytes the input is refused. */
  max: number;
}

async function readFile(path: string, limits: Limits): Promise<ParsedBytes> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new InputProblem('is a directory, not a JSON file');
    const chunks = (): AsyncIterable<Buffer> =>
      toBufferChunks(handle.createReadStream({ highWaterMark: STREAM_CHUNK_BYTES, autoClose: false }));
    // A pipe or device (`scan <(terraform show -json plan)`) has no size until read.
    if (!stats.isFile()) return await readStream(chunks(), limits);
    // procfs and sysfs files say 0 bytes and still have content: read them as a stream.
    if (stats.size === 0) return await readStream(chunks(), limits);
    if (stats.size > limits.max) throw inputTooLarge(limits.max);
    if (stats.size <= limits.threshold) {
      return stats.size >= PARALLEL_DIGEST_MIN_BYTES ? await parseLargeWholeFile(handle.fd) : parseWholeFile(handle.fd);
    }
    // A file that grows while it is read is still held to the limit.
    return await parseChunks(chunks(), startFileDigest(handle.fd, { measureDepth: false }), limits.max);
  } finally {
    await handle.close();
  }
}

/** Reads a stream of unknown size: whole while it stays within the threshold, streamed once it passes it. */
async function readStream(chunks: AsyncIterable<Buffer>, limits: Limits): Promise<ParsedBytes> {
  const iterator = chunks[Symbol.asyncIterator]();
  const prefix: Buffer[] = [];
  let total = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    prefix.push(next.value);
    total += next.value.length;
    if (total > limits.max) throw inputTooLarge(limits.max);
    if (total > limits.threshold) return parseChunks(prefixThenRest(prefix, iterator), undefined, limits.max);
  }
  if (total === 0) throw new EmptyInputError();
  return parseWholeBytes({ raw: Buffer.concat(prefix.splice(0), total) });
}

async function* prefixThenRest(prefix: Buffer[], rest: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  // shift() releases each buffered chunk as soon as it has been parsed.
  for (let chunk = prefix.shift(); chunk !== undefined; chunk = prefix.shift()) yield chunk;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/** Turns whatever went wrong into the one-line InputError the CLI prints. */
function toInputError(label: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  if (error instanceof EmptyInputError) {
    return new InputError(label, label === STDIN_LABEL ? 'no input on stdin (0 bytes)' : 'file is empty (0 bytes)');
  }
  if (error instanceof InputProblem) return new InputError(label, error.message);
  if (error instanceof TextDecodingError) return new InputError(label, error.problem);
  if (error instanceof JsonSyntaxError) return new InputError(label, describeSyntaxError(error));
  const fileSystemProblem = describeFileSystemError(error);
  if (fileSystemProblem !== undefined) return new InputError(label, fileSystemProblem);
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(label, `cannot read: ${message.split('\n')[0]}`);
}

function describeSyntaxError(error: JsonSyntaxError): string {
  const where = `line ${error.line}, column ${error.column}`;
  switch (error.kind) {
    case 'empty':
      return 'no JSON value: the input holds only whitespace';
    case 'truncated':
    case 'too-deep':
    case 'too-large':
      return `${error.problem} (at ${where})`;
    case 'not-json':
      return `not JSON: ${error.problem} (at ${where}); expected the output of terraform show -json`;
    case 'syntax':
      return `invalid JSON: ${error.problem} at ${where}`;
  }
}
