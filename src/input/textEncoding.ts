/**
 * Which encoding a JSON input is in, and turning it into validated UTF-8 or a string.
 *
 * Terraform writes UTF-8; Windows PowerShell 5's `>` writes UTF-16LE with a byte-order mark, and some editors add a
 * UTF-8 BOM. JSON text starts with an ASCII character, so UTF-16 without a BOM shows as NUL bytes in the first pair
 * (RFC 4627 section 3), which is how it is recognised.
 */
import { isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

/** A problem decoding the bytes, with the byte offset in the input where it was found. */
export class TextDecodingError extends Error {
  constructor(
    readonly problem: string,
    readonly offset: number,
  ) {
    super(problem);
    this.name = 'TextDecodingError';
  }
}

/** Bytes needed to decide the encoding; fewer are enough when the input is shorter. */
export const ENCODING_SNIFF_BYTES = 4;

/** Decides the encoding from the first bytes; throws TextDecodingError for encodings that are refused. */
export function detectEncoding(head: Uint8Array): DetectedEncoding {
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  // UTF-32 shares UTF-16's first two bytes, so it is ruled out before them.
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw new TextDecodingError('the file is UTF-32, which is not supported: save it as UTF-8', 0);
  }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head.length >= 4 && b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) {
    throw new TextDecodingError(
      'the file looks like UTF-32 (three NUL bytes first), which is not supported: save it as UTF-8',
      0,
    );
  }
  if (head.length >= 2 && b0 !== 0 && b1 === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (head.length >= 2 && b0 === 0 && b1 !== 0) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Offset of the first byte that breaks UTF-8 in `bytes`, or -1. Slow path: only run once isUtf8 said no. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number; // smallest code point the sequence may encode (shorter forms are overlong)
    if (lead >= 0xc2 && lead <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= length) return i; // the sequence is cut off by the end of the input
    let codePoint = lead & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function invalidUtf8(bytes: Uint8Array, badIndex: number, inputOffset: number): TextDecodingError {
  const shown = Array.from(bytes.subarray(badIndex, badIndex + 4), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(
    ' ',
  );
  return new TextDecodingError(
    `invalid UTF-8 at byte ${inputOffset} (${shown}): the file is not UTF-8; save it as UTF-8`,
    inputOffset,
  );
}

/** Throws TextDecodingError unless `bytes` (which start at `baseOffset` in the input) are complete, valid UTF-8. */
export function assertUtf8(bytes: Uint8Array, baseOffset: number): void {
  if (isUtf8(bytes)) return;
  const bad = firstInvalidUtf8Offset(bytes);
  throw invalidUtf8(bytes, Math.max(bad, 0), baseOffset + Math.max(bad, 0));
}

/** Length of a trailing UTF-8 sequence that is cut off at the end of `bytes` (0 when the last character is whole). */
function incompleteTailLength(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const expected = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return expected > back ? back : 0;
  }
  return 0;
}

/**
 * Validates UTF-8 across chunks with the native isUtf8, holding back a character split between chunks so each
 * validated piece ends on a character boundary.
 */
export class Utf8StreamValidator {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(startOffset: number) {
    this.offset = startOffset;
  }

  /** Validates what it can of `chunk`; returns the bytes now known to be whole characters. */
  push(chunk: Buffer): Buffer {
    const data = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const cut = data.length - incompleteTailLength(data);
    const whole = data.subarray(0, cut);
    assertUtf8(whole, this.offset);
    this.offset += cut;
    this.carry = Buffer.from(data.subarray(cut));
    return whole;
  }

  end(): void {
    if (this.carry.length > 0) throw invalidUtf8(this.carry, 0, this.offset);
  }
}

/** Decodes UTF-16 input in chunks into UTF-8 bytes for the parser; refuses unpaired surrogates and odd lengths. */
export class Utf16ToUtf8Transcoder {
  private readonly decoder: TextDecoder;
  private readonly encoding: TextEncodingName;

  constructor(encoding: 'utf-16le' | 'utf-16be') {
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  push(chunk: Buffer): Buffer {
    return Buffer.from(this.decode(chunk, true), 'utf8');
  }

  end(): Buffer {
    return Buffer.from(this.decode(undefined, false), 'utf8');
  }

  private decode(chunk: Buffer | undefined, stream: boolean): string {
    try {
      return this.decoder.decode(chunk, { stream });
    } catch {
      throw new TextDecodingError(
        `invalid ${this.encoding.toUpperCase()}: an unpaired surrogate or an odd number of bytes`,
        -1,
      );
    }
  }
}

/** Decodes a whole UTF-16 buffer (without its BOM) to a string. */
export function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new TextDecodingError(
      `invalid ${encoding.toUpperCase()}: an unpaired surrogate or an odd number of bytes`,
      -1,
    );
  }
}
