import { describe, it } from 'vitest';
import { ref, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { kmsKey, plan } from './kmsFixtures.js';

function store(address: string, attr: string, key: string, values: Record<string, string> = {}): ResourceSpec {
  return {
    address,
    values,
    unknown: { arn: true, [attr]: true },
    expressions: { [attr]: ref(`aws_kms_key.${key}.arn`) },
  };
}

const cases: RuleCase[] = [
  {
    name: 'a key per purpose passes',
    plan: plan(
      kmsKey('logs'),
      kmsKey('secrets'),
      store('aws_cloudwatch_log_group.app', 'kms_key_id', 'logs', { name: 'app' }),
      store('aws_secretsmanager_secret.db', 'kms_key_id', 'secrets'),
    ),
    expect: { 'aws_kms_key.logs': 'pass', 'aws_kms_key.secrets': 'pass' },
  },
  {
    name: 'several artefacts of one class on one key pass',
    plan: plan(
      kmsKey('secrets'),
      store('aws_secretsmanager_secret.a', 'kms_key_id', 'secrets'),
      store('aws_secretsmanager_secret.b', 'kms_key_id', 'secrets'),
    ),
    expect: { 'aws_kms_key.secrets': 'pass' },
  },
  {
    name: 'one key for secrets and the knowledge base fails',
    plan: plan(kmsKey('shared'), store('aws_secretsmanager_secret.db', 'kms_key_id', 'shared'), {
      address: 'aws_bedrockagent_data_source.docs',
      values: { name: 'docs', server_side_encryption_configuration: [{ kms_key_arn: null }] },
      unknown: { id: true, server_side_encryption_configuration: [{ kms_key_arn: true }] },
      expressions: { server_side_encryption_configuration: [{ kms_key_arn: ref('aws_kms_key.shared.arn') }] },
    }),
    expect: { 'aws_kms_key.shared': 'fail' },
  },
  {
    name: 'a key no artefact names is not applicable',
    plan: plan(kmsKey('spare')),
    expect: { 'aws_kms_key.spare': 'not-assessed/not-applicable' },
  },
];

describe('KMS-005 one key per purpose', () => {
  for (const c of cases) it(c.name, () => checkCase('KMS-005', c));
});
