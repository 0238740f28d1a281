import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { kmsKey, plan, policy, rootStatement, WORKLOAD, type Statement } from './kmsFixtures.js';

const anyone = (condition?: Statement): Statement => ({
  Sid: 'Anyone',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

const cases: RuleCase[] = [
  {
    name: 'a key without a policy gets the default key policy and passes',
    plan: plan(kmsKey('k')),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'a policy naming specific principals passes',
    plan: plan(kmsKey('k', { policy: policy(rootStatement) })),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'Principal {"AWS":"*"} without a condition fails',
    plan: plan(kmsKey('k', { policy: policy(rootStatement, anyone()) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'Principal "*" without a condition fails',
    plan: plan(kmsKey('k', { policy: policy({ ...anyone(), Principal: '*' }) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'NotPrincipal in an Allow admits everyone else and fails',
    plan: plan(
      kmsKey('k', {
        policy: policy({
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::999999999999:root' },
          Action: 'kms:*',
          Resource: '*',
        }),
      }),
    ),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a wildcard pinned by kms:CallerAccount to the workload account passes',
    plan: plan(kmsKey('k', { policy: policy(anyone({ StringEquals: { 'kms:CallerAccount': WORKLOAD } })) })),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'a wildcard pinned by aws:PrincipalOrgID passes',
    plan: plan(kmsKey('k', { policy: policy(anyone({ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } })) })),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'a wildcard pinned by aws:PrincipalAccount to a trusted account passes',
    plan: plan(kmsKey('k', { policy: policy(anyone({ StringEquals: { 'aws:PrincipalAccount': '222222222222' } })) })),
    config: { trustedAccounts: ['222222222222'] },
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'a wildcard pinned to an untrusted account fails',
    plan: plan(kmsKey('k', { policy: policy(anyone({ StringEquals: { 'kms:CallerAccount': '999999999999' } })) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a wildcard pinned by aws:PrincipalArn naming a specific role passes',
    plan: plan(
      kmsKey('k', {
        policy: policy(anyone({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${WORKLOAD}:role/app` } })),
      }),
    ),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'aws:PrincipalArn with a wildcard ARN does not pin',
    plan: plan(kmsKey('k', { policy: policy(anyone({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } })) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a wildcard constrained only by kms:ViaService fails',
    plan: plan(
      kmsKey('k', { policy: policy(anyone({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })) }),
    ),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a wildcard constrained only by aws:SourceVpce fails',
    plan: plan(
      kmsKey('k', { policy: policy(anyone({ StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } })) }),
    ),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'StringEqualsIfExists on kms:CallerAccount does not count',
    plan: plan(kmsKey('k', { policy: policy(anyone({ StringEqualsIfExists: { 'kms:CallerAccount': WORKLOAD } })) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'StringLike "*" on aws:PrincipalOrgID does not count',
    plan: plan(kmsKey('k', { policy: policy(anyone({ StringLike: { 'aws:PrincipalOrgID': '*' } })) })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a Deny with a wildcard principal is no grant and passes',
    plan: plan(
      kmsKey('k', {
        policy: policy(rootStatement, {
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      }),
    ),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'an account pin with the workload account unknown needs review',
    plan: { resources: [kmsKey('k', { policy: policy(anyone({ StringEquals: { 'kms:CallerAccount': WORKLOAD } })) })] },
    expect: { 'aws_kms_key.k': 'not-assessed/needs-review' },
  },
  {
    name: 'a policy unknown at plan time and not built by a policy document is not assessed',
    plan: plan(kmsKey('k', {}, { expressions: { policy: ref('local.key_policy') } })),
    expect: { 'aws_kms_key.k': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a key policy unknown at plan time is rebuilt from aws_iam_policy_document blocks and judged',
    plan: plan(
      {
        address: 'data.aws_iam_policy_document.key',
        values: {
          statement: [
            {
              sid: 'Root',
              effect: 'Allow',
              actions: ['kms:*'],
              resources: ['*'],
              principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${WORKLOAD}:root`] }],
              condition: [],
            },
            {
              sid: 'App',
              effect: 'Allow',
              actions: ['kms:Decrypt'],
              resources: ['*'],
              principals: [{ type: 'AWS', identifiers: [null] }],
              condition: [],
            },
          ],
        },
        unknown: { json: true, id: true, statement: [{}, { principals: [{ identifiers: [true] }] }] },
      },
      kmsKey('k', {}, { expressions: { policy: ref('data.aws_iam_policy_document.key.json') } }),
    ),
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'a rebuilt key policy with an unconditioned wildcard principal fails',
    plan: plan(
      {
        address: 'data.aws_iam_policy_document.key',
        values: {
          statement: [
            {
              effect: 'Allow',
              actions: ['kms:Decrypt'],
              resources: ['*'],
              principals: [{ type: 'AWS', identifiers: ['*'] }],
              condition: [
                { test: 'StringEquals', variable: 'kms:ViaService', values: ['logs.us-east-1.amazonaws.com'] },
              ],
            },
          ],
        },
        unknown: { json: true, id: true },
      },
      kmsKey('k', {}, { expressions: { policy: ref('data.aws_iam_policy_document.key.json') } }),
    ),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'an aws_kms_key_policy folds into its key',
    plan: plan(kmsKey('k'), {
      address: 'aws_kms_key_policy.k',
      values: { policy: policy(anyone()) },
      unknown: { key_id: true },
      expressions: { key_id: ref('aws_kms_key.k.id'), policy: { constant_value: policy(anyone()) } },
    }),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a malformed key policy needs review',
    plan: plan(kmsKey('k', { policy: '{"Statement": [' })),
    expect: { 'aws_kms_key.k': 'not-assessed/needs-review' },
  },
];

describe('KMS-002 key policy wildcard principals', () => {
  for (const c of cases) it(c.name, () => checkCase('KMS-002', c));
});
