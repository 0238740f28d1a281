import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { invoke, MODEL, plan, policy, role, rolePolicy, trustAccount, trustService, VPCE } from './iamFixtures.js';

const vpce = { Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } };
const app = role('app', [trustService('ec2.amazonaws.com')]);

const iam003: RuleCase[] = [
  {
    name: 'invocation of a named model passes',
    plan: plan(app, rolePolicy('app', invoke(MODEL, vpce))),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'bedrock:InvokeModel on * fails',
    plan: plan(app, rolePolicy('app', invoke('*', vpce))),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'bedrock:* on * fails',
    plan: plan(app, rolePolicy('app', { Effect: 'Allow', Action: 'bedrock:*', Resource: '*' })),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'bedrock:Invoke* on a region wildcard fails',
    plan: plan(
      app,
      rolePolicy('app', {
        Effect: 'Allow',
        Action: 'bedrock:Invoke*',
        Resource: 'arn:aws:bedrock:*::foundation-model/*',
      }),
    ),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'Action * on * fails',
    plan: plan(app, rolePolicy('app', { Effect: 'Allow', Action: '*', Resource: '*' })),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'NotAction that spares bedrock grants invocation on * and fails',
    plan: plan(app, rolePolicy('app', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'Action * on an S3 bucket grants no invocation and is not examined',
    plan: plan(app, rolePolicy('app', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::data/*' })),
    expect: {},
  },
  {
    name: 'bedrock:* on a knowledge base grants no model invocation',
    plan: plan(
      app,
      rolePolicy('app', {
        Effect: 'Allow',
        Action: 'bedrock:*',
        Resource: 'arn:aws:bedrock:us-east-1:111111111111:knowledge-base/KB1',
      }),
    ),
    expect: {},
  },
  {
    name: 'an attached AmazonBedrockFullAccess fails',
    plan: plan(
      role('app', [trustService('ec2.amazonaws.com')], {
        managed_policy_arns: ['arn:aws:iam::aws:policy/AmazonBedrockFullAccess'],
      }),
    ),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a customer managed policy is judged at its own address',
    plan: plan({
      address: 'aws_iam_policy.invoke',
      values: { name: 'invoke', policy: policy(invoke('*')) },
      unknown: { arn: true, id: true },
    }),
    expect: { 'aws_iam_policy.invoke': 'fail' },
  },
  {
    name: 'a specific ARN outside allowedModelArns fails',
    plan: plan(app, rolePolicy('app', invoke(MODEL, vpce))),
    config: { allowedModelArns: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-*'] },
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'an inline policy unknown until apply is not assessed',
    plan: plan(app, {
      address: 'aws_iam_role_policy.app',
      values: { role: 'app' },
      unknown: { id: true, policy: true },
      expressions: { role: ref('aws_iam_role.app.name'), policy: ref('local.app_policy') },
    }),
    expect: { 'aws_iam_role.app': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a policy rebuilt from its document naming a profile created in the same plan passes',
    plan: plan(
      app,
      {
        address: 'data.aws_iam_policy_document.invoke',
        values: {
          statement: [
            {
              effect: 'Allow',
              actions: ['bedrock:InvokeModel'],
              resources: [null],
              condition: [{ test: 'StringEquals', variable: 'aws:SourceVpce', values: [VPCE] }],
            },
          ],
        },
        unknown: { json: true, id: true, statement: [{ resources: [true] }] },
      },
      {
        address: 'aws_iam_role_policy.app',
        values: { role: 'app' },
        unknown: { id: true, policy: true },
        expressions: { role: ref('aws_iam_role.app.name'), policy: ref('data.aws_iam_policy_document.invoke.json') },
      },
    ),
    expect: { 'aws_iam_role.app': 'pass' },
  },
];

const iam004: RuleCase[] = [
  {
    name: 'invocation bound to aws:SourceVpce passes',
    plan: plan(app, rolePolicy('app', invoke(MODEL, vpce))),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'invocation bound to aws:SourceVpc passes',
    plan: plan(app, rolePolicy('app', invoke(MODEL, { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0abc' } } }))),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'invocation without aws:SourceVpce fails',
    plan: plan(app, rolePolicy('app', invoke(MODEL))),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'StringEqualsIfExists aws:SourceVpce does not bind the call',
    plan: plan(
      app,
      rolePolicy('app', invoke(MODEL, { Condition: { StringEqualsIfExists: { 'aws:SourceVpce': VPCE } } })),
    ),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'StringLike aws:SourceVpce "*" does not bind the call',
    plan: plan(app, rolePolicy('app', invoke(MODEL, { Condition: { StringLike: { 'aws:SourceVpce': '*' } } }))),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a Deny of invocation outside the endpoint bounds an unconditioned Allow',
    plan: plan(
      app,
      rolePolicy('app', invoke(MODEL), {
        Effect: 'Deny',
        Action: 'bedrock:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
      }),
    ),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'a role trusted by bedrock.amazonaws.com is not held to the endpoint',
    plan: plan(role('kb', [trustService('bedrock.amazonaws.com')]), rolePolicy('kb', invoke(MODEL))),
    expect: { 'aws_iam_role.kb': 'not-assessed/not-applicable' },
  },
  {
    name: 'a role trusted by bedrock and by an account is judged',
    plan: plan(role('kb', [trustService('bedrock.amazonaws.com'), trustAccount]), rolePolicy('kb', invoke(MODEL))),
    expect: { 'aws_iam_role.kb': 'fail' },
  },
  {
    name: 'a managed policy attached only to a Bedrock service role is not applicable',
    plan: plan(
      role('kb', [trustService('bedrock.amazonaws.com')]),
      {
        address: 'aws_iam_policy.kb',
        values: { name: 'kb', policy: policy(invoke(MODEL)) },
        unknown: { arn: true, id: true },
      },
      {
        address: 'aws_iam_role_policy_attachment.kb',
        values: { role: 'kb' },
        unknown: { id: true, policy_arn: true },
        expressions: { role: ref('aws_iam_role.kb.name'), policy_arn: ref('aws_iam_policy.kb.arn') },
      },
    ),
    expect: { 'aws_iam_policy.kb': 'not-assessed/not-applicable' },
  },
  {
    name: 'a user allowed to invoke without the endpoint condition fails',
    plan: plan(
      { address: 'aws_iam_user.dev', values: { name: 'dev' }, unknown: { arn: true } },
      {
        address: 'aws_iam_user_policy.dev',
        values: { user: 'dev', policy: policy(invoke(MODEL)) },
        expressions: { user: ref('aws_iam_user.dev.name'), policy: { constant_value: policy(invoke(MODEL)) } },
      },
    ),
    expect: { 'aws_iam_user.dev': 'fail' },
  },
];

describe('IAM-003 Bedrock invocation on specific models', () => {
  for (const c of iam003) it(c.name, () => checkCase('IAM-003', c));
});
describe('IAM-004 Bedrock invocation through the endpoint', () => {
  for (const c of iam004) it(c.name, () => checkCase('IAM-004', c));
});
