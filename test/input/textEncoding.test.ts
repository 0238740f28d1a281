import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  detectEncoding,
  firstInvalidUtf8Offset,
  TextDecodingError,
  Utf8StreamValidator,
} from '../../src/input/textEncoding.js';
import { createRandom } from './randomJson.js';

describe('detectEncoding', () => {
  it.each([
    [[0x7b, 0x22, 0x61, 0x22], 'utf-8', 0],
    [[0xef, 0xbb, 0xbf, 0x7b], 'utf-8', 3],
    [[0xff, 0xfe, 0x7b, 0x00], 'utf-16le', 2],
    [[0xfe, 0xff, 0x00, 0x7b], 'utf-16be', 2],
    [[0x7b, 0x00, 0x22, 0x00], 'utf-16le', 0],
    [[0x00, 0x7b, 0x00, 0x22], 'utf-16be', 0],
    [[0x7b], 'utf-8', 0],
  ])('reads %j as %s with a %i-byte BOM', (bytes, encoding, bomLength) => {
    expect(detectEncoding(Uint8Array.from(bytes))).toEqual({ encoding, bomLength });
  });

  it('refuses UTF-32', () => {
    expect(() => detectEncoding(Uint8Array.from([0, 0, 0, 0x7b]))).toThrow(TextDecodingError);
    expect(() => detectEncoding(Uint8Array.from([0xff, 0xfe, 0, 0]))).toThrow(/UTF-32/);
  });
});

describe('UTF-8 validation', () => {
  it('agrees with the native isUtf8 on random bytes biased towards multi-byte sequences', () => {
    const random = createRandom(99);
    const interesting = [
      0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90,
      0x8f,
    ];
    for (let run = 0; run < 20_000; run++) {
      const bytes = Uint8Array.from({ length: random.int(0, 8) }, () => random.pick(interesting));
      const offset = firstInvalidUtf8Offset(bytes);
      expect(offset === -1, Buffer.from(bytes).toString('hex')).toBe(isUtf8(bytes));
      if (offset >= 0) expect(isUtf8(bytes.subarray(0, offset))).toBe(true);
    }
  });

  it('validates a stream split inside characters and reports the offset of a bad byte', () => {
    const text = Buffer.from('aé€😀b'.repeat(3), 'utf8');
    for (let split = 0; split <= text.length; split++) {
      const validator = new Utf8StreamValidator(0);
      const out = Buffer.concat([validator.push(text.subarray(0, split)), validator.push(text.subarray(split))]);
      validator.end();
      expect(out.equals(text)).toBe(true);
    }
    const bad = Buffer.concat([Buffer.from('abcd€'), Buffer.from([0xff]), Buffer.from('z')]);
    const validator = new Utf8StreamValidator(3);
    validator.push(bad.subarray(0, 5));
    expect(() => validator.push(bad.subarray(5))).toThrow(/invalid UTF-8 at byte 10 \(0xff 0x7a\)/);
  });

  it('refuses a stream that ends inside a character', () => {
    const validator = new Utf8StreamValidator(0);
    validator.push(Buffer.from([0x61, 0xf0, 0x9f]));
    expect(() => validator.end()).toThrow(/invalid UTF-8 at byte 1/);
  });
});
