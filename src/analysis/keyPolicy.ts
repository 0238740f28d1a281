/**
 * A key's policy as the key rules see it: the KMS default (no policy given: the account root only),
 * a document, or a reason the rule cannot judge it (the shared policy verdict).
 */
import type { KmsKey } from '../model/types.js';
import { policyVerdict, type PolicyVerdict } from './policyVerdict.js';

export type KeyPolicy = PolicyVerdict;

export function keyPolicyOf(key: KmsKey): KeyPolicy {
  return policyVerdict(key, 'policy', 'The key policy');
}

/** Where a default policy comes from, for evidence. */
export function defaultPolicySource(key: KmsKey): string {
  return `${key.meta.address} (no policy given: KMS applies the default key policy)`;
}
