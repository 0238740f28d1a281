import { describe, expect, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, findingsFor, type RuleCase } from '../support/ruleTester.js';
import { kmsKey, plan, policy, rootStatement, WORKLOAD } from './kmsFixtures.js';

/** A key policy of at least `bytes` bytes: the root statement plus grants to many roles. */
function policyOfSize(bytes: number): string {
  const roles: string[] = [];
  let text = policy(rootStatement);
  while (Buffer.byteLength(text) < bytes) {
    roles.push(`arn:aws:iam::${WORKLOAD}:role/application-role-with-a-long-name-${roles.length}`);
    text = policy(rootStatement, {
      Sid: 'Apps',
      Effect: 'Allow',
      Principal: { AWS: roles },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
    });
  }
  return text;
}

const cases: RuleCase[] = [
  {
    name: 'a small key policy passes',
    plan: plan(kmsKey('k', { policy: policy(rootStatement) })),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  { name: 'the default key policy passes', plan: plan(kmsKey('k')), expect: { 'aws_kms_key.k': 'pass' } },
  {
    name: 'a 9 KB key policy is flagged',
    plan: plan(kmsKey('k', { policy: policyOfSize(9 * 1024) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a 33 KB key policy fails',
    plan: plan(kmsKey('k', { policy: policyOfSize(33 * 1024) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a 9 KB policy passes when the warning threshold is raised',
    plan: plan(kmsKey('k', { policy: policyOfSize(9 * 1024) })),
    config: { keyPolicyWarnBytes: 16_384 },
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'a key policy rebuilt from its policy document is sized as the provider renders it',
    plan: plan(
      {
        address: 'data.aws_iam_policy_document.key',
        values: {
          statement: Array.from({ length: 60 }, (_, i) => ({
            sid: `Team${i}`,
            effect: 'Allow',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: ['*'],
            principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${WORKLOAD}:role/team-${i}`] }],
            condition: [],
          })),
        },
        unknown: { json: true, id: true },
      },
      kmsKey('k', {}, { expressions: { policy: ref('data.aws_iam_policy_document.key.json') } }),
    ),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'an unknown key policy is not assessed',
    plan: plan(kmsKey('k', {}, { expressions: { policy: { references: ['local.policy'] } } })),
    expect: { 'aws_kms_key.k': 'not-assessed/unknown-at-plan' },
  },
];

describe('KMS-003 key policy size', () => {
  for (const c of cases) it(c.name, () => checkCase('KMS-003', c));

  it('over 8 KB is a medium warning, over 32 KB a high failure', () => {
    const medium = findingsFor('KMS-003', plan(kmsKey('k', { policy: policyOfSize(9 * 1024) })));
    const high = findingsFor('KMS-003', plan(kmsKey('k', { policy: policyOfSize(33 * 1024) })));
    expect(medium[0].severity).toBe('medium');
    expect(high[0].severity).toBe('high');
    expect(high[0].message).toMatch(/over the KMS limit/);
  });
});
