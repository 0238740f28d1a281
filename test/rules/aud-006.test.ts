import { describe, it } from 'vitest';
import { auditBucket, invocationLogging, LOG_ARCHIVE_KEY, PROVIDERS, trail } from '../support/auditFixtures.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const B = 'aws_s3_bucket.trail';

const cases: RuleCase[] = [
  {
    name: 'a bucket managed through the log-archive provider (assume role into 222222222222) passes',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY }),
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'pass' },
  },
  {
    name: 'a bucket managed by the default provider (the workload account) fails',
    plan: {
      providers: PROVIDERS,
      resources: [...auditBucket({ name: 'org-trail-logs', address: B }), trail({ bucketAddress: B })],
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a log-archive account not in trustedAccounts fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY }),
        trail({ bucketAddress: B }),
      ],
    },
    config: { trustedAccounts: ['333333333333'] },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a log-archive account listed in trustedAccounts passes',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY }),
        trail({ bucketAddress: B }),
      ],
    },
    config: { trustedAccounts: ['222222222222'] },
    expect: { [B]: 'pass' },
  },
  {
    name: 'config workloadAccount decides when the default provider names no account',
    plan: {
      providers: { aws: { region: 'us-east-1' }, [LOG_ARCHIVE_KEY]: PROVIDERS[LOG_ARCHIVE_KEY] },
      resources: [
        ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY }),
        trail({ bucketAddress: B }),
      ],
    },
    config: { workloadAccount: '222222222222' },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a bucket whose provider names no account is not assessed',
    plan: {
      providers: { aws: { region: 'us-east-1' } },
      resources: [...auditBucket({ name: 'org-trail-logs', address: B }), trail({ bucketAddress: B })],
    },
    expect: { [B]: 'not-assessed/needs-review' },
  },
  {
    name: 'a bucket the input does not manage and the config does not place is not assessed, never a pass',
    plan: { providers: PROVIDERS, resources: [trail({ bucketName: 'org-archive' })] },
    expect: { 'arn:aws:s3:::org-archive': 'not-assessed/needs-review' },
  },
  {
    name: 'a bucket the config places in the log-archive account passes',
    plan: { providers: PROVIDERS, resources: [trail({ bucketName: 'org-archive' })] },
    config: { auditBuckets: [{ name: 'org-archive', account: '222222222222' }] },
    expect: { 'arn:aws:s3:::org-archive': 'pass' },
  },
  {
    name: 'the invocation-logging destination is an audit bucket too',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: 'invocations', address: 'aws_s3_bucket.invocations' }),
        invocationLogging('aws_s3_bucket.invocations'),
      ],
    },
    expect: { 'aws_s3_bucket.invocations': 'fail' },
  },
  {
    name: 'two plans: the bucket managed in the log-archive stack is found by name',
    plan: [
      { providers: PROVIDERS, resources: [trail({ bucketName: 'org-trail-logs' })] },
      {
        providers: { aws: { region: 'us-east-1', allowedAccountIds: ['222222222222'] } },
        resources: auditBucket({ name: 'org-trail-logs', address: 'aws_s3_bucket.archive' }),
      },
    ],
    expect: { 'aws_s3_bucket.archive': 'pass' },
  },
];

describe('AUD-006 audit buckets in another account', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-006', c));
});
