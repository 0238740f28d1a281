/**
 * Plan adapters for KMS keys: `aws_kms_key`, `aws_kms_external_key` and the multi-region replicas,
 * with `aws_kms_key_policy` and `aws_kms_alias` folded into the key they name.
 *
 * `policy` is Optional+Computed on every key resource: left unset, the plan shows it unknown and KMS
 * writes the default key policy (the account root only). Only the configuration tells the two apart.
 */
import { DEFAULTS } from '../../model/defaults.js';
import type { KmsKey, Meta } from '../../model/types.js';
import { setExplicit } from '../../model/values.js';
import type { RawResource } from '../planLoader.js';
import {
  bool,
  computedPolicyAt,
  readWithDefault,
  metaOf,
  num,
  policyAt,
  refAt,
  str,
  tags,
  unknownAt,
  type Adapter,
  type AdapterContext,
} from './context.js';
import type { Fills } from './context.js';
import { addUnknown, findParent, type Folder } from './fold.js';

function keyPolicy(ctx: AdapterContext, raw: RawResource, meta: Meta): Pick<KmsKey, 'policy'> {
  return { policy: computedPolicyAt(ctx, raw, ['policy'], meta) };
}

const FIELDS = {
  policy: ['policy'],
  rotationEnabled: ['enable_key_rotation'],
  rotationPeriodDays: ['rotation_period_in_days'],
  keySpec: ['customer_master_key_spec'],
  keyUsage: ['key_usage'],
  multiRegion: ['multi_region'],
} as const;

const key: Adapter = (raw, ctx) => {
  const meta = metaOf(raw, FIELDS);
  const k: KmsKey = {
    kind: 'KmsKey',
    meta,
    id: str(raw, ['key_id']) ?? str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    customerManaged: true,
    // Keys in a custom key store (CloudHSM or external) cannot be rotated automatically.
    keyOrigin:
      str(raw, ['custom_key_store_id']) || unknownAt(raw, ['custom_key_store_id']) ? 'CUSTOM_KEY_STORE' : 'AWS_KMS',
    ...keyPolicy(ctx, raw, meta),
    aliases: [],
  };
  // Old providers have no customer_master_key_spec and show key_usage computed: the documented defaults
  // apply when the configuration does not write them.
  readWithDefault(k, 'keySpec', raw, ['customer_master_key_spec'], str, DEFAULTS.kmsKeySpec);
  readWithDefault(k, 'keyUsage', raw, ['key_usage'], str, DEFAULTS.kmsKeyUsage);
  readWithDefault(k, 'rotationEnabled', raw, ['enable_key_rotation'], bool, DEFAULTS.kmsRotation);
  readWithDefault(k, 'multiRegion', raw, ['multi_region'], bool, DEFAULTS.kmsMultiRegion);
  // The provider reads back 365 when rotation is on and no period was given; a plan may show null.
  if (k.rotationEnabled)
    readWithDefault(k, 'rotationPeriodDays', raw, ['rotation_period_in_days'], num, DEFAULTS.kmsRotationPeriod);
  else if (num(raw, ['rotation_period_in_days']) !== undefined)
    setExplicit(k, 'rotationPeriodDays', num(raw, ['rotation_period_in_days']));
  ctx.emit(k);
};

/** Imported key material: KMS cannot rotate it; the customer re-imports on their schedule. */
const externalKey: Adapter = (raw, ctx) => {
  const meta = metaOf(raw, {
    policy: ['policy'],
    keySpec: ['key_spec'],
    keyUsage: ['key_usage'],
    multiRegion: ['multi_region'],
  });
  ctx.emit({
    kind: 'KmsKey',
    meta,
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    customerManaged: true,
    keySpec: str(raw, ['key_spec']) ?? 'SYMMETRIC_DEFAULT',
    keyUsage: str(raw, ['key_usage']) ?? 'ENCRYPT_DECRYPT',
    rotationEnabled: false,
    multiRegion: bool(raw, ['multi_region']) ?? false,
    keyOrigin: 'EXTERNAL',
    ...keyPolicy(ctx, raw, meta),
    aliases: [],
  });
};

/** A replica shares its primary's key material and rotation; it has its own policy and region. */
const replicaKey =
  (origin: string): Adapter =>
  (raw, ctx) => {
    const meta = metaOf(raw, { policy: ['policy'], replicaOf: ['primary_key_arn'] });
    ctx.emit({
      kind: 'KmsKey',
      meta,
      id: str(raw, ['key_id']) ?? str(raw, ['id']),
      arn: str(raw, ['arn']),
      tags: tags(raw),
      customerManaged: true,
      keySpec: str(raw, ['key_spec']),
      keyUsage: str(raw, ['key_usage']),
      multiRegion: true,
      replicaOf: refAt(ctx, raw, ['primary_key_arn']),
      keyOrigin: origin,
      ...keyPolicy(ctx, raw, meta),
      aliases: [],
    });
  };

export const kmsAdapters: Record<string, Adapter> = {
  aws_kms_key: key,
  aws_kms_external_key: externalKey,
  aws_kms_replica_key: replicaKey('AWS_KMS'),
  aws_kms_replica_external_key: replicaKey('EXTERNAL'),
};

export const kmsFolders: Record<string, Folder> = {
  aws_kms_key_policy: (raw, ctx) => {
    const k = findParent(ctx, raw, ['key_id'], 'KmsKey');
    if (!k) return;
    k.policy = policyAt(ctx, raw, ['policy']) ?? { state: 'absent', origin: `${raw.address}.policy` };
    (k.meta.origin ??= {}).policy = `${raw.address}.policy`;
    addUnknown(k, raw, 'policy', ['policy']);
  },
  aws_kms_alias: (raw, ctx) => {
    const k = findParent(ctx, raw, ['target_key_id'], 'KmsKey');
    if (!k) return;
    const name = str(raw, ['name']);
    if (name && !k.aliases.includes(name)) k.aliases.push(name);
    (k.aliasAddresses ??= []).push(raw.address);
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const kmsFills: Fills = {
  aws_kms_key: ['KmsKey'],
  aws_kms_external_key: ['KmsKey'],
  aws_kms_replica_key: ['KmsKey'],
  aws_kms_replica_external_key: ['KmsKey'],
  aws_kms_key_policy: ['KmsKey'],
  aws_kms_alias: ['KmsKey'],
};
