import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { plan, policy, role, rolePolicy, trustAccount, trustService, type Statement } from './iamFixtures.js';

const GITHUB = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
const github = (condition?: Statement): Statement => ({
  Effect: 'Allow',
  Principal: { Federated: GITHUB },
  Action: 'sts:AssumeRoleWithWebIdentity',
  ...(condition ? { Condition: condition } : {}),
});
const saml: Statement = {
  Effect: 'Allow',
  Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/corp-idp' },
  Action: 'sts:AssumeRoleWithSAML',
  Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
};
const admin: Statement = { Effect: 'Allow', Action: '*', Resource: '*' };
const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };

const iam005: RuleCase[] = [
  {
    name: 'the default session duration (3600 s) passes',
    plan: plan(role('app', [trustService('ec2.amazonaws.com')])),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'a 12-hour session fails',
    plan: plan(role('app', [trustService('ec2.amazonaws.com')], { max_session_duration: 43_200 })),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a 2-hour session passes a 2-hour maximum',
    plan: plan(role('app', [trustService('ec2.amazonaws.com')], { max_session_duration: 7200 })),
    config: { maxSessionSeconds: 7200 },
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'a duration unknown until apply is not assessed',
    plan: plan({
      ...role('app', [trustService('ec2.amazonaws.com')]),
      unknown: { arn: true, max_session_duration: true },
      expressions: { max_session_duration: ref('var.session') },
    }),
    expect: { 'aws_iam_role.app': 'not-assessed/unknown-at-plan' },
  },
];

const iam006: RuleCase[] = [
  {
    name: 'a trust naming a specific account passes',
    plan: plan(role('app', [trustAccount])),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'a wildcard principal without conditions fails',
    plan: plan(role('app', [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }])),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'a wildcard principal pinned by aws:PrincipalOrgID passes',
    plan: plan(
      role('app', [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } },
        },
      ]),
    ),
    expect: { 'aws_iam_role.app': 'pass' },
  },
  {
    name: 'a wildcard principal with only sts:ExternalId fails',
    plan: plan(
      role('app', [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'secret' } },
        },
      ]),
    ),
    expect: { 'aws_iam_role.app': 'fail' },
  },
  {
    name: 'GitHub OIDC trust without a sub condition fails',
    plan: plan(
      role('ci', [github({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })]),
    ),
    expect: { 'aws_iam_role.ci': 'fail' },
  },
  {
    name: 'GitHub OIDC trust with no condition at all fails',
    plan: plan(role('ci', [github()])),
    expect: { 'aws_iam_role.ci': 'fail' },
  },
  {
    name: 'GitHub OIDC trust pinned to a repository and branch passes',
    plan: plan(
      role('ci', [
        github({
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
          },
        }),
      ]),
    ),
    expect: { 'aws_iam_role.ci': 'pass' },
  },
  {
    name: 'GitHub OIDC trust pinned to an organisation pattern passes',
    plan: plan(role('ci', [github({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } })])),
    expect: { 'aws_iam_role.ci': 'pass' },
  },
  {
    name: 'GitHub OIDC trust with sub "repo:*" fails',
    plan: plan(role('ci', [github({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } })])),
    expect: { 'aws_iam_role.ci': 'fail' },
  },
  { name: 'a SAML trust passes', plan: plan(role('people', [saml])), expect: { 'aws_iam_role.people': 'pass' } },
  {
    name: 'a trust policy unknown until apply is not assessed',
    plan: plan({
      address: 'aws_iam_role.app',
      values: { name: 'app' },
      unknown: { arn: true, assume_role_policy: true },
      expressions: { assume_role_policy: ref('local.trust') },
    }),
    expect: { 'aws_iam_role.app': 'not-assessed/unknown-at-plan' },
  },
];

const iam007: RuleCase[] = [
  {
    name: 'an admin role assumed by an account without MFA fails',
    plan: plan(role('admin', [trustAccount]), rolePolicy('admin', admin)),
    expect: { 'aws_iam_role.admin': 'fail' },
  },
  {
    name: 'an admin role requiring MFA passes',
    plan: plan(role('admin', [{ ...trustAccount, ...mfa }]), rolePolicy('admin', admin)),
    expect: { 'aws_iam_role.admin': 'pass' },
  },
  {
    name: 'BoolIfExists MFA does not count',
    plan: plan(
      role('admin', [{ ...trustAccount, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }]),
      rolePolicy('admin', admin),
    ),
    expect: { 'aws_iam_role.admin': 'fail' },
  },
  {
    name: 'attached AdministratorAccess counts as admin',
    plan: plan(role('admin', [trustAccount], { managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })),
    expect: { 'aws_iam_role.admin': 'fail' },
  },
  {
    name: 'IAMFullAccess attached through a role_policy_attachment counts as admin',
    plan: plan(role('admin', [trustAccount]), {
      address: 'aws_iam_role_policy_attachment.admin',
      values: { role: 'admin', policy_arn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
      unknown: { id: true },
      expressions: {
        role: ref('aws_iam_role.admin.name'),
        policy_arn: { constant_value: 'arn:aws:iam::aws:policy/IAMFullAccess' },
      },
    }),
    expect: { 'aws_iam_role.admin': 'fail' },
  },
  {
    name: 'NotAction on * counts as admin',
    plan: plan(
      role('ops', [trustAccount]),
      rolePolicy('ops', { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
    ),
    expect: { 'aws_iam_role.ops': 'fail' },
  },
  {
    name: 'a SAML-federated admin role is out of scope',
    plan: plan(role('admin', [saml]), rolePolicy('admin', admin)),
    expect: { 'aws_iam_role.admin': 'not-assessed/out-of-scope' },
  },
  {
    name: 'an OIDC-federated admin role is out of scope',
    plan: plan(
      role('deploy', [
        github({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } }),
      ]),
      rolePolicy('deploy', admin),
    ),
    expect: { 'aws_iam_role.deploy': 'not-assessed/out-of-scope' },
  },
  {
    name: 'a non-admin role is not examined',
    plan: plan(
      role('app', [trustAccount]),
      rolePolicy('app', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }),
    ),
    expect: {},
  },
  {
    name: 'iam:* on a single role is not admin power',
    plan: plan(
      role('app', [trustAccount]),
      rolePolicy('app', { Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111111111111:role/x' }),
    ),
    expect: {},
  },
  {
    name: 'a customer managed admin policy attached by reference counts',
    plan: plan(
      role('admin', [trustAccount]),
      {
        address: 'aws_iam_policy.all',
        values: { name: 'all', policy: policy(admin) },
        unknown: { arn: true, id: true },
      },
      {
        address: 'aws_iam_role_policy_attachment.all',
        values: { role: 'admin' },
        unknown: { id: true, policy_arn: true },
        expressions: { role: ref('aws_iam_role.admin.name'), policy_arn: ref('aws_iam_policy.all.arn') },
      },
    ),
    expect: { 'aws_iam_role.admin': 'fail' },
  },
];

describe('IAM-005 session duration', () => {
  for (const c of iam005) it(c.name, () => checkCase('IAM-005', c));
});
describe('IAM-006 trust policies', () => {
  for (const c of iam006) it(c.name, () => checkCase('IAM-006', c));
});
describe('IAM-007 admin roles require MFA', () => {
  for (const c of iam007) it(c.name, () => checkCase('IAM-007', c));
});
