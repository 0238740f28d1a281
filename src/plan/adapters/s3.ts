/**
 * Plan adapters for S3 buckets. `aws_s3_bucket` carries the AWS provider v3 inline blocks
 * (`object_lock_configuration`, `server_side_encryption_configuration`, `versioning`, `policy`); from
 * v4 on they are split resources, folded here into the bucket so findings name the bucket and the
 * evidence names the split resource. In v4+ the inline attributes are still Optional+Computed, so a
 * plan shows them unknown when nobody set them: only the configuration tells whether they were set,
 * and an unset one takes S3's default (SSE-S3 encryption, versioning off, no Object Lock).
 */
import { citeDefault, DEFAULTS } from '../../model/defaults.js';
import type { Bucket } from '../../model/types.js';
import { own, type Json, type JsonObject } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import {
  block,
  bool,
  configSets,
  metaOf,
  policyAt,
  refAt,
  str,
  tags,
  unknownAt,
  type Adapter,
  type AdapterContext,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import { addUnknown, findParent, type Folder } from './fold.js';

/** Whether the value at `path` is the input's own (set in configuration, or read back from state). */
function given(raw: RawResource, path: Path): boolean {
  return raw.config === undefined || configSets(raw, path);
}

function setOrigin(bucket: Bucket, field: string, origin: string): void {
  (bucket.meta.origin ??= {})[field] = origin;
}

function markUnknown(bucket: Bucket, field: string): void {
  if (!(bucket.meta.unknown ?? []).includes(field)) (bucket.meta.unknown ??= []).push(field);
}

/** Object Lock default retention: `{ mode, days, years }` from a `rule[0].default_retention[0]` block. */
function applyRetention(bucket: Bucket, rule: JsonObject | undefined): void {
  const retentionList = own(rule, 'default_retention');
  const retention = Array.isArray(retentionList) ? retentionList[0] : retentionList;
  const mode = own(retention, 'mode');
  const days = own(retention, 'days');
  const years = own(retention, 'years');
  bucket.objectLockMode = typeof mode === 'string' && mode !== '' ? mode : undefined;
  // Days or years, never both; 0 is how the provider shows the one not set.
  bucket.objectLockDays = typeof days === 'number' && days > 0 ? days : undefined;
  bucket.objectLockYears = typeof years === 'number' && years > 0 ? years : undefined;
}

function firstOf(v: Json | undefined): JsonObject | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? x : undefined;
}

/** `rule[0].apply_server_side_encryption_by_default[0]` of an encryption configuration block. */
function applyEncryption(bucket: Bucket, ctx: AdapterContext, raw: RawResource, rulePath: Path): void {
  const byDefault = block(raw, [...rulePath, 'apply_server_side_encryption_by_default']);
  const algorithm = own(byDefault, 'sse_algorithm');
  bucket.sseAlgorithm = typeof algorithm === 'string' && algorithm !== '' ? algorithm : undefined;
  bucket.kmsKey = refAt(ctx, raw, [...rulePath, 'apply_server_side_encryption_by_default', 0, 'kms_master_key_id']);
}

