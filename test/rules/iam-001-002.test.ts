import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { plan } from './iamFixtures.js';

const user = { address: 'aws_iam_user.ci', values: { name: 'ci' }, unknown: { arn: true, id: true } };
const accessKey = (status?: string) => ({
  address: 'aws_iam_access_key.ci',
  values: { user: 'ci', ...(status ? { status } : {}) },
  unknown: { id: true, secret: true },
  sensitive: { secret: true },
  expressions: { user: ref('aws_iam_user.ci.name') },
});
const loginProfile = {
  address: 'aws_iam_user_login_profile.ci',
  values: { user: 'ci' },
  unknown: { password: true },
  expressions: { user: ref('aws_iam_user.ci.name') },
};

const iam001: RuleCase[] = [
  { name: 'a user without access keys passes', plan: plan(user), expect: { 'aws_iam_user.ci': 'pass' } },
  {
    name: 'an access key on a user fails, addressed to the user',
    plan: plan(user, accessKey()),
    expect: { 'aws_iam_user.ci': 'fail' },
  },
  {
    name: 'an inactive access key passes',
    plan: plan(user, accessKey('Inactive')),
    expect: { 'aws_iam_user.ci': 'pass' },
  },
  {
    name: 'an access key for a user managed elsewhere fails at the key',
    plan: plan({ address: 'aws_iam_access_key.legacy', values: { user: 'legacy' }, unknown: { id: true } }),
    expect: { 'aws_iam_access_key.legacy': 'fail' },
  },
];

const iam002: RuleCase[] = [
  { name: 'a user without a login profile passes', plan: plan(user), expect: { 'aws_iam_user.ci': 'pass' } },
  { name: 'a user with a login profile fails', plan: plan(user, loginProfile), expect: { 'aws_iam_user.ci': 'fail' } },
  {
    name: 'a key for a user managed elsewhere says nothing about passwords',
    plan: plan({ address: 'aws_iam_access_key.legacy', values: { user: 'legacy' }, unknown: { id: true } }),
    expect: {},
  },
];

describe('IAM-001 access keys', () => {
  for (const c of iam001) it(c.name, () => checkCase('IAM-001', c));
});
describe('IAM-002 console passwords', () => {
  for (const c of iam002) it(c.name, () => checkCase('IAM-002', c));
});
