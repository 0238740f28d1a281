/**
 * Writes an evidence package (`--output-dir`): every rendered output, `manifest.json` with the SHA-256 of
 * each input and output, and with `--sign KEY.pem` a detached `manifest.sig`. Existing non-empty files are
 * never overwritten: evidence already handed to an assessor must not change silently. All checks run
 * before the first byte is written.
 *
 * `manifest.json` is the commit point of the package: it is written last, after every output and the signature
 * are on disk (each replaced atomically and flushed, and the directory flushed), and `verify` refuses a
 * directory without it. A run interrupted anywhere before (a full disk, a kill) therefore leaves no package
 * that looks complete. Writing into a temporary directory and renaming it was not chosen: the package
 * directory may already exist and hold other files (it is documented to leave them alone), and a directory
 * cannot be renamed over a non-empty one.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/inputError.js';
import { writeInDirectory } from '../output/writeOutput.js';
import type { RenderedFile } from '../report/render.js';
import type { ScanReport } from '../report/scanReport.js';
import { buildManifest, isPlainFileName, MANIFEST_NAME, SIGNATURE_NAME, type ManifestFile } from './manifest.js';
import { algorithmOf, loadPrivateKey, publicKeyFingerprint, signBytes } from './signing.js';

function existsNonEmpty(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() || st.size > 0;
  } catch {
    return false;
  }
}

export interface EvidencePackageResult {
  /** Paths written, in order. */
  written: string[];
}

export function writeEvidencePackage(
  dir: string,
  files: RenderedFile[],
  report: ScanReport,
  options: { signKeyPath?: string },
): EvidencePackageResult {
  const reserved = new Set([MANIFEST_NAME, SIGNATURE_NAME]);
  const seen = new Set<string>();
  for (const f of files) {
    if (!isPlainFileName(f.name) || reserved.has(f.name) || seen.has(f.name))
      throw new InputError(join(dir, f.name), 'not a valid output file name for an evidence package');
    seen.add(f.name);
  }
  const key = options.signKeyPath ? loadPrivateKey(options.signKeyPath) : undefined;
  const algorithm = key && options.signKeyPath ? algorithmOf(key, options.signKeyPath) : undefined;

  const targets = [...files.map((f) => f.name), MANIFEST_NAME, ...(key ? [SIGNATURE_NAME] : [])];
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new InputError(dir, 'exists and is not a directory');
  } catch (err) {
    if (err instanceof InputError) throw err;
  }
  for (const name of targets) {
    if (existsNonEmpty(join(dir, name)))
      throw new InputError(join(dir, name), 'already exists and is not empty; refusing to overwrite evidence');
  }

  const signature =
    key && algorithm ? { algorithm, file: SIGNATURE_NAME, publicKeySha256: publicKeyFingerprint(key) } : undefined;

  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(dir, `cannot create directory (${(err as NodeJS.ErrnoException).code})`);
  }
  const written: string[] = [];
  const write = (name: string, data: Buffer | string): void => {
    writeInDirectory(dir, name, [data]);
    written.push(join(dir, name));
  };
  // Each output is hashed while it is written: a report larger than one string is never held to be hashed.
  const outputs: ManifestFile[] = [];
  for (const f of files) {
    const hash = createHash('sha256');
    let bytes = 0;
    writeInDirectory(dir, f.name, f.content, (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    written.push(join(dir, f.name));
    outputs.push({ name: f.name, sha256: hash.digest('hex'), bytes });
  }
  const manifestBytes = Buffer.from(`${JSON.stringify(buildManifest(report, outputs, signature), null, 2)}\n`, 'utf8');
  // The signature covers the manifest's bytes, known before either is written, so it can precede it.
  if (key && algorithm) write(SIGNATURE_NAME, `${signBytes(manifestBytes, key, algorithm)}\n`);
  // Every rename above reaches the disk before the manifest that vouches for them does.
  flushDirectory(dir);
  write(MANIFEST_NAME, manifestBytes);
  flushDirectory(dir);
  return { written };
}

/** fsync a directory, so the renames done in it survive a crash; a file system that cannot is no error. */
function flushDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory (EINVAL); the files themselves were flushed.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