const bucketAdapter: Adapter = (raw, ctx) => {
  const name = str(raw, ['bucket']);
  const b: Bucket = {
    kind: 'Bucket',
    meta: metaOf(raw, { bucketName: ['bucket'] }),
    id: str(raw, ['id']) ?? name,
    arn: str(raw, ['arn']),
    name,
    bucketName: name,
    tags: tags(raw),
  };
  const address = raw.address;

  // Object Lock: v4+ `object_lock_enabled`, v3 `object_lock_configuration[0].object_lock_enabled = "Enabled"`.
  const inlineLock = block(raw, ['object_lock_configuration']);
  if (given(raw, ['object_lock_enabled']) && unknownAt(raw, ['object_lock_enabled']))
    markUnknown(b, 'objectLockEnabled');
  else if (given(raw, ['object_lock_configuration']) && unknownAt(raw, ['object_lock_configuration'])) {
    for (const f of ['objectLockEnabled', 'objectLockMode', 'objectLockDays', 'objectLockYears']) markUnknown(b, f);
  } else {
    const enabledFlag = given(raw, ['object_lock_enabled']) ? bool(raw, ['object_lock_enabled']) : undefined;
    const inlineEnabled = given(raw, ['object_lock_configuration'])
      ? own(inlineLock, 'object_lock_enabled') === 'Enabled'
      : false;
    b.objectLockEnabled = enabledFlag === true || inlineEnabled;
    setOrigin(
      b,
      'objectLockEnabled',
      inlineEnabled ? `${address}.object_lock_configuration` : `${address}.object_lock_enabled`,
    );
    if (inlineLock && given(raw, ['object_lock_configuration'])) {
      applyRetention(b, firstOf(own(inlineLock, 'rule')));
      for (const f of ['objectLockMode', 'objectLockDays', 'objectLockYears'])
        setOrigin(b, f, `${address}.object_lock_configuration[0].rule[0].default_retention[0]`);
    }
  }

  // Default encryption: S3 encrypts every new object with SSE-S3 when nothing else is configured.
  if (
    given(raw, ['server_side_encryption_configuration']) &&
    unknownAt(raw, ['server_side_encryption_configuration'])
  ) {
    markUnknown(b, 'sseAlgorithm');
    markUnknown(b, 'kmsKey');
  } else if (
    given(raw, ['server_side_encryption_configuration']) &&
    block(raw, ['server_side_encryption_configuration'])
  ) {
    applyEncryption(b, ctx, raw, ['server_side_encryption_configuration', 0, 'rule', 0]);
    setOrigin(b, 'sseAlgorithm', `${address}.server_side_encryption_configuration`);
    setOrigin(b, 'kmsKey', `${address}.server_side_encryption_configuration`);
  }
  if (b.sseAlgorithm === undefined && !(b.meta.unknown ?? []).includes('sseAlgorithm')) {
    b.sseAlgorithm = DEFAULTS.s3DefaultEncryption.value;
    setOrigin(b, 'sseAlgorithm', `${address} (S3 default encryption: SSE-S3)`);
    (b.meta.defaults ??= {}).sseAlgorithm = citeDefault(DEFAULTS.s3DefaultEncryption);
  }

  // Versioning: v3 inline `versioning[0].enabled`; Object Lock turns it on and keeps it on.
  if (given(raw, ['versioning']) && unknownAt(raw, ['versioning'])) markUnknown(b, 'versioning');
  else {
    const v = given(raw, ['versioning']) ? block(raw, ['versioning']) : undefined;
    const enabled = own(v, 'enabled');
    if (enabled === true) b.versioning = 'Enabled';
    else if (b.objectLockEnabled) b.versioning = 'Enabled';
    else b.versioning = 'Disabled';
    setOrigin(
      b,
      'versioning',
      enabled === true
        ? `${address}.versioning`
        : b.objectLockEnabled
          ? `${address} (Object Lock enables versioning)`
          : `${address} (versioning not configured)`,
    );
  }

  if (given(raw, ['policy'])) {
    const policy = policyAt(ctx, raw, ['policy']);
    if (policy) {
      b.policy = policy;
      setOrigin(b, 'policy', `${address}.policy`);
      if (policy.state === 'unknown') markUnknown(b, 'policy');
    }
  }
  ctx.emit(b);
};

function bucketOf(ctx: AdapterContext, raw: RawResource): Bucket | undefined {
  return findParent(ctx, raw, ['bucket'], 'Bucket');
}

