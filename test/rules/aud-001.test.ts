import { describe, it } from 'vitest';
import { PROVIDERS, trail } from '../support/auditFixtures.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const ACCOUNT = 'account/111111111111';

const cases: RuleCase[] = [
  {
    name: 'a multi-region trail with log file validation and global events passes',
    plan: { providers: PROVIDERS, resources: [trail()] },
    expect: { 'aws_cloudtrail.main': 'pass' },
  },
  {
    name: 'a single-region trail fails (is_multi_region_trail defaults to false)',
    plan: { providers: PROVIDERS, resources: [trail({ values: { is_multi_region_trail: null } })] },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'a trail without log file validation fails',
    plan: { providers: PROVIDERS, resources: [trail({ values: { enable_log_file_validation: false } })] },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'a trail without global service events fails',
    plan: { providers: PROVIDERS, resources: [trail({ values: { include_global_service_events: false } })] },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'a trail with logging stopped fails',
    plan: { providers: PROVIDERS, resources: [trail({ values: { enable_logging: false } })] },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'a trail whose multi-region flag is unknown until apply is not assessed',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          ...trail({ values: { is_multi_region_trail: null } }),
          unknown: { id: true, s3_bucket_name: true, is_multi_region_trail: true },
        },
      ],
    },
    expect: { 'aws_cloudtrail.main': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'an extra single-region trail passes when another trail meets the requirement for the account',
    plan: {
      providers: PROVIDERS,
      resources: [trail(), trail({ address: 'aws_cloudtrail.team', values: { is_multi_region_trail: false } })],
    },
    expect: { 'aws_cloudtrail.main': 'pass', 'aws_cloudtrail.team': 'pass' },
  },
  {
    name: 'no trail in the input fails against the account',
    plan: { providers: PROVIDERS, resources: [] },
    expect: { [ACCOUNT]: 'fail' },
  },
  {
    name: 'no trail, with the organization trail provided elsewhere, is not assessed',
    plan: { providers: PROVIDERS, resources: [] },
    config: { providedElsewhere: { 'AUD-001': 'organization trail in the management account' } },
    expect: { [ACCOUNT]: 'not-assessed/provided-elsewhere' },
  },
  {
    name: 'two plans scanned together: the trail in the second plan counts',
    plan: [
      { providers: PROVIDERS, resources: [] },
      { providers: PROVIDERS, resources: [trail({ address: 'aws_cloudtrail.org' })] },
    ],
    expect: { 'aws_cloudtrail.org': 'pass' },
  },
];

describe('AUD-001 CloudTrail trail', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-001', c));
});
