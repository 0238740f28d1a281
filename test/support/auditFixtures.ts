/**
 * Building blocks for audit fixtures in `terraform show -json` shape: the workload and log-archive
 * providers, audit buckets with their split resources, trails and invocation logging. Split
 * resources name their bucket by reference, so at plan time the bucket attribute is unknown and the
 * loader relates them through `configuration`, as in a real plan.
 */
import { constant, ref, type JsonValue, type ProviderSpec, type ResourceSpec } from './planBuilder.js';

export const WORKLOAD_ACCOUNT = '111111111111';
export const LOG_ARCHIVE_ACCOUNT = '222222222222';
export const LOG_ARCHIVE_KEY = 'aws.logarchive';

export const PROVIDERS: Record<string, ProviderSpec> = {
  aws: { region: 'us-east-1', allowedAccountIds: [WORKLOAD_ACCOUNT] },
  [LOG_ARCHIVE_KEY]: {
    region: 'us-east-1',
    alias: 'logarchive',
    assumeRoleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/log-archive-writer`,
  },
};

export function constants(values: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null) out[k] = constant(v);
  return out;
}

/** A split resource (`aws_s3_bucket_policy` ...) whose `bucket` is `<bucketAddress>.id`, unknown until apply. */
export function splitOf(
  address: string,
  bucketAddress: string,
  values: Record<string, JsonValue>,
  providerKey?: string,
): ResourceSpec {
  return {
    address,
    values,
    unknown: { id: true, bucket: true },
    expressions: { ...constants(values), bucket: ref(`${bucketAddress}.id`) },
    ...(providerKey ? { providerKey } : {}),
  };
}

export function denyDeletePolicy(
  bucketName: string,
  actions: string[] = ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  extra: Record<string, JsonValue> = {},
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyDelete',
        Effect: 'Deny',
        Principal: '*',
        Action: actions,
        Resource: `arn:aws:s3:::${bucketName}/*`,
        ...extra,
      },
      {
        Sid: 'CloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucketName}/*`,
      },
    ],
  });
}

export interface AuditBucketOptions {
  name: string;
  address?: string;
  providerKey?: string;
  /** Object Lock default retention; null = Object Lock off. */
  lock?: { mode: string; days?: number; years?: number } | null;
  /** Bucket policy JSON; null = none. */
  policy?: string | null;
  publicAccessBlock?: boolean;
  versioning?: boolean;
  /** Default encryption with this customer-managed key (an `aws_kms_key` address); unset = S3's SSE-S3 default. */
  kmsKeyAddress?: string;
}

/** An audit bucket with its split resources (v4+ provider style). */
export function auditBucket(o: AuditBucketOptions): ResourceSpec[] {
  const address = o.address ?? `aws_s3_bucket.${o.name.replace(/[^a-z0-9]/g, '_')}`;
  const local = address.split('.').pop() as string;
  const providerKey = o.providerKey;
  const lock = o.lock === undefined ? { mode: 'COMPLIANCE', years: 7 } : o.lock;
  const out: ResourceSpec[] = [
    {
      address,
      values: { bucket: o.name, object_lock_enabled: lock !== null, force_destroy: false },
      // Optional+Computed attributes a v4+ plan shows unknown when nobody set them.
      unknown: {
        id: true,
        arn: true,
        versioning: true,
        server_side_encryption_configuration: true,
        policy: true,
        object_lock_configuration: true,
      },
      ...(providerKey ? { providerKey } : {}),
    },
  ];
  if (lock) {
    out.push(
      splitOf(
        `aws_s3_bucket_object_lock_configuration.${local}`,
        address,
        {
          object_lock_enabled: 'Enabled',
          rule: [{ default_retention: [{ mode: lock.mode, days: lock.days ?? null, years: lock.years ?? null }] }],
        },
        providerKey,
      ),
    );
  }
  const policy = o.policy === undefined ? denyDeletePolicy(o.name) : o.policy;
  if (policy !== null) out.push(splitOf(`aws_s3_bucket_policy.${local}`, address, { policy }, providerKey));
  if (o.publicAccessBlock !== false) {
    out.push(
      splitOf(
        `aws_s3_bucket_public_access_block.${local}`,
        address,
        { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
        providerKey,
      ),
    );
  }
  if (o.versioning !== false)
    out.push(
      splitOf(
        `aws_s3_bucket_versioning.${local}`,
        address,
        { versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] },
        providerKey,
      ),
    );
  if (o.kmsKeyAddress) {
    const sse = splitOf(
      `aws_s3_bucket_server_side_encryption_configuration.${local}`,
      address,
      {
        rule: [
          {
            bucket_key_enabled: true,
            apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: null }],
          },
        ],
      },
      providerKey,
    );
    sse.unknown = {
      ...sse.unknown,
      rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }],
    };
    sse.expressions = {
      bucket: ref(`${address}.id`),
      rule: [
        {
          bucket_key_enabled: constant(true),
          apply_server_side_encryption_by_default: [
            { sse_algorithm: constant('aws:kms'), kms_master_key_id: ref(`${o.kmsKeyAddress}.arn`) },
          ],
        },
      ],
    };
    out.push(sse);
  }
  return out;
}

