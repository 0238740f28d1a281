import { describe, it } from 'vitest';
import { ref, type JsonValue, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { kmsKey, plan } from './kmsFixtures.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/0b6f0c7e-1111-2222-3333-444455556666';

/** A store whose key argument references `aws_kms_key.cmk` (unknown until apply). */
function withKey(address: string, path: string[], values: Record<string, JsonValue> = {}): ResourceSpec {
  const unknown: Record<string, JsonValue> = { arn: true, id: true };
  let u: Record<string, JsonValue> = unknown;
  let e: Record<string, JsonValue> = {};
  const expressions = e;
  path.forEach((step, i) => {
    if (i === path.length - 1) {
      u[step] = true;
      e[step] = ref('aws_kms_key.cmk.arn');
    } else {
      const nu: Record<string, JsonValue> = {};
      const ne: Record<string, JsonValue> = {};
      u[step] = [nu];
      e[step] = [ne];
      u = nu;
      e = ne;
    }
  });
  return { address, values, unknown, expressions };
}

/** A store that sets nothing: computed key attributes show unknown, configuration sets nothing. */
function bare(
  address: string,
  values: Record<string, JsonValue> = {},
  unknown: Record<string, JsonValue> = {},
): ResourceSpec {
  return { address, values, unknown: { arn: true, id: true, ...unknown } };
}

const cmk = kmsKey('cmk');

const cases: RuleCase[] = [
  {
    name: 'a log group with a customer-managed key passes',
    plan: plan(cmk, withKey('aws_cloudwatch_log_group.app', ['kms_key_id'], { name: 'app' })),
    expect: { 'aws_cloudwatch_log_group.app': 'pass' },
  },
  {
    name: 'a log group without a key (AWS owned key) fails',
    plan: plan(bare('aws_cloudwatch_log_group.app', { name: 'app' })),
    expect: { 'aws_cloudwatch_log_group.app': 'fail' },
  },
  {
    name: 'a secret with the aws/secretsmanager alias fails',
    plan: plan(bare('aws_secretsmanager_secret.s', { name: 's', kms_key_id: 'alias/aws/secretsmanager' })),
    expect: { 'aws_secretsmanager_secret.s': 'fail' },
  },
  {
    name: 'a secret without kms_key_id (aws/secretsmanager) fails',
    plan: plan(bare('aws_secretsmanager_secret.s', { name: 's' }, { kms_key_id: true })),
    expect: { 'aws_secretsmanager_secret.s': 'fail' },
  },
  {
    name: 'a secret encrypted through an alias of a key in the input passes',
    plan: plan(
      cmk,
      {
        address: 'aws_kms_alias.secrets',
        values: { name: 'alias/secrets' },
        unknown: { target_key_id: true, arn: true },
        expressions: { name: { constant_value: 'alias/secrets' }, target_key_id: ref('aws_kms_key.cmk.key_id') },
      },
      bare('aws_secretsmanager_secret.s', { name: 's', kms_key_id: 'alias/secrets' }),
    ),
    expect: { 'aws_secretsmanager_secret.s': 'pass' },
  },
  {
    // A key ARN alone does not say who manages the key: aws/secretsmanager has an ARN too.
    name: 'a secret naming a key ARN outside the input needs review (not taken as customer-managed)',
    plan: plan(bare('aws_secretsmanager_secret.s', { name: 's', kms_key_id: KEY_ARN })),
    expect: { 'aws_secretsmanager_secret.s': 'not-assessed/needs-review' },
  },
  {
    name: 'a secret naming a customer alias outside the input passes (aws/ aliases are reserved to AWS)',
    plan: plan(bare('aws_secretsmanager_secret.s', { name: 's', kms_key_id: 'alias/app-secrets' })),
    expect: { 'aws_secretsmanager_secret.s': 'pass' },
  },
  {
    name: 'a key argument unknown until apply that names no key in the input is not assessed',
    plan: plan({
      address: 'aws_cloudwatch_log_group.app',
      values: { name: 'app' },
      unknown: { arn: true, kms_key_id: true },
      expressions: { kms_key_id: ref('var.log_key') },
    }),
    expect: { 'aws_cloudwatch_log_group.app': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'DynamoDB with a customer key passes',
    plan: plan(
      cmk,
      withKey('aws_dynamodb_table.t', ['server_side_encryption', 'kms_key_arn'], {
        name: 't',
        server_side_encryption: [{ enabled: true, kms_key_arn: null }],
      }),
    ),
    expect: { 'aws_dynamodb_table.t': 'pass' },
  },
  {
    name: 'DynamoDB without server-side encryption settings (AWS owned key) fails',
    plan: plan(bare('aws_dynamodb_table.t', { name: 't' })),
    expect: { 'aws_dynamodb_table.t': 'fail' },
  },
  {
    name: 'RDS without storage encryption fails',
    plan: plan(bare('aws_db_instance.db', { storage_encrypted: false })),
    expect: { 'aws_db_instance.db': 'fail' },
  },
  {
    name: 'RDS encrypted with the default aws/rds key fails',
    plan: plan(bare('aws_db_instance.db', { storage_encrypted: true }, { kms_key_id: true })),
    expect: { 'aws_db_instance.db': 'fail' },
  },
  {
    name: 'Aurora encrypted with a customer key passes',
    plan: plan(cmk, withKey('aws_rds_cluster.c', ['kms_key_id'], { storage_encrypted: true })),
    expect: { 'aws_rds_cluster.c': 'pass' },
  },
  {
    name: 'OpenSearch encrypted at rest with a customer key passes',
    plan: plan(
      cmk,
      withKey('aws_opensearch_domain.d', ['encrypt_at_rest', 'kms_key_id'], {
        domain_name: 'd',
        encrypt_at_rest: [{ enabled: true, kms_key_id: null }],
      }),
    ),
    expect: { 'aws_opensearch_domain.d': 'pass' },
  },
  {
    name: 'an OpenSearch Serverless collection takes its key from the matching encryption policy',
    plan: plan(
      bare('aws_kms_key.cmk', { arn: KEY_ARN, enable_key_rotation: true }),
      bare('aws_opensearchserverless_collection.kb', { name: 'kb-vectors' }),
      bare('aws_opensearchserverless_security_policy.enc', {
        type: 'encryption',
        name: 'enc',
        policy: JSON.stringify({
          Rules: [{ ResourceType: 'collection', Resource: ['collection/kb-*'] }],
          AWSOwnedKey: false,
          KmsARN: KEY_ARN,
        }),
      }),
    ),
    expect: { 'aws_opensearchserverless_collection.kb': 'pass' },
  },
  {
    name: 'an OpenSearch Serverless collection under an AWS owned key fails',
    plan: plan(
      bare('aws_opensearchserverless_collection.kb', { name: 'kb' }),
      bare('aws_opensearchserverless_security_policy.enc', {
        type: 'encryption',
        name: 'enc',
        policy: JSON.stringify({
          Rules: [{ ResourceType: 'collection', Resource: ['collection/kb'] }],
          AWSOwnedKey: true,
        }),
      }),
    ),
    expect: { 'aws_opensearchserverless_collection.kb': 'fail' },
  },
  {
    name: 'an OpenSearch Serverless collection with no encryption policy in the input needs review',
    plan: plan(bare('aws_opensearchserverless_collection.kb', { name: 'kb' })),
    expect: { 'aws_opensearchserverless_collection.kb': 'not-assessed/needs-review' },
  },
  {
    // With EBS encryption by default on, the account's default key encrypts every new volume whatever
    // `encrypted` says: without a key named, only that account setting decides, the same way each time.
    name: 'an EBS volume with encrypted = false, with nothing set, or encrypted without a key: the account setting decides',
    plan: plan(
      bare('aws_ebs_volume.off', { encrypted: false }),
      bare('aws_ebs_volume.bare', {}),
      bare('aws_ebs_volume.on', { encrypted: true }),
    ),
    expect: {
      'aws_ebs_volume.off': 'not-assessed/needs-review',
      'aws_ebs_volume.bare': 'not-assessed/needs-review',
      'aws_ebs_volume.on': 'not-assessed/needs-review',
    },
  },
  {
    name: 'an EBS volume naming a customer key passes',
    plan: plan(cmk, withKey('aws_ebs_volume.v', ['kms_key_id'], { encrypted: true })),
    expect: { 'aws_ebs_volume.v': 'pass' },
  },
  {
    name: 'an SQS queue with SSE-SQS fails',
    plan: plan(bare('aws_sqs_queue.q', { sqs_managed_sse_enabled: true })),
    expect: { 'aws_sqs_queue.q': 'fail' },
  },
  {
    name: 'an SNS topic with a customer key passes',
    plan: plan(cmk, withKey('aws_sns_topic.t', ['kms_master_key_id'])),
    expect: { 'aws_sns_topic.t': 'pass' },
  },
  {
    name: 'a Bedrock data source without server-side encryption configuration fails',
    plan: plan(bare('aws_bedrockagent_data_source.docs', { name: 'docs' })),
    expect: { 'aws_bedrockagent_data_source.docs': 'fail' },
  },
  {
    name: 'a Bedrock agent with customer_encryption_key_arn passes',
    plan: plan(cmk, withKey('aws_bedrockagent_agent.a', ['customer_encryption_key_arn'], { agent_name: 'a' })),
    expect: { 'aws_bedrockagent_agent.a': 'pass' },
  },
  {
    name: 'a Bedrock guardrail without kms_key_arn fails',
    plan: plan(bare('aws_bedrock_guardrail.g', { name: 'g' })),
    expect: { 'aws_bedrock_guardrail.g': 'fail' },
  },
  {
    name: 'a knowledge base stores nothing itself and is not judged',
    plan: plan(bare('aws_bedrockagent_knowledge_base.kb', { name: 'kb' })),
    expect: {},
  },
  {
    name: 'an S3 bucket left on SSE-S3 fails',
    plan: plan(bare('aws_s3_bucket.data', { bucket: 'data' })),
    expect: { 'aws_s3_bucket.data': 'fail' },
  },
  {
    name: 'an S3 bucket with aws:kms and a customer key (split resource) passes',
    plan: plan(cmk, bare('aws_s3_bucket.data', { bucket: 'data' }), {
      address: 'aws_s3_bucket_server_side_encryption_configuration.data',
      values: {
        bucket: 'data',
        rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: null }] }],
      },
      unknown: { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] },
      expressions: {
        bucket: ref('aws_s3_bucket.data.id'),
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { sse_algorithm: { constant_value: 'aws:kms' }, kms_master_key_id: ref('aws_kms_key.cmk.arn') },
            ],
          },
        ],
      },
    }),
    expect: { 'aws_s3_bucket.data': 'pass' },
  },
  {
    name: 'an Amazon MQ broker on its AWS owned key fails',
    plan: plan(
      bare('aws_mq_broker.b', { broker_name: 'b', engine_type: 'RabbitMQ', auto_minor_version_upgrade: false }),
    ),
    expect: { 'aws_mq_broker.b': 'fail' },
  },
  {
    name: 'a CloudTrail trail without kms_key_id fails',
    plan: plan(bare('aws_cloudtrail.org', { name: 'org', s3_bucket_name: 'audit' })),
    expect: { 'aws_cloudtrail.org': 'fail' },
  },
];

describe('KMS-001 customer-managed keys', () => {
  for (const c of cases) it(c.name, () => checkCase('KMS-001', c));
});
