/**
 * How a persistent artefact is encrypted at rest, read the same way for every kind (KMS-001) and
 * which customer key serves which artefact class (KMS-005). A key is named by reference, key id, key
 * ARN, alias name or alias ARN; `alias/aws/...` names an AWS managed key.
 */
import { DEFAULTS } from '../model/defaults.js';
import { gapCause, isSensitive, originOf, resolve, unreadKind, type Inventory } from '../model/inventory.js';
import { type FieldOf, isSettled, REDACTED, type Unsettled, fieldValue } from '../model/values.js';
import type { Bucket, DataStore, KmsKey, Ref, Trail } from '../model/types.js';

export type Artefact = DataStore | Bucket | Trail;

export type KeyLookup =
  | { state: 'in-input'; key: KmsKey }
  | { state: 'aws-managed'; name: string }
  | { state: 'outside'; name: string }
  | { state: 'none' };

const aliasIndex = new WeakMap<Inventory, { byName: Map<string, KmsKey>; byAddress: Map<string, KmsKey> }>();

function aliases(inventory: Inventory): { byName: Map<string, KmsKey>; byAddress: Map<string, KmsKey> } {
  let index = aliasIndex.get(inventory);
  if (index) return index;
  index = { byName: new Map(), byAddress: new Map() };
  for (const e of inventory.byKind.get('KmsKey') ?? []) {
    if (e.kind !== 'KmsKey') continue;
    for (const a of e.aliases) index.byName.set(a, e);
    for (const a of e.aliasAddresses ?? []) index.byAddress.set(a, e);
  }
  aliasIndex.set(inventory, index);
  return index;
}

/** The key a reference names. Aliases are followed to their key when the input holds both. */
export function lookupKey(inventory: Inventory, ref: Ref | undefined, raw?: string): KeyLookup {
  const found = resolve(inventory, ref, 'KmsKey');
  if (found) return { state: 'in-input', key: found };
  const index = aliases(inventory);
  const byAliasAddress = ref?.address ? index.byAddress.get(ref.address) : undefined;
  if (byAliasAddress) return { state: 'in-input', key: byAliasAddress };
  const name = raw ?? ref?.id;
  if (!name) return ref?.address ? { state: 'outside', name: ref.address } : { state: 'none' };
  const alias = /(?:^|:)(alias\/.+)$/.exec(name)?.[1];
  if (alias?.startsWith('alias/aws/')) return { state: 'aws-managed', name: alias };
  if (alias) {
    const key = index.byName.get(alias);
    return key ? { state: 'in-input', key } : { state: 'outside', name };
  }
  const keyId = /:key\/(.+)$/.exec(name)?.[1];
  const byKeyId = keyId ? resolve(inventory, { id: keyId }, 'KmsKey') : undefined;
  return byKeyId ? { state: 'in-input', key: byKeyId } : { state: 'outside', name };
}

/**
 * What encrypts a store the live API describes without a key: there the answer is final (the API
 * names the key whenever one is set), unlike a plan where the key may live in another resource.
 */
const LIVE_DEFAULTS: Readonly<Record<string, string>> = {
  'log-group': DEFAULTS.logGroupKey.value,
  secret: DEFAULTS.secretKey.value,
};

/** Stores modelled for other rules (UPD-003) that say they are encrypted but name no key. */
const ENCRYPTED_DEFAULTS: Readonly<Record<string, string>> = {
  elasticache: 'the AWS managed ElastiCache key',
  mq: 'AWS owned key',
};

export type Protection =
  | { state: 'customer-key'; key?: KmsKey; name: string; source: string }
  | { state: 'aws-key'; what: string; source: string }
  | { state: 'unencrypted'; what: string; source: string }
  /** The input leaves it unknown until apply, or a live call that would tell failed. */
  | { state: 'unsettled'; value: Unsettled; what: string; source: string }
  | { state: 'unstated'; what: string; source: string };

/** Where the resource that names a key lives. */
interface Where {
  region?: string;
  account?: string;
}

