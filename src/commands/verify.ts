/**
 * `airgap-audit verify EVIDENCE-DIR [--key PUB.pem]`: re-hashes every output the manifest lists and, with
 * a key, checks the detached signature over manifest.json. A signed package verified without `--key` has
 * only its hashes checked, and says so: a key found inside the package would prove nothing. Files in the
 * directory that the manifest does not list are reported but do not fail verification (the directory may
 * hold other things). The scanned inputs are listed with their recorded hashes; they are not in the package.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/inputError.js';
import {
  isPlainFileName,
  MANIFEST_NAME,
  sha256Hex,
  SIGNATURE_NAME,
  type Manifest,
  type SignatureAlgorithm,
} from '../evidence/manifest.js';
import { algorithmOf, loadPublicKey, publicKeyFingerprint, verifyBytes } from '../evidence/signing.js';

const ALGORITHMS: readonly SignatureAlgorithm[] = ['ed25519', 'ecdsa-p256-sha256'];

function parseManifest(bytes: Buffer): Manifest | string {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'manifest.json is not valid JSON';
  }
  const m = raw as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || !Array.isArray(m.outputs) || !Array.isArray(m.inputs) || !m.tool)
    return 'manifest.json lacks tool, inputs or outputs';
  for (const o of m.outputs) {
    if (!o || typeof o.name !== 'string' || typeof o.sha256 !== 'string' || !isPlainFileName(o.name))
      return 'manifest.json lists an invalid output entry';
  }
  if (m.signature && (!ALGORITHMS.includes(m.signature.algorithm) || m.signature.file !== SIGNATURE_NAME))
    return 'manifest.json names an unsupported signature';
  return m as Manifest;
}

export function runVerify(dir: string, keyPath?: string): { ok: boolean; lines: string[] } {
  // No package there at all is a usage error (exit 2); a package that fails its checks is exit 1.
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new InputError(dir, 'no such directory');
  }
  if (!isDirectory) throw new InputError(dir, 'is not a directory (give the evidence package directory)');
  const lines: string[] = [];
  let manifestBytes: Buffer;
  try {
    manifestBytes = readFileSync(join(dir, MANIFEST_NAME));
  } catch {
    // The manifest is written last: without it the package is incomplete (its writing was interrupted).
    return {
      ok: false,
      lines: [
        `FAIL ${join(dir, MANIFEST_NAME)}: cannot read the manifest; without it this is not a complete evidence package`,
      ],
    };
  }
  const manifest = parseManifest(manifestBytes);
  if (typeof manifest === 'string') return { ok: false, lines: [`FAIL ${manifest}`] };

  let ok = true;
  lines.push(
    `package by ${manifest.tool.name} ${manifest.tool.version} (rules ${manifest.tool.rulesVersion}), generated ${manifest.generatedAt}`,
  );
  for (const o of manifest.outputs) {
    let actual: string;
    try {
      actual = sha256Hex(readFileSync(join(dir, o.name)));
    } catch {
      ok = false;
      lines.push(`FAIL ${o.name}: missing`);
      continue;
    }
    if (actual === o.sha256) lines.push(`ok   ${o.name} sha256 ${actual}`);
    else {
      ok = false;
      lines.push(`FAIL ${o.name}: sha256 ${actual}, manifest says ${o.sha256}`);
    }
  }
  for (const i of manifest.inputs)
    lines.push(`input ${i.path} (${i.kind}) sha256 ${i.sha256 ?? 'not recorded'} (not part of the package)`);

  const listed = new Set([MANIFEST_NAME, SIGNATURE_NAME, ...manifest.outputs.map((o) => o.name)]);
  try {
    for (const name of readdirSync(dir).sort())
      if (!listed.has(name)) lines.push(`note ${name}: not listed in the manifest`);
  } catch {
    // The manifest was readable, so the directory is; a listing failure changes nothing about the hashes.
  }

  const sigPath = join(dir, SIGNATURE_NAME);
  let signature: string | undefined;
  try {
    signature = readFileSync(sigPath, 'utf8');
  } catch {
    signature = undefined;
  }
  if (!manifest.signature) {
    if (signature !== undefined) {
      ok = false;
      lines.push(`FAIL ${SIGNATURE_NAME}: present but the manifest does not declare a signature`);
    } else if (keyPath) {
      ok = false;
      lines.push('FAIL signature: a key was given but the package is not signed');
    } else lines.push('unsigned package: hashes checked only');
  } else if (signature === undefined) {
    ok = false;
    lines.push(`FAIL ${SIGNATURE_NAME}: missing, but the manifest declares a signature`);
  } else if (!keyPath) {
    lines.push(
      `signed (${manifest.signature.algorithm}, key sha256 ${manifest.signature.publicKeySha256}): signature NOT checked, pass --key PUB.pem`,
    );
  } else {
    const key = loadPublicKey(keyPath);
    const algorithm = algorithmOf(key, keyPath);
    if (algorithm !== manifest.signature.algorithm) {
      ok = false;
      lines.push(`FAIL signature: the key is ${algorithm}, the manifest says ${manifest.signature.algorithm}`);
    } else if (!verifyBytes(manifestBytes, signature, key, algorithm)) {
      ok = false;
      lines.push(
        `FAIL ${SIGNATURE_NAME}: signature does not match manifest.json for key sha256 ${publicKeyFingerprint(key)}`,
      );
    } else
      lines.push(`ok   ${SIGNATURE_NAME}: valid ${algorithm} signature by key sha256 ${publicKeyFingerprint(key)}`);
  }
  lines.push(ok ? 'verified' : 'NOT verified');
  return { ok, lines };
}
