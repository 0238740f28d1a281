/**
 * Hashing a large input on a second thread while the main thread parses it.
 *
 * SHA-256 of the raw bytes and the nesting-depth check each cost a third or so of JSON.parse's time on a large plan;
 * done by a worker that reads the same file descriptor with positional reads, they finish before JSON.parse does and
 * cost no wall time. The worker reads in small chunks, so it adds only its own isolate to peak memory.
 */
import { Worker } from 'node:worker_threads';
import { depthScanModule, depthScanPages } from './depthScanWasm.js';

export interface FileDigest {
  sha256: string;
  /** Bytes read: compared with the text's length to notice a file that changed while it was read. */
  bytes: number;
  /** Deepest nesting of arrays and objects outside strings, exact when the bytes are valid JSON; 0 when not measured. */
  maxDepth: number;
  /** How the depth was measured: WebAssembly SIMD, the JavaScript loop, or not at all. */
  depthScan: DepthScan;
}

export type DepthScan = 'simd' | 'bytes' | 'none';

export interface RunningDigest {
  result: Promise<FileDigest>;
  /** Stops the worker; safe to call after it finished. */
  cancel(): Promise<void>;
}

/**
 * The worker's code, evaluated as CommonJS so that it runs the same from the compiled package and from the sources
 * under test. The depth scan runs in WebAssembly (depthScanWasm.ts) when it can, reading each chunk straight into the
 * module's memory; else in the JavaScript loop below, which carries its string/escape state across chunks too. There
 * each byte costs one table load and one compare unless it is one of the six that matter (quote, backslash, brackets,
 * braces); a backslash in a string skips the byte it escapes. (Jumping from quote to quote with indexOf measured no
 * faster: a plan's strings are short.)
 */
const DIGEST_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
const chunkBytes = workerData.chunkBytes;
let chunk;
let scanChunk;
let depthScan = workerData.depthScan === 'none' ? 'none' : 'bytes';
if (workerData.depthScan === 'auto' || workerData.depthScan === 'simd') {
  try {
    const memory = new WebAssembly.Memory({ initial: workerData.pages });
    const module = new WebAssembly.Module(workerData.depthModule);
    scanChunk = new WebAssembly.Instance(module, { env: { memory } }).exports.scan;
    chunk = new Uint8Array(memory.buffer);
    depthScan = 'simd';
  } catch (error) {
    // No WebAssembly (--jitless) or no SIMD on this machine: the JavaScript loop measures the same.
    if (workerData.depthScan === 'simd') throw error;
  }
}
if (chunk === undefined) chunk = Buffer.allocUnsafe(chunkBytes);
// 1 quote, 2 backslash, 3 opening, 4 closing, 0 anything else.
const CLASS = new Uint8Array(256);
CLASS[0x22] = 1; CLASS[0x5c] = 2; CLASS[0x7b] = 3; CLASS[0x5b] = 3; CLASS[0x7d] = 4; CLASS[0x5d] = 4;
let position = 0, depth = 0, maxDepth = 0, inString = false, escaped = false;
for (;;) {
  const length = readSync(workerData.fd, chunk, 0, chunkBytes, position);
  if (length === 0) break;
  hash.update(chunk.subarray(0, length));
  position += length;
  if (depthScan === 'simd') {
    // The module reads whole blocks of 16: the bytes past this chunk are zeroed, zero being no byte that matters.
    if (length % 16 !== 0) chunk.fill(0, length, length + 16 - (length % 16));
    maxDepth = scanChunk(length);
    continue;
  }
  if (depthScan === 'none') continue;
  let i = 0;
  // The previous chunk ended on a backslash inside a string: this chunk's first byte is the escaped one.
  if (inString && escaped) { i = 1; escaped = false; }
  for (; i < length; i++) {
    const kind = CLASS[chunk[i]];
    if (kind === 0) continue;
    if (inString) {
      if (kind === 2) { if (++i >= length) escaped = true; }
      else if (kind === 1) inString = false;
    } else if (kind === 1) inString = true;
    else if (kind === 3) { if (++depth > maxDepth) maxDepth = depth; }
    else if (kind === 4) depth--;
  }
}
parentPort.postMessage({ sha256: hash.digest('hex'), bytes: position, maxDepth, depthScan });
`;

/** Read size of the worker: large enough that a read costs little per byte, small enough to add little memory. */
const CHUNK_BYTES = 1024 * 1024;

function isFileDigest(message: unknown): message is FileDigest {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return (
    typeof candidate.sha256 === 'string' &&
    typeof candidate.bytes === 'number' &&
    typeof candidate.maxDepth === 'number' &&
    (candidate.depthScan === 'simd' || candidate.depthScan === 'bytes' || candidate.depthScan === 'none')
  );
}

/**
 * Starts hashing the file open as `fd` (from offset 0) on a worker thread; with `measureDepth` it also measures the
 * nesting depth, which the streaming parser checks by itself.
 */
export function startFileDigest(
  fd: number,
  options: {
    measureDepth: boolean;
    /** Tests use small reads to put chunk boundaries everywhere. */
    chunkBytes?: number;
    /** Tests choose the scan; 'simd' then fails rather than falling back. Default: SIMD where available. */
    depthScan?: 'simd' | 'bytes';
  },
): RunningDigest {
  // No inherited Node options: `--input-type=module` would make the CommonJS source fail, and preloads (`--import`)
  // have no business in a thread that only reads and hashes.
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const pages = depthScanPages(chunkBytes);
  const worker = new Worker(DIGEST_WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: {
      fd,
      chunkBytes,
      depthScan: options.measureDepth ? (options.depthScan ?? 'auto') : 'none',
      depthModule: options.measureDepth && options.depthScan !== 'bytes' ? depthScanModule(pages) : undefined,
      pages,
    },
  });
  let settled = false;
  const result = new Promise<FileDigest>((resolve, reject) => {
    worker.once('message', (message: unknown) => {
      settled = true;
      if (isFileDigest(message)) resolve(message);
      else reject(new Error('the hashing worker answered something unexpected'));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the hashing worker stopped early (exit code ${code})`));
    });
  });
  // A digest abandoned because parsing failed must not surface as an unhandled rejection.
  result.catch(() => undefined);
  return {
    result,
    cancel: async () => {
      settled = true;
      await worker.terminate();
    },
  };
}
