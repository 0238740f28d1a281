/** Byte-level helpers for StreamingJsonParser: classifying, decoding and describing bytes. */

/**
 * Byte classes inside a string: 0 continues a plain run, 1 ends it (quote, backslash, or a control character, which
 * must be escaped), 2 is part of a multi-byte UTF-8 character and also continues the run.
 */
export const STRING_BYTE_CLASS = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) STRING_BYTE_CLASS[byte] = 1;
STRING_BYTE_CLASS[0x22] = 1;
STRING_BYTE_CLASS[0x5c] = 1;
for (let byte = 0x80; byte < 0x100; byte++) STRING_BYTE_CLASS[byte] = 2;

/**
 * Buffer's own slice decoders, which Buffer#toString calls after checking its arguments: called directly they save
 * a good share of the parse time on the short strings a plan is made of. Fall back to toString where absent.
 */
interface BufferSliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const HAS_SLICE_DECODERS =
  typeof (Buffer.prototype as Partial<BufferSliceDecoders>).latin1Slice === 'function' &&
  typeof (Buffer.prototype as Partial<BufferSliceDecoders>).utf8Slice === 'function';

export function decodeAscii(chunk: Buffer, start: number, end: number): string {
  return HAS_SLICE_DECODERS
    ? (chunk as Buffer & BufferSliceDecoders).latin1Slice(start, end)
    : chunk.toString('latin1', start, end);
}

export function decodeUtf8(chunk: Buffer, start: number, end: number): string {
  return HAS_SLICE_DECODERS
    ? (chunk as Buffer & BufferSliceDecoders).utf8Slice(start, end)
    : chunk.toString('utf8', start, end);
}

const KEY_CACHE_SIZE = 4096;
const KEY_CACHE_MAX_LENGTH = 40;

/**
 * Object keys repeat endlessly in a plan: short ASCII keys are found here by a hash of their bytes instead of being
 * decoded into a new string each time. A slot holds the last key that hashed to it.
 */
export class KeyCache {
  private readonly slots = new Array<string | undefined>(KEY_CACHE_SIZE);

  /** The key in `chunk[start, end)`, which is ASCII, from the cache when the same bytes were seen before. */
  lookup(chunk: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > KEY_CACHE_MAX_LENGTH) return decodeAscii(chunk, start, end);
    let hash = length;
    for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + chunk[k]) | 0;
    const slot = hash & (KEY_CACHE_SIZE - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === length) {
      let same = true;
      for (let k = 0; k < length; k++) {
        if (cached.charCodeAt(k) !== chunk[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const key = decodeAscii(chunk, start, end);
    this.slots[slot] = key;
    return key;
  }
}

/** The value of an ASCII hex digit, or -1. */
export function hexDigitValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/** A byte as an error message shows it. */
export function describeByte(byte: number): string {
  if (byte >= 0x21 && byte <= 0x7e) return `'${String.fromCharCode(byte)}'`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
