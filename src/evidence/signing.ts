/**
 * Detached signatures over manifest.json with node:crypto: Ed25519, or ECDSA P-256 with SHA-256 (DER),
 * base64 in `manifest.sig`. Keys are PEM files; anything else is an InputError naming the key file.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../input/inputError.js';
import { sha256Hex, type SignatureAlgorithm } from './manifest.js';

function readPem(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`);
  }
}

export function algorithmOf(key: KeyObject, path: string): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return 'ecdsa-p256-sha256';
  throw new InputError(
    path,
    `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}: use an Ed25519 or ECDSA P-256 key`,
  );
}

export function loadPrivateKey(path: string): KeyObject {
  try {
    return createPrivateKey(readPem(path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, 'not a PEM private key');
  }
}

/** A public key, or the public half of a private key (either PEM works for verification). */
export function loadPublicKey(path: string): KeyObject {
  const pem = readPem(path);
  try {
    return createPublicKey(pem);
  } catch {
    throw new InputError(path, 'not a PEM public or private key');
  }
}

/** SHA-256 of the SubjectPublicKeyInfo DER: names the key in the manifest without shipping it. */
export function publicKeyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(pub.export({ type: 'spki', format: 'der' }));
}

export function signBytes(data: Buffer, key: KeyObject, algorithm: SignatureAlgorithm): string {
  return sign(algorithm === 'ed25519' ? null : 'sha256', data, key).toString('base64');
}

/** `manifest.sig` exactly as written: base64 and one newline. Node's base64 decoder skips stray characters, so check first. */
const SIGNATURE_TEXT = /^[A-Za-z0-9+/]+={0,2}\n?$/;

export function verifyBytes(
  data: Buffer,
  signatureText: string,
  key: KeyObject,
  algorithm: SignatureAlgorithm,
): boolean {
  if (!SIGNATURE_TEXT.test(signatureText)) return false;
  const signature = Buffer.from(signatureText.trimEnd(), 'base64');
  // Base64 leaves spare bits in its last character: a changed but equivalent text must still fail.
  if (signature.toString('base64') !== signatureText.trimEnd()) return false;
  try {
    return verify(algorithm === 'ed25519' ? null : 'sha256', data, key, signature);
  } catch {
    return false;
  }
}
