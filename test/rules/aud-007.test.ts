import { describe, it } from 'vitest';
import { auditBucket, LOG_ARCHIVE_KEY, PROVIDERS, splitOf, trail } from '../support/auditFixtures.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const B = 'aws_s3_bucket.trail';
const bucket = (o: Partial<Parameters<typeof auditBucket>[0]>) => [
  ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY, ...o }),
  trail({ bucketAddress: B }),
];

const cases: RuleCase[] = [
  {
    name: 'all four public access flags and versioning on pass',
    plan: { providers: PROVIDERS, resources: bucket({}) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'no public access block fails',
    plan: { providers: PROVIDERS, resources: bucket({ publicAccessBlock: false }) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'one public access flag off fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: 'org-trail-logs', address: B, providerKey: LOG_ARCHIVE_KEY, publicAccessBlock: false }),
        splitOf(
          'aws_s3_bucket_public_access_block.trail',
          B,
          {
            block_public_acls: true,
            block_public_policy: false,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          },
          LOG_ARCHIVE_KEY,
        ),
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'versioning not configured and no Object Lock fails',
    plan: { providers: PROVIDERS, resources: bucket({ versioning: false, lock: null }) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'Object Lock keeps versioning on without an aws_s3_bucket_versioning',
    plan: { providers: PROVIDERS, resources: bucket({ versioning: false }) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'suspended versioning fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({
          name: 'org-trail-logs',
          address: B,
          providerKey: LOG_ARCHIVE_KEY,
          versioning: false,
          lock: null,
        }),
        splitOf('aws_s3_bucket_versioning.trail', B, { versioning_configuration: [{ status: 'Suspended' }] }),
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'an unmanaged audit bucket is not assessed',
    plan: { providers: PROVIDERS, resources: [trail({ bucketName: 'elsewhere' })] },
    expect: { 'arn:aws:s3:::elsewhere': 'not-assessed/out-of-scope' },
  },
];

describe('AUD-007 audit buckets block public access and keep versioning', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-007', c));
});
