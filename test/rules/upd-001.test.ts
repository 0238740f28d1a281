import { describe, it } from 'vitest';
import type { PlanSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const SHA = '6f4b2c1d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c';

function withModule(source: string, version?: string): PlanSpec {
  return {
    resources: [{ address: 'module.net.aws_vpc.this', values: { cidr_block: '10.0.0.0/16' } }],
    modules: { 'module.net': { source, ...(version ? { version } : {}) } },
  };
}

const M = 'module.net';

const cases: RuleCase[] = [
  {
    name: 'a registry module at an exact version passes',
    plan: withModule('terraform-aws-modules/vpc/aws', '5.16.0'),
    expect: { [M]: 'pass' },
  },
  {
    name: 'a registry module with "= 5.16.0" passes',
    plan: withModule('terraform-aws-modules/vpc/aws', '= 5.16.0'),
    expect: { [M]: 'pass' },
  },
  {
    name: 'a registry module with a pessimistic constraint fails',
    plan: withModule('terraform-aws-modules/vpc/aws', '~> 5.0'),
    expect: { [M]: 'fail' },
  },
  {
    name: 'a registry module without a version fails',
    plan: withModule('terraform-aws-modules/vpc/aws'),
    expect: { [M]: 'fail' },
  },
  {
    name: 'a private registry module at an exact version passes',
    plan: withModule('app.terraform.io/corp/vpc/aws', '1.4.2'),
    expect: { [M]: 'pass' },
  },
  {
    name: 'a git source pinned to a commit SHA passes',
    plan: withModule(`git::https://github.com/corp/tf-vpc.git?ref=${SHA}`),
    expect: { [M]: 'pass' },
  },
  {
    name: 'a git source with a subdirectory pinned to a SHA passes',
    plan: withModule(`git::ssh://git@github.com/corp/modules.git//vpc?ref=${SHA}`),
    expect: { [M]: 'pass' },
  },
  {
    name: 'a git source without ref fails',
    plan: withModule('git::https://github.com/corp/tf-vpc.git'),
    expect: { [M]: 'fail' },
  },
  {
    name: 'a git source on a branch fails',
    plan: withModule('git::https://github.com/corp/tf-vpc.git?ref=main'),
    expect: { [M]: 'fail' },
  },
  {
    name: 'a GitHub shorthand on a branch fails',
    plan: withModule('github.com/corp/tf-vpc?ref=develop'),
    expect: { [M]: 'fail' },
  },
  {
    name: 'under regulated, a semver-looking tag passes with a note',
    plan: withModule('git::https://github.com/corp/tf-vpc.git?ref=v1.2.3'),
    expect: { [M]: 'pass' },
  },
  {
    name: 'under highest-trust, a semver-looking tag fails: only a SHA passes',
    plan: withModule('git::https://github.com/corp/tf-vpc.git?ref=v1.2.3'),
    config: { profile: 'highest-trust' },
    expect: { [M]: 'fail' },
  },
  {
    name: 'under highest-trust, a SHA passes',
    plan: withModule(`git::https://github.com/corp/tf-vpc.git?ref=${SHA}`),
    config: { profile: 'highest-trust' },
    expect: { [M]: 'pass' },
  },
  {
    name: 'a local path is not applicable',
    plan: withModule('./modules/network'),
    expect: { [M]: 'not-assessed/not-applicable' },
  },
  {
    name: 'a parent-directory path is not applicable',
    plan: withModule('../shared/network'),
    expect: { [M]: 'not-assessed/not-applicable' },
  },
  {
    name: 'an archive URL needs review',
    plan: withModule('https://artifacts.corp.example/modules/vpc-1.2.3.zip'),
    expect: { [M]: 'not-assessed/needs-review' },
  },
];

describe('UPD-001 module sources pinned', () => {
  for (const c of cases) it(c.name, () => checkCase('UPD-001', c));
});
