import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBytes, verifyBytes } from '../../src/evidence/signing.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

describe('signature text', () => {
  it('rejects a base64 text that differs only in the spare bits of its last character', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const data = Buffer.from('manifest');
    const text = signBytes(data, privateKey, 'ed25519'); // 64 bytes: "==" padding, 4 spare bits
    expect(verifyBytes(data, `${text}\n`, publicKey, 'ed25519')).toBe(true);
    const last = text.replace(/=+$/, '').length - 1;
    const twin = text.slice(0, last) + BASE64[BASE64.indexOf(text[last]) ^ 1] + text.slice(last + 1);
    expect(Buffer.from(twin, 'base64').equals(Buffer.from(text, 'base64'))).toBe(true);
    expect(verifyBytes(data, `${twin}\n`, publicKey, 'ed25519')).toBe(false);
  });
});