const objectLockFolder: Folder = (raw, ctx) => {
  const b = bucketOf(ctx, raw);
  if (!b) return;
  const status = str(raw, ['object_lock_enabled']);
  // The resource turns Object Lock on (it is how existing buckets enable it); "Enabled" is its only value.
  b.objectLockEnabled = status === undefined || status === 'Enabled';
  setOrigin(b, 'objectLockEnabled', `${raw.address}.object_lock_enabled`);
  if (unknownAt(raw, ['rule'])) {
    for (const f of ['objectLockMode', 'objectLockDays', 'objectLockYears']) markUnknown(b, f);
  } else {
    applyRetention(b, block(raw, ['rule']));
    for (const f of ['objectLockMode', 'objectLockDays', 'objectLockYears']) {
      setOrigin(b, f, `${raw.address}.rule[0].default_retention[0]`);
      if (b.meta.unknown) b.meta.unknown = b.meta.unknown.filter((u) => u !== f);
    }
  }
  if (b.versioning !== 'Enabled' && !(b.meta.unknown ?? []).includes('versioning')) {
    b.versioning = 'Enabled';
    setOrigin(b, 'versioning', `${raw.address} (Object Lock enables versioning)`);
  }
};

const policyFolder: Folder = (raw, ctx) => {
  const b = bucketOf(ctx, raw);
  if (!b) return;
  b.policy = policyAt(ctx, raw, ['policy']);
  setOrigin(b, 'policy', `${raw.address}.policy`);
  addUnknown(b, raw, 'policy', ['policy']);
  if (b.policy?.state === 'known' && b.meta.unknown) b.meta.unknown = b.meta.unknown.filter((f) => f !== 'policy');
};

const encryptionFolder: Folder = (raw, ctx) => {
  const b = bucketOf(ctx, raw);
  if (!b) return;
  if (unknownAt(raw, ['rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm']))
    markUnknown(b, 'sseAlgorithm');
  else applyEncryption(b, ctx, raw, ['rule', 0]);
  setOrigin(b, 'sseAlgorithm', `${raw.address}.rule[0].apply_server_side_encryption_by_default[0].sse_algorithm`);
  setOrigin(b, 'kmsKey', `${raw.address}.rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id`);
};

const versioningFolder: Folder = (raw, ctx) => {
  const b = bucketOf(ctx, raw);
  if (!b) return;
  const path: Path = ['versioning_configuration', 0, 'status'];
  if (unknownAt(raw, path)) markUnknown(b, 'versioning');
  else {
    b.versioning = str(raw, path) ?? b.versioning;
    if (b.meta.unknown) b.meta.unknown = b.meta.unknown.filter((f) => f !== 'versioning');
  }
  setOrigin(b, 'versioning', `${raw.address}.versioning_configuration[0].status`);
};

const publicAccessBlockFolder: Folder = (raw, ctx) => {
  const b = bucketOf(ctx, raw);
  if (!b) return;
  // Each flag defaults to false in the provider.
  const flag = (attr: string): boolean | undefined =>
    unknownAt(raw, [attr]) ? undefined : (bool(raw, [attr]) ?? false);
  b.publicAccessBlock = {
    blockPublicAcls: flag('block_public_acls'),
    blockPublicPolicy: flag('block_public_policy'),
    ignorePublicAcls: flag('ignore_public_acls'),
    restrictPublicBuckets: flag('restrict_public_buckets'),
  };
  setOrigin(b, 'publicAccessBlock', raw.address);
};

export const s3Adapters: Record<string, Adapter> = { aws_s3_bucket: bucketAdapter };

export const s3Folders: Record<string, Folder> = {
  aws_s3_bucket_object_lock_configuration: objectLockFolder,
  aws_s3_bucket_policy: policyFolder,
  aws_s3_bucket_server_side_encryption_configuration: encryptionFolder,
  aws_s3_bucket_versioning: versioningFolder,
  aws_s3_bucket_public_access_block: publicAccessBlockFolder,
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const s3Fills: Fills = {
  aws_s3_bucket: ['Bucket'],
  aws_s3_bucket_object_lock_configuration: ['Bucket'],
  aws_s3_bucket_policy: ['Bucket'],
  aws_s3_bucket_server_side_encryption_configuration: ['Bucket'],
  aws_s3_bucket_versioning: ['Bucket'],
  aws_s3_bucket_public_access_block: ['Bucket'],
};
