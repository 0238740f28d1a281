/** The evidence package's manifest: what was scanned (by hash), what was produced, and by which tool. */
import { createHash } from 'node:crypto';
import type { ScanReport } from '../report/scanReport.js';

export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.sig';
export const MANIFEST_VERSION = 1;

export type SignatureAlgorithm = 'ed25519' | 'ecdsa-p256-sha256';

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  manifestVersion: number;
  tool: { name: string; version: string; rulesVersion: string };
  generatedAt: string;
  profile: string;
  /** The scanned inputs: hashed, never copied into the package. */
  inputs: Array<{ kind: string; path: string; sha256: string | null; bytes: number | null }>;
  /** The effective configuration that shaped the verdicts, and its hash (see EffectiveConfiguration). */
  configuration: ScanReport['configuration'];
  outputs: ManifestFile[];
  /** Present when the package is signed: `manifest.sig` holds a detached signature over manifest.json's bytes. */
  signature?: { algorithm: SignatureAlgorithm; file: string; publicKeySha256: string };
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `outputs`: each file written, with the SHA-256 and size computed while it was written. */
export function buildManifest(
  report: ScanReport,
  outputs: ManifestFile[],
  signature?: Manifest['signature'],
): Manifest {
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: { name: report.tool.name, version: report.tool.version, rulesVersion: report.tool.rulesVersion },
    generatedAt: report.generatedAt,
    profile: report.profile,
    inputs: report.inputs.map((i) => ({
      kind: i.kind,
      path: i.path,
      sha256: i.sha256 ?? null,
      bytes: i.bytes ?? null,
    })),
    configuration: report.configuration,
    outputs: outputs.map((o) => ({ name: o.name, sha256: o.sha256, bytes: o.bytes })),
    ...(signature ? { signature } : {}),
  };
}

/** A manifest entry may only name a plain file inside the package (no path separators, no `..`). */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[\\/\0]/.test(name);
}
