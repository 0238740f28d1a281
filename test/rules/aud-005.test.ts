import { describe, it } from 'vitest';
import { auditBucket, denyDeletePolicy, LOG_ARCHIVE_KEY, PROVIDERS, splitOf, trail } from '../support/auditFixtures.js';
import { ref, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const B = 'aws_s3_bucket.trail';
const NAME = 'org-trail-logs';

function withPolicy(policy: string | null): ResourceSpec[] {
  return [
    ...auditBucket({ name: NAME, address: B, providerKey: LOG_ARCHIVE_KEY, policy }),
    trail({ bucketAddress: B }),
  ];
}

const cases: RuleCase[] = [
  {
    name: 'Deny s3:DeleteObject and s3:DeleteObjectVersion to everyone passes',
    plan: { providers: PROVIDERS, resources: withPolicy(denyDeletePolicy(NAME)) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'trap: Deny s3:Delete* covers both actions and passes',
    plan: { providers: PROVIDERS, resources: withPolicy(denyDeletePolicy(NAME, ['s3:Delete*'])) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'trap: Deny s3:* covers both actions and passes',
    plan: { providers: PROVIDERS, resources: withPolicy(denyDeletePolicy(NAME, ['s3:*'])) },
    expect: { [B]: 'pass' },
  },
  {
    name: 'true positive: Deny of only s3:DeleteObject leaves versions deletable and fails',
    plan: { providers: PROVIDERS, resources: withPolicy(denyDeletePolicy(NAME, ['s3:DeleteObject'])) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a Deny with a condition is a carve-out and fails',
    plan: {
      providers: PROVIDERS,
      resources: withPolicy(
        denyDeletePolicy(NAME, ['s3:Delete*'], {
          Condition: { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/break-glass' } },
        }),
      ),
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a Deny only for one principal fails',
    plan: {
      providers: PROVIDERS,
      resources: withPolicy(
        denyDeletePolicy(NAME, ['s3:Delete*'], { Principal: { AWS: 'arn:aws:iam::111111111111:root' } }),
      ),
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a Deny on the bucket ARN alone (not its objects) fails',
    plan: {
      providers: PROVIDERS,
      resources: withPolicy(denyDeletePolicy(NAME, ['s3:Delete*'], { Resource: `arn:aws:s3:::${NAME}` })),
    },
    expect: { [B]: 'fail' },
  },
  {
    name: 'no bucket policy fails',
    plan: { providers: PROVIDERS, resources: withPolicy(null) },
    expect: { [B]: 'fail' },
  },
  {
    name: 'a malformed policy is not assessed',
    plan: { providers: PROVIDERS, resources: withPolicy('{"Statement": [') },
    expect: { [B]: 'not-assessed/needs-review' },
  },
  {
    name: 'a policy rebuilt from its aws_iam_policy_document, whose Resource is unknown until apply, is not assessed',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: NAME, address: B, providerKey: LOG_ARCHIVE_KEY, policy: null }),
        {
          address: 'data.aws_iam_policy_document.trail',
          values: {
            statement: [
              {
                sid: 'DenyDelete',
                effect: 'Deny',
                actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
                resources: [null],
                principals: [{ type: '*', identifiers: ['*'] }],
                condition: [],
              },
            ],
          },
          unknown: { json: true, id: true, statement: [{ resources: [true] }] },
        },
        {
          ...splitOf('aws_s3_bucket_policy.trail', B, {}, LOG_ARCHIVE_KEY),
          unknown: { id: true, bucket: true, policy: true },
          expressions: { bucket: ref(`${B}.id`), policy: ref('data.aws_iam_policy_document.trail.json') },
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a policy rebuilt from its aws_iam_policy_document naming the objects passes',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: NAME, address: B, providerKey: LOG_ARCHIVE_KEY, policy: null }),
        {
          address: 'data.aws_iam_policy_document.trail',
          values: {
            statement: [
              {
                sid: 'DenyDelete',
                effect: 'Deny',
                actions: ['s3:Delete*'],
                resources: [`arn:aws:s3:::${NAME}/*`],
                principals: [{ type: 'AWS', identifiers: ['*'] }],
                condition: [],
              },
            ],
          },
          unknown: { id: true },
        },
        {
          ...splitOf('aws_s3_bucket_policy.trail', B, {}, LOG_ARCHIVE_KEY),
          unknown: { id: true, bucket: true, policy: true },
          expressions: { bucket: ref(`${B}.id`), policy: ref('data.aws_iam_policy_document.trail.json') },
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'pass' },
  },
  {
    name: 'a policy unknown at plan time and not rebuildable is not assessed',
    plan: {
      providers: PROVIDERS,
      resources: [
        ...auditBucket({ name: NAME, address: B, providerKey: LOG_ARCHIVE_KEY, policy: null }),
        {
          ...splitOf('aws_s3_bucket_policy.trail', B, {}, LOG_ARCHIVE_KEY),
          unknown: { id: true, bucket: true, policy: true },
          expressions: { bucket: ref(`${B}.id`), policy: ref('local.policy') },
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'AWS provider v3 inline policy on aws_s3_bucket is read',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: B,
          providerKey: LOG_ARCHIVE_KEY,
          values: { bucket: NAME, policy: denyDeletePolicy(NAME, ['s3:Delete*']) },
          unknown: { id: true },
        },
        trail({ bucketAddress: B }),
      ],
    },
    expect: { [B]: 'pass' },
  },
  {
    name: 'an unmanaged trail bucket is not assessed',
    plan: { providers: PROVIDERS, resources: [trail({ bucketName: 'elsewhere' })] },
    expect: { 'arn:aws:s3:::elsewhere': 'not-assessed/out-of-scope' },
  },
];

describe('AUD-005 audit bucket policies deny deletion', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-005', c));
});
