/**
 * Encryption fields of a live data store, written the way the plan adapters (datastores.ts) write them
 * for the same resource, so KMS-001 and KMS-005 judge a planned and a deployed store alike: a named key
 * is a reference plus the raw setting, a store encrypted by its service's own key says which in
 * `defaultEncryption`, and a call that failed leaves every encryption field "not readable".
 */
import type { DataStore, Meta } from '../model/types.js';
import { markUnreadableMeta } from '../model/values.js';

/** Encrypted with `key` as the API names it (an ARN, key id or alias). */
export function withKey(store: DataStore, key: string, call: string): void {
  store.encrypted = true;
  store.kmsKey = { id: key };
  store.kmsKeyRaw = key;
  const origin = (store.meta.origin ??= {});
  origin.encrypted = call;
  origin.kmsKey = call;
  origin.kmsKeyRaw = call;
}

/**
 * Encrypted with the service's own key, named by no key setting. `basis` cites the documented default
 * (defaults.ts) when the answer leaves the key out and the service documents which applies.
 */
export function withServiceKey(store: DataStore, what: string, call: string, basis?: string): void {
  store.encrypted = true;
  store.defaultEncryption = what;
  const origin = (store.meta.origin ??= {});
  origin.encrypted = call;
  origin.kmsKey = call;
  if (basis) (store.meta.defaults ??= {}).kmsKey = basis;
}

/** Not encrypted at rest; `what` says which setting says so. */
export function unencrypted(store: DataStore, what: string, call: string): void {
  store.encrypted = false;
  store.defaultEncryption = what;
  const origin = (store.meta.origin ??= {});
  origin.encrypted = call;
  // The same answer says no key is named.
  origin.kmsKey = call;
}

/** The call that tells how the store is encrypted failed: never "not encrypted", never a default key. */
export function encryptionUnreadable(meta: Meta, call: string): void {
  for (const f of ['encrypted', 'kmsKey', 'kmsKeyRaw']) markUnreadableMeta(meta, f, call);
}

/** The last segment of an ARN or URL: a topic's or queue's name. */
export function lastSegment(s: string, sep: string): string {
  return s.slice(s.lastIndexOf(sep) + 1);
}
