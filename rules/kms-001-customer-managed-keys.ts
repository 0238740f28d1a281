import { protectionOf, type Artefact } from '../src/analysis/encryption.js';
import { evidence, fail, notAssessed, pass, REDACTED, resourceOf, unsettled } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isSensitive, ofKind, type Inventory } from '../src/model/inventory.js';

const EXPECTED = 'encrypted with a customer-managed KMS key (not AES256, not an aws/* key, not an AWS owned key)';

/**
 * Kinds whose encryption is not their own: a knowledge base's data lives in its vector store and data
 * sources; a cluster instance whose cluster is outside the input is encrypted as that cluster is.
 */
const STORES_NOTHING = new Set(['bedrock-knowledge-base', 'aurora-instance', 'neptune-instance']);

function judge(inventory: Inventory, e: Artefact): RuleResult {
  const res = resourceOf(e);
  const p = protectionOf(inventory, e);
  switch (p.state) {
    case 'customer-key': {
      const where = p.key
        ? p.key.meta.address
        : `${isSensitive(e, 'kmsKey') ? REDACTED : p.name} (a customer alias outside this input)`;
      return pass(res, {
        message: `Encrypted with customer-managed key ${where}`,
        evidence: [evidence(e, 'kmsKey', p.name, EXPECTED, p.source)],
      });
    }
    case 'aws-key':
      return fail(res, {
        message: `Encrypted with ${p.what}, not a customer-managed key`,
        evidence: [evidence(e, 'kmsKey', p.what, EXPECTED, p.source)],
      });
    case 'unencrypted':
      return fail(res, {
        message: `Not encrypted at rest: ${p.what}`,
        evidence: [evidence(e, 'encrypted', p.what, EXPECTED, p.source)],
      });
    case 'unsettled':
      return unsettled(res, p.value, {
        message: `${p.what} (${p.source})`,
        evidence: [
          evidence(
            e,
            'kmsKey',
            p.value.state === 'unknown' ? '(known after apply)' : '(not readable)',
            EXPECTED,
            p.source,
          ),
        ],
      });
    case 'unstated':
      return notAssessed(res, 'needs-review', {
        message: p.what,
        evidence: [evidence(e, 'kmsKey', null, EXPECTED, p.source)],
      });
  }
}

export const rule: Rule = {
  meta: {
    id: 'KMS-001',
    title: 'Persistent artefacts are encrypted with customer-managed KMS keys',
    severity: 'high',
    layer: 2,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Only a customer-managed key lets the customer decide, in its key policy, who may decrypt data, and revoke that decision: AES256 (SSE-S3), AWS owned keys and the aws/* managed keys are governed by AWS policies the customer cannot narrow or audit per use.',
    remediation:
      'Set the key argument of each store to a customer-managed `aws_kms_key`: `kms_key_id` (CloudWatch log groups, Secrets Manager, RDS/Aurora and DocumentDB with `storage_encrypted = true`, Redshift with `encrypted = true`, SageMaker notebook instances and domains, EBS/EFS with `encrypted = true`, CloudTrail), `kms_key_arn` (Neptune with `storage_encrypted = true`, DMS replication instances, SageMaker endpoint configurations), `server_side_encryption { enabled = true, kms_key_arn }` (DynamoDB), `encrypt_at_rest { enabled = true, kms_key_id }` (OpenSearch), an encryption security policy with `KmsARN` (OpenSearch Serverless), `kms_master_key_id` (SQS, SNS), `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = "aws:kms"` and `kms_master_key_id`, `server_side_encryption_configuration { kms_key_arn }` (Bedrock data sources), `customer_encryption_key_arn` (agents), `kms_key_arn` (guardrails).',
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/data-encryption.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
    ],
    reads: ['DataStore', 'Bucket', 'Trail', 'KmsKey'],
  },
  check(inventory) {
    const artefacts: Artefact[] = [
      ...ofKind(inventory, 'DataStore').filter((d) => !STORES_NOTHING.has(d.storeKind)),
      ...ofKind(inventory, 'Bucket'),
      ...ofKind(inventory, 'Trail'),
    ];
    return artefacts.map((e) => judge(inventory, e));
  },
};
