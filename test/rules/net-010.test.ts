import { describe, it } from 'vitest';
import { ref, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0';

function endpoint(name: string, service: string, policy: unknown, extra: Partial<ResourceSpec> = {}): ResourceSpec {
  const values: Record<string, never> = {
    service_name: `com.amazonaws.us-east-1.${service}`,
    vpc_endpoint_type: 'Interface',
    vpc_id: 'vpc-1',
  } as never;
  if (policy !== undefined) (values as Record<string, unknown>).policy = JSON.stringify(policy);
  return { address: `aws_vpc_endpoint.${name}`, values, unknown: { id: true }, ...extra };
}

const scoped = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/app' }, Action: 'kms:Decrypt', Resource: '*' },
  ],
};
const full = { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } };
const invokeOnly = {
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/app' },
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      Resource: [MODEL],
    },
  ],
};

const cases: RuleCase[] = [
  {
    name: 'an endpoint with no policy in configuration is full access and fails (the computed value is unknown)',
    plan: { resources: [endpoint('kms', 'kms', undefined, { unknown: { id: true, policy: true } })] },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'a no-op plan showing the AWS default policy, with no policy in configuration, fails',
    plan: {
      resources: [
        endpoint('kms', 'kms', full, {
          expressions: { service_name: { constant_value: 'com.amazonaws.us-east-1.kms' } },
        }),
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'an explicit full-access policy fails',
    plan: { resources: [endpoint('kms', 'kms', full)] },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'a scoped policy passes',
    plan: { resources: [endpoint('kms', 'kms', scoped)] },
    expect: { 'aws_vpc_endpoint.kms': 'pass' },
  },
  {
    name: 'a policy unknown at plan time that is not built by a policy document is not assessed',
    plan: {
      resources: [
        endpoint('kms', 'kms', undefined, {
          unknown: { id: true, policy: true },
          expressions: { policy: { references: ['local.policy'] } },
        }),
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a policy unknown at plan time is rebuilt from its aws_iam_policy_document statement blocks',
    plan: {
      resources: [
        {
          address: 'data.aws_iam_policy_document.br',
          values: {
            statement: [
              {
                effect: 'Allow',
                actions: ['bedrock:InvokeModel'],
                resources: [MODEL],
                principals: [{ type: 'AWS', identifiers: [null] }],
                condition: [],
              },
            ],
          },
          unknown: { json: true, id: true, statement: [{ principals: [{ identifiers: [true] }] }] },
        },
        endpoint('br', 'bedrock-runtime', undefined, {
          unknown: { id: true, policy: true },
          expressions: { policy: ref('data.aws_iam_policy_document.br.json') },
        }),
      ],
    },
    expect: { 'aws_vpc_endpoint.br': 'pass' },
  },
  {
    name: 'a malformed policy string is not assessed, not a crash',
    plan: {
      resources: [
        {
          address: 'aws_vpc_endpoint.bad',
          values: {
            service_name: 'com.amazonaws.us-east-1.sts',
            vpc_endpoint_type: 'Interface',
            policy: '{"Statement": [',
          },
        },
      ],
    },
    expect: { 'aws_vpc_endpoint.bad': 'not-assessed/needs-review' },
  },
  {
    name: 'bedrock-runtime allowing only invocation of a named model passes',
    plan: { resources: [endpoint('br', 'bedrock-runtime', invokeOnly)] },
    expect: { 'aws_vpc_endpoint.br': 'pass' },
  },
  {
    name: 'bedrock-runtime allowing bedrock:* fails',
    plan: {
      resources: [
        endpoint('br', 'bedrock-runtime', {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:root' },
              Action: 'bedrock:*',
              Resource: [MODEL],
            },
          ],
        }),
      ],
    },
    expect: { 'aws_vpc_endpoint.br': 'fail' },
  },
  {
    name: 'bedrock-runtime allowing invocation of every model fails',
    plan: {
      resources: [
        endpoint('br', 'bedrock-runtime', {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:root' },
              Action: 'bedrock:InvokeModel',
              Resource: 'arn:aws:bedrock:*::foundation-model/*',
            },
          ],
        }),
      ],
    },
    expect: { 'aws_vpc_endpoint.br': 'fail' },
  },
  {
    name: 'an aws_vpc_endpoint_policy folds into its endpoint',
    plan: {
      resources: [
        endpoint('s3', 's3', undefined, { unknown: { id: true, policy: true } }),
        {
          address: 'aws_vpc_endpoint_policy.s3',
          values: { policy: JSON.stringify(scoped) },
          unknown: { id: true, vpc_endpoint_id: true },
          expressions: {
            vpc_endpoint_id: ref('aws_vpc_endpoint.s3.id'),
            policy: { constant_value: JSON.stringify(scoped) },
          },
        },
      ],
    },
    expect: { 'aws_vpc_endpoint.s3': 'pass' },
  },
];

describe('NET-010 endpoint policy', () => {
  for (const c of cases) it(c.name, () => checkCase('NET-010', c));
});
