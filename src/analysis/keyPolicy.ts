/**
 * A key's policy as the key rules see it: the KMS default (no policy given: the account root only),
 * a document, or a gap (unknown until apply, malformed) that makes the rule not-assessed.
 */
import { isUnknown, originOf } from '../model/inventory.js';
import type { KmsKey } from '../model/types.js';
import type { PolicyDocument } from '../policy/policyDocument.js';

export type KeyPolicy =
  | { state: 'default' }
  | { state: 'known'; doc: PolicyDocument; bytes: number; origin: string; rebuilt: boolean }
  | { state: 'unknown'; what: string; origin: string }
  | { state: 'malformed'; error: string; origin: string };

export function keyPolicyOf(key: KmsKey): KeyPolicy {
  const p = key.policy;
  if (!p && isUnknown(key, 'policy')) {
    // The policy could not be read (a live call refused, a replica outside the scanned regions).
    const origin = originOf(key, 'policy');
    return { state: 'unknown', what: `The key policy could not be read (${origin})`, origin };
  }
  if (!key.policySet || !p) return { state: 'default' };
  if (p.state === 'unknown') return { state: 'unknown', what: p.what, origin: p.origin };
  if (p.state === 'malformed') return { state: 'malformed', error: p.error, origin: p.origin };
  return { state: 'known', doc: p.doc, bytes: p.bytes, origin: p.origin, rebuilt: p.rebuilt === true };
}

/** Where a default policy comes from, for evidence. */
export function defaultPolicySource(key: KmsKey): string {
  return `${key.meta.address} (no policy given: KMS applies the default key policy)`;
}
