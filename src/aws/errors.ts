/**
 * How an AWS error answer is read. Three families matter to the scan: the caller may not make the call
 * (a permission the read-only policy lacks, an SCP, a key policy), the region is not enabled for the
 * account, or something else went wrong. None of them stops the scan; each becomes a collection gap.
 */
import type { CollectionGap } from '../model/inventory.js';

/** Error codes that mean "you may not make this call". EC2 says UnauthorizedOperation, most JSON services AccessDeniedException. */
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'NotAuthorized',
  'Forbidden',
]);

/**
 * Error codes a region that is not enabled (opt-in regions) answers with: EC2 says OptInRequired or
 * AuthFailure, the JSON services UnrecognizedClientException, query services InvalidClientTokenId, since
 * the account's credentials are not known there at all.
 */
const REGION_NOT_ENABLED = new Set([
  'OptInRequired',
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);

export function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    if (typeof e.Code === 'string' && e.Code) return e.Code;
    if (typeof e.name === 'string' && e.name && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string' && e.code) return e.code;
  }
  return 'Error';
}

export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  // AWS messages are short; a proxy may answer with a whole HTML page, which no report needs.
  const oneLine = raw.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

export function classifyError(err: unknown): CollectionGap['reason'] {
  const code = errorCode(err);
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (REGION_NOT_ENABLED.has(code)) return 'region-not-enabled';
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  // S3 answers a bare 403 with no code on HEAD-style requests; still a permission problem.
  if (status === 403 && code === 'Error') return 'access-denied';
  return 'error';
}

/** True when the error is one of the named "not configured" answers of `codes`. */
export function isNotConfigured(err: unknown, codes: readonly string[]): boolean {
  return codes.includes(errorCode(err));
}

/**
 * Raised inside a collector when an answer says "not configured" so the caller records absence, not a gap.
 * Kept as a distinct class so `ScanContext.call` can tell it from failures.
 */
export class NotConfigured extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'NotConfigured';
  }
}
