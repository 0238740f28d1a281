import { describe, expect, it } from 'vitest';
import { ref, type PlanSpec, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, findingsFor, type RuleCase } from '../support/ruleTester.js';
import { invoke, role, rolePolicy, trustService, VPCE } from './iamFixtures.js';
import { kmsKey } from './kmsFixtures.js';

const ALLOWED = { allowedRegions: ['us-east-1', 'us-west-2'] };
const providers: PlanSpec['providers'] = {
  aws: { region: 'us-east-1', allowedAccountIds: ['111111111111'] },
  'aws.eu': { region: 'eu-west-1', alias: 'eu', allowedAccountIds: ['111111111111'] },
  'aws.west': { region: 'us-west-2', alias: 'west', allowedAccountIds: ['111111111111'] },
};
const plan = (...resources: ResourceSpec[]): PlanSpec => ({ resources, providers });
const logGroup = (name: string, providerKey?: string): ResourceSpec => ({
  address: `aws_cloudwatch_log_group.${name}`,
  values: { name },
  unknown: { arn: true },
  ...(providerKey ? { providerKey } : {}),
});
const vpce = { Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } };
const app = role('app', [trustService('ec2.amazonaws.com')]);
const invoking = (resource: string): ResourceSpec[] => [app, rolePolicy('app', invoke(resource, vpce))];

const res001: RuleCase[] = [
  {
    name: 'a resource in an allowed region passes',
    plan: plan(logGroup('a')),
    config: ALLOWED,
    expect: { 'aws_cloudwatch_log_group.a': 'pass' },
  },
  {
    name: 'a resource through a provider in another region fails',
    plan: plan(logGroup('a'), logGroup('eu', 'aws.eu')),
    config: ALLOWED,
    expect: { 'aws_cloudwatch_log_group.a': 'pass', 'aws_cloudwatch_log_group.eu': 'fail' },
  },
  { name: 'IAM is global and is not judged', plan: plan(app), config: ALLOWED, expect: {} },
  {
    name: 'with allowedRegions empty the rule is not assessed',
    plan: plan(logGroup('a')),
    expect: { 'account/111111111111': 'not-assessed/not-applicable' },
  },
];

const res002: RuleCase[] = [
  {
    name: 'a foundation model in an allowed region passes',
    plan: plan(...invoking('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0')),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'a foundation model in another region fails',
    plan: plan(...invoking('arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0')),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a region wildcard fails',
    plan: plan(...invoking('arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0')),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a global. inference profile fails',
    plan: plan(
      ...invoking(
        'arn:aws:bedrock:us-east-1:111111111111:inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0',
      ),
    ),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a us. profile reaching regions outside allowedRegions fails',
    plan: plan(
      ...invoking(
        'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      ),
    ),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'an eu. profile fails',
    plan: plan(
      ...invoking(
        'arn:aws:bedrock:us-east-1:111111111111:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0',
      ),
    ),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a us. profile passes when every US region is allowed',
    plan: plan(
      ...invoking(
        'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      ),
    ),
    config: { allowedRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'] },
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'an application inference profile is not assessed',
    plan: plan(...invoking('arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/abc123')),
    config: ALLOWED,
    expect: { 'aws_iam_role.app': 'not-assessed/needs-review' },
  },
  {
    name: 'an application inference profile listed in allowedModelArns passes',
    plan: plan(...invoking('arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/abc123')),
    config: {
      ...ALLOWED,
      allowedModelArns: ['arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/abc123'],
    },
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'an agent naming a global profile id fails',
    plan: plan({
      address: 'aws_bedrockagent_agent.a',
      values: { agent_name: 'a', foundation_model: 'global.anthropic.claude-sonnet-4-20250514-v1:0' },
      unknown: { agent_arn: true },
    }),
    config: ALLOWED,
    expect: { 'aws_bedrockagent_agent.a': 'fail' },
  },
  {
    name: 'with allowedRegions empty the rule is not assessed',
    plan: plan(...invoking('arn:aws:bedrock:us-east-1::foundation-model/x')),
    expect: { 'account/111111111111': 'not-assessed/not-applicable' },
  },
];

const replica = (name: string, providerKey: string): ResourceSpec => ({
  address: `aws_kms_replica_key.${name}`,
  values: {},
  unknown: { id: true, arn: true, primary_key_arn: true },
  expressions: { primary_key_arn: ref('aws_kms_key.k.arn') },
  providerKey,
});

const res003: RuleCase[] = [
  {
    name: 'a replica in an allowed region passes',
    plan: plan(kmsKey('k', { multi_region: true }), replica('west', 'aws.west')),
    config: ALLOWED,
    expect: { 'aws_kms_replica_key.west': 'pass' },
  },
  {
    name: 'a replica in another region fails',
    plan: plan(kmsKey('k', { multi_region: true }), replica('eu', 'aws.eu')),
    config: ALLOWED,
    expect: { 'aws_kms_replica_key.eu': 'fail' },
  },
  { name: 'no replicas, nothing to judge', plan: plan(kmsKey('k')), config: ALLOWED, expect: {} },
  {
    name: 'with allowedRegions empty replicas are not assessed',
    plan: plan(kmsKey('k', { multi_region: true }), replica('eu', 'aws.eu')),
    expect: { 'account/111111111111': 'not-assessed/not-applicable' },
  },
];

describe('RES-001 resource regions', () => {
  for (const c of res001) it(c.name, () => checkCase('RES-001', c));
});
describe('RES-002 model regions', () => {
  for (const c of res002) it(c.name, () => checkCase('RES-002', c));

  it('a geographic profile that stays in its geography is a medium failure; another geography is high', () => {
    const us = findingsFor(
      'RES-002',
      plan(
        ...invoking(
          'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
        ),
      ),
      ALLOWED,
    );
    const eu = findingsFor(
      'RES-002',
      plan(
        ...invoking(
          'arn:aws:bedrock:us-east-1:111111111111:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0',
        ),
      ),
      ALLOWED,
    );
    expect(us[0].severity).toBe('medium');
    expect(eu[0].severity).toBe('high');
  });
});
describe('RES-003 key replica regions', () => {
  for (const c of res003) it(c.name, () => checkCase('RES-003', c));
});
