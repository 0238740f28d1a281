import { describe, it } from 'vitest';
import { auditBucket, constants, LOG_ARCHIVE_KEY, PROVIDERS, trail } from '../support/auditFixtures.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import type { ResourceSpec } from '../support/planBuilder.js';

const B = 'aws_s3_bucket.trail';

function withBucket(o: Partial<Parameters<typeof auditBucket>[0]>): ResourceSpec[] {
  return [
    ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY, ...o }),
    trail({ bucketAddress: B }),
  ];
}

const cases: RuleCase[] = [
  {
    name: 'COMPLIANCE mode for 7 years passes',
    plan: { providers: PROVIDERS, resources: withBucket({}) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'COMPLIANCE for 2555 days (7 x 365) passes',
    plan: { providers: PROVIDERS, resources: withBucket({ lock: { mode: 'COMPLIANCE', days: 2555 } }) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'true positive: GOVERNANCE mode fails',
    plan: { providers: PROVIDERS, resources: withBucket({ lock: { mode: 'GOVERNANCE', years: 7 } }) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'true positive: retention in years below the minimum fails',
    plan: { providers: PROVIDERS, resources: withBucket({ lock: { mode: 'COMPLIANCE', years: 1 } }) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'true positive: 2554 days is one day short of 7 years and fails',
    plan: { providers: PROVIDERS, resources: withBucket({ lock: { mode: 'COMPLIANCE', days: 2554 } }) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'minRetentionYears from the config applies (1 year = 365 days)',
    plan: { providers: PROVIDERS, resources: withBucket({ lock: { mode: 'COMPLIANCE', days: 365 } }) },
    config: { minRetentionYears: 1 },
    expect: { [B]: 'pass' },
  },
  {
    name: 'no Object Lock fails',
    plan: { providers: PROVIDERS, resources: withBucket({ lock: null }) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'AWS provider v3 inline object_lock_configuration is read',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: B,
          providerKey: LOG_ARCHIVE_KEY,
          values: {
            bucket: 'org-trail-logs',
            object_lock_configuration: [
              {
                object_lock_enabled: 'Enabled',
                rule: [{ default_retention: [{ mode: 'COMPLIANCE', days: 0, years: 10 }] }],
              },
            ],
          },
          unknown: { id: true },
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'pass' },
  },
  {
    name: 'Object Lock on without a default retention fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: B,
          values: { bucket: 'org-trail-logs', object_lock_enabled: true },
          unknown: { id: true, object_lock_configuration: true },
          providerKey: LOG_ARCHIVE_KEY,
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a retention unknown until apply is not assessed',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: B,
          values: { bucket: 'org-trail-logs', object_lock_enabled: true },
          unknown: { id: true },
          providerKey: LOG_ARCHIVE_KEY,
        },
        {
          address: 'aws_s3_bucket_object_lock_configuration.trail',
          values: {},
          unknown: { id: true, bucket: true, rule: true },
          expressions: { bucket: { references: [`${B}.id`, B] }, rule: { references: ['var.rule'] } },
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a trail bucket this input does not manage is not assessed, never a pass',
    plan: { providers: PROVIDERS, resources: [trail({ bucketName: 'org-archive-elsewhere' })] },
    expect: { 'arn:aws:s3:::org-archive-elsewhere': 'not-assessed/out-of-scope' },
  },
  {
    name: 'a bucket named in the config auditBuckets is judged too',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({
          name: 'extra-audit',
          address: 'aws_s3_bucket.extra',
          lock: { mode: 'GOVERNANCE', years: 7 },
          providerKey: LOG_ARCHIVE_KEY,
        }),
      ],
    },
    config: { auditBuckets: [{ name: 'extra-audit' }] },
    expect: { 'aws_s3_bucket.extra': 'fail' },
  },
  {
    name: 'a bucket that is no audit destination is not examined',
    plan: {
      providers: PROVIDERS,
      resources: [
        { address: 'aws_s3_bucket.data', values: { bucket: 'data' }, expressions: constants({ bucket: 'data' }) },
      ],
    },
    expect: {},
  },
];

describe('AUD-004 Object Lock on audit buckets', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-004', c));
});