/** A key named by ARN or id that is not in the input: customer-managed or not is not settled by it. */
function outsideKey(inventory: Inventory, name: string, at: Where, source: string, sensitive: boolean): Protection {
  // Customers cannot create aliases under alias/aws/, so any other alias names a customer-managed key.
  if (/(?:^|:)alias\//.test(name)) return { state: 'customer-key', name, source };
  // A key named by ARN lives where its ARN says, which may be another account than the resource's.
  const arn = /^arn:[^:]+:kms:([^:]*):([^:]*):/.exec(name);
  const gap = unreadKind(inventory, 'KmsKey', arn?.[1] || at.region, arn?.[2] || at.account);
  const shown = sensitive ? REDACTED : name;
  // A refused or failed key listing leaves the key unread; keys the scan was told not to read are simply
  // not among those it holds (which the not-collected gap's own result reports).
  if (gap && gap.reason !== 'not-collected')
    return {
      state: 'unsettled',
      value: { state: 'unreadable', call: gap.call, origin: `${gap.call} (failed)`, sensitive: false },
      what: `Key ${shown} could not be classified: ${gap.call} failed, so whether it is customer-managed or an AWS managed key is not known`,
      source,
    };
  return {
    state: 'unstated',
    what: `Key ${shown} is not among the keys this input holds${gap ? ` (${gapCause(gap)})` : ''}: whether it is customer-managed or an AWS managed key is not settled`,
    source,
  };
}

function fromKey(
  inventory: Inventory,
  ref: Ref | undefined,
  raw: string | undefined,
  source: string,
  at: Where,
  sensitive = false,
): Protection | undefined {
  if (!ref && !raw) return undefined;
  const k = lookupKey(inventory, ref, raw);
  if (k.state === 'in-input') {
    // A live key whose aliases and description were both unread may be AWS's own: not settled either way.
    const managed = fieldValue(k.key, 'customerManaged');
    if (!isSettled(managed))
      return {
        state: 'unsettled',
        value: managed,
        what: `Key ${k.key.meta.address} could not be classified: ${managed.state === 'unreadable' ? `${managed.call} failed` : 'its manager is known only after apply'}, so whether it is customer-managed or an AWS managed key is not known`,
        source,
      };
    return k.key.customerManaged
      ? { state: 'customer-key', key: k.key, name: k.key.meta.address, source }
      : { state: 'aws-key', what: k.key.aliases[0] ?? k.key.meta.address, source };
  }
  if (k.state === 'aws-managed') return { state: 'aws-key', what: `AWS managed key ${k.name}`, source };
  if (k.state === 'outside') return outsideKey(inventory, k.name, at, source, sensitive);
  return undefined;
}

const origin = (e: Artefact, field: string): string => originOf(e, field);

function unsettledField<E extends Artefact>(e: E, field: FieldOf<E>, what: string): Protection | undefined {
  const v = fieldValue(e, field);
  return isSettled(v) ? undefined : { state: 'unsettled', value: v, what, source: v.origin };
}

export function protectionOf(inventory: Inventory, e: Artefact): Protection {
  const source = origin(e, 'kmsKey');
  const at: Where = { region: e.meta.region, account: e.meta.account };
  if (e.kind === 'Bucket') {
    const algSource = origin(e, 'sseAlgorithm');
    const alg0 = unsettledField(e, 'sseAlgorithm', 'server-side encryption is not settled by the input');
    if (alg0) return alg0;
    const alg = e.sseAlgorithm;
    if (alg === 'aws:kms' || alg === 'aws:kms:dsse') {
      const byKey = fromKey(inventory, e.kmsKey, e.kmsKeyRaw, source, at, isSensitive(e, 'kmsKey'));
      if (byKey) return byKey;
      const key0 = unsettledField(e, 'kmsKey', 'the bucket key is not settled by the input');
      if (key0) return key0;
      return { state: 'aws-key', what: `${alg} with the AWS managed key alias/aws/s3`, source: algSource };
    }
    return {
      state: 'aws-key',
      what: alg ? `${alg} (SSE-S3, an S3-owned key)` : 'SSE-S3 (the S3 default)',
      source: algSource,
    };
  }
  if (e.kind === 'Trail') {
    const byKey = fromKey(inventory, e.kmsKey, e.kmsKeyRaw, source, at, isSensitive(e, 'kmsKey'));
    if (byKey) return byKey;
    const key0 = unsettledField(e, 'kmsKey', 'kms_key_id is not settled by the input');
    if (key0) return key0;
    return { state: 'aws-key', what: 'SSE-S3 on the destination bucket (no kms_key_id)', source };
  }
  if (e.encrypted === false)
    return {
      state: 'unencrypted',
      what: e.defaultEncryption ?? 'not encrypted at rest',
      source: origin(e, 'encrypted'),
    };
  const byKey = fromKey(inventory, e.kmsKey, e.kmsKeyRaw, source, at, isSensitive(e, 'kmsKey'));
  if (byKey) return byKey;
  const unsettled =
    unsettledField(e, 'kmsKey', 'the encryption key is not settled by the input') ??
    unsettledField(e, 'encrypted', 'whether it is encrypted is not settled by the input');
  if (unsettled) return unsettled;
  if (e.decidedByAccount)
    return {
      state: 'unstated',
      what: `No key is named, so an account setting decides how it is encrypted, and this input does not show it: ${e.decidedByAccount}`,
      source,
    };
  const byDefault =
    e.defaultEncryption ??
    (e.meta.source === 'aws' ? LIVE_DEFAULTS[e.storeKind] : undefined) ??
    (e.encrypted === true ? ENCRYPTED_DEFAULTS[e.storeKind] : undefined);
  if (byDefault) return { state: 'aws-key', what: byDefault, source };
  return { state: 'unstated', what: 'the input does not say how it is encrypted', source };
}

/**
 * The artefact class a key serves, for "one key, one purpose": audit logs, invocation logs,
 * secrets, knowledge bases... Buckets and log groups take their class from what writes to them.
 */
export function artefactClass(e: Artefact, roles: ArtefactRoles): string {
  if (e.kind === 'Trail') return 'audit-logs';
  if (e.kind === 'Bucket')
    return roles.auditBuckets.has(e) ? 'audit-logs' : roles.invocationBuckets.has(e) ? 'invocation-logs' : 'data';
  switch (e.storeKind) {
    case 'log-group':
      return e.name && roles.invocationLogGroups.has(e.name) ? 'invocation-logs' : 'logs';
    case 'secret':
      return 'secrets';
    case 'bedrock-data-source':
    case 'bedrock-knowledge-base':
    case 'opensearch-serverless':
      return 'knowledge-base';
    case 'bedrock-agent':
    case 'bedrock-guardrail':
      return 'agents-and-guardrails';
    case 'bedrock-custom-model':
      return 'models';
    case 'sqs':
    case 'sns':
      return 'messaging';
    default:
      return 'data';
  }
}

export interface ArtefactRoles {
  auditBuckets: Set<Bucket>;
  invocationBuckets: Set<Bucket>;
  invocationLogGroups: Set<string>;
}

/** Which buckets and log groups receive audit or invocation logs. */
export function artefactRoles(inventory: Inventory): ArtefactRoles {
  const roles: ArtefactRoles = {
    auditBuckets: new Set(),
    invocationBuckets: new Set(),
    invocationLogGroups: new Set(),
  };
  const buckets = (inventory.byKind.get('Bucket') ?? []).filter((b): b is Bucket => b.kind === 'Bucket');
  const byName = (name: string | undefined): Bucket | undefined =>
    name ? buckets.find((b) => b.bucketName === name) : undefined;
  for (const t of inventory.byKind.get('Trail') ?? []) {
    if (t.kind !== 'Trail') continue;
    const b = resolve(inventory, t.bucket, 'Bucket') ?? byName(t.bucketName);
    if (b) roles.auditBuckets.add(b);
  }
  for (const l of inventory.byKind.get('InvocationLogging') ?? []) {
    if (l.kind !== 'InvocationLogging') continue;
    const b = resolve(inventory, l.s3Bucket, 'Bucket') ?? byName(l.s3BucketName);
    if (b) roles.invocationBuckets.add(b);
    if (l.cloudWatchLogGroup) roles.invocationLogGroups.add(l.cloudWatchLogGroup);
  }
  return roles;
}
