/**
 * Audit part of the shipped scenarios (workload account 111111111111, us-east-1).
 *
 * The blueprint: a multi-region trail (log file validation, global events, management events read and
 * write, advanced selectors for AWS::Bedrock::Model and AWS::Bedrock::AgentAlias) and Bedrock
 * invocation logging with text delivery, each to its own bucket in the log-archive account
 * 222222222222 (provider `aws.logarchive`): Object Lock COMPLIANCE for 7 years, a Deny of
 * s3:DeleteObject and s3:DeleteObjectVersion, public access blocked, versioning on, and encryption
 * with a per-purpose customer-managed key.
 *
 * The leaky twin looks audited but is not: its trail records management events and S3 data events
 * but no AWS::Bedrock::Model data events, a second trail records Bedrock agent data events without
 * management events (where InvokeModel is recorded), the trail bucket sits in the workload account
 * with Object Lock in GOVERNANCE mode and a Deny of s3:DeleteObject alone, and invocation logging
 * keeps images but no text, for 90 days.
 */
import {
  auditBucket,
  dataSelector,
  denyDeletePolicy,
  invocationLogging,
  LOG_ARCHIVE_ACCOUNT,
  LOG_ARCHIVE_KEY,
  MANAGEMENT_SELECTOR,
  trail,
  WORKLOAD_ACCOUNT,
} from '../auditFixtures.js';
import { constant, ref, type ResourceSpec } from '../planBuilder.js';

const TRAIL_BUCKET = `bedrock-audit-trail-${LOG_ARCHIVE_ACCOUNT}`;
const INVOCATION_BUCKET = `bedrock-invocation-logs-${LOG_ARCHIVE_ACCOUNT}`;

/** A log-archive key for one purpose: the archive account administers it, one service writes with it. */
function logKey(name: string, service: string, purpose: string): ResourceSpec {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LogArchiveAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'ServiceEncryptsForWorkload',
        Effect: 'Allow',
        Principal: { Service: service },
        Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': WORKLOAD_ACCOUNT } },
      },
    ],
  });
  const values = {
    description: `${purpose} (log archive)`,
    enable_key_rotation: true,
    rotation_period_in_days: 365,
    key_usage: 'ENCRYPT_DECRYPT',
    customer_master_key_spec: 'SYMMETRIC_DEFAULT',
    policy,
  };
  return {
    address: `aws_kms_key.${name}`,
    values,
    unknown: { id: true, arn: true, key_id: true },
    providerKey: LOG_ARCHIVE_KEY,
  };
}

function bucketPolicy(bucket: string, service: string, deleteActions: string[]): string {
  const doc = JSON.parse(denyDeletePolicy(bucket, deleteActions)) as { Statement: Array<Record<string, unknown>> };
  doc.Statement[1] = {
    Sid: 'ServiceWritesForWorkload',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::${bucket}/*`,
    Condition: { StringEquals: { 'aws:SourceAccount': WORKLOAD_ACCOUNT } },
  };
  return JSON.stringify(doc);
}

const BEDROCK_DATA = [dataSelector('AWS::Bedrock::Model'), dataSelector('AWS::Bedrock::AgentAlias')];

export function blueprintAudit(): ResourceSpec[] {
  const auditTrail = trail({
    address: 'aws_cloudtrail.organization',
    bucketAddress: 'aws_s3_bucket.audit_trail',
    values: { name: 'bedrock-audit', advanced_event_selector: [MANAGEMENT_SELECTOR, ...BEDROCK_DATA] },
  });
  auditTrail.unknown = { ...auditTrail.unknown, kms_key_id: true };
  auditTrail.expressions = { ...auditTrail.expressions, kms_key_id: ref('aws_kms_key.audit_trail.arn') };
  return [
    logKey('audit_trail', 'cloudtrail.amazonaws.com', 'CloudTrail logs'),
    logKey('invocation_logs', 'bedrock.amazonaws.com', 'Bedrock invocation logs'),
    ...auditBucket({
      name: TRAIL_BUCKET,
      address: 'aws_s3_bucket.audit_trail',
      providerKey: LOG_ARCHIVE_KEY,
      lock: { mode: 'COMPLIANCE', years: 7 },
      policy: bucketPolicy(TRAIL_BUCKET, 'cloudtrail.amazonaws.com', ['s3:DeleteObject', 's3:DeleteObjectVersion']),
      kmsKeyAddress: 'aws_kms_key.audit_trail',
    }),
    ...auditBucket({
      name: INVOCATION_BUCKET,
      address: 'aws_s3_bucket.invocation_logs',
      providerKey: LOG_ARCHIVE_KEY,
      lock: { mode: 'COMPLIANCE', years: 7 },
      policy: bucketPolicy(INVOCATION_BUCKET, 'bedrock.amazonaws.com', ['s3:DeleteObject', 's3:DeleteObjectVersion']),
      kmsKeyAddress: 'aws_kms_key.invocation_logs',
    }),
    auditTrail,
    invocationLogging('aws_s3_bucket.invocation_logs'),
  ];
}

export function leakyAudit(): ResourceSpec[] {
  const trailBucket = `bedrock-audit-trail-${WORKLOAD_ACCOUNT}`;
  const invocationBucket = `bedrock-invocation-logs-${WORKLOAD_ACCOUNT}`;
  const logging = invocationLogging('aws_s3_bucket.invocation_logs', {
    text_data_delivery_enabled: false,
    image_data_delivery_enabled: true,
  });
  logging.expressions = {
    logging_config: [
      {
        text_data_delivery_enabled: constant(false),
        image_data_delivery_enabled: constant(true),
        s3_config: [{ bucket_name: ref('aws_s3_bucket.invocation_logs.id') }],
      },
    ],
  };
  return [
    // In the workload account (default provider), GOVERNANCE mode, and only DeleteObject denied.
    ...auditBucket({
      name: trailBucket,
      address: 'aws_s3_bucket.audit_trail',
      lock: { mode: 'GOVERNANCE', years: 7 },
      policy: bucketPolicy(trailBucket, 'cloudtrail.amazonaws.com', ['s3:DeleteObject']),
    }),
    // In the log-archive account, but kept for 90 days only.
    ...auditBucket({
      name: invocationBucket,
      address: 'aws_s3_bucket.invocation_logs',
      providerKey: LOG_ARCHIVE_KEY,
      lock: { mode: 'COMPLIANCE', days: 90 },
      policy: bucketPolicy(invocationBucket, 'bedrock.amazonaws.com', ['s3:Delete*']),
    }),
    trail({
      address: 'aws_cloudtrail.organization',
      bucketAddress: 'aws_s3_bucket.audit_trail',
      values: { name: 'audit', advanced_event_selector: [MANAGEMENT_SELECTOR, dataSelector('AWS::S3::Object')] },
    }),
    trail({
      address: 'aws_cloudtrail.bedrock_agents',
      bucketAddress: 'aws_s3_bucket.audit_trail',
      values: {
        name: 'bedrock-agents',
        is_multi_region_trail: false,
        advanced_event_selector: [dataSelector('AWS::Bedrock::AgentAlias')],
      },
    }),
    logging,
  ];
}