export function fieldSelector(field: string, equals: string[]): Record<string, JsonValue> {
  return {
    field,
    equals,
    not_equals: null,
    starts_with: null,
    ends_with: null,
    not_starts_with: null,
    not_ends_with: null,
  };
}

export const MANAGEMENT_SELECTOR = {
  name: 'Management events',
  field_selector: [fieldSelector('eventCategory', ['Management'])],
};

export function dataSelector(type: string, extra: Array<Record<string, JsonValue>> = []): Record<string, JsonValue> {
  return {
    name: `${type} data events`,
    field_selector: [fieldSelector('eventCategory', ['Data']), fieldSelector('resources.type', [type]), ...extra],
  };
}

export const BEDROCK_SELECTORS = [
  MANAGEMENT_SELECTOR,
  dataSelector('AWS::Bedrock::Model'),
  dataSelector('AWS::Bedrock::AgentAlias'),
];

export interface TrailOptions {
  address?: string;
  bucketAddress?: string;
  /** A literal bucket name instead of a reference. */
  bucketName?: string;
  values?: Record<string, JsonValue>;
}

/** A trail that meets AUD-001 and AUD-002 unless `values` says otherwise. */
export function trail(o: TrailOptions = {}): ResourceSpec {
  const values: Record<string, JsonValue> = {
    name: 'organization',
    is_multi_region_trail: true,
    enable_log_file_validation: true,
    include_global_service_events: true,
    enable_logging: true,
    event_selector: [],
    advanced_event_selector: BEDROCK_SELECTORS,
    ...(o.bucketName ? { s3_bucket_name: o.bucketName } : {}),
    ...o.values,
  };
  const expressions = constants(values);
  if (!o.bucketName) expressions.s3_bucket_name = ref(`${o.bucketAddress ?? 'aws_s3_bucket.trail'}.id`);
  return {
    address: o.address ?? 'aws_cloudtrail.main',
    values,
    unknown: { id: true, arn: true, ...(o.bucketName ? {} : { s3_bucket_name: true }) },
    expressions,
  };
}

export function invocationLogging(bucketAddress: string, logging: Record<string, JsonValue> = {}): ResourceSpec {
  const loggingConfig = {
    text_data_delivery_enabled: true,
    image_data_delivery_enabled: false,
    embedding_data_delivery_enabled: false,
    s3_config: [{ bucket_name: null, key_prefix: 'bedrock/' }],
    cloudwatch_config: [],
    ...logging,
  };
  return {
    address: 'aws_bedrock_model_invocation_logging_configuration.main',
    values: { logging_config: [loggingConfig] },
    unknown: { id: true, logging_config: [{ s3_config: [{ bucket_name: true }] }] },
    expressions: {
      logging_config: [
        {
          text_data_delivery_enabled: constant(loggingConfig.text_data_delivery_enabled as JsonValue),
          s3_config: [{ bucket_name: ref(`${bucketAddress}.id`), key_prefix: constant('bedrock/') }],
        },
      ],
    },
  };
}
