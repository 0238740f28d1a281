import { describe, it } from 'vitest';
import { auditBucket, invocationLogging, LOG_ARCHIVE_KEY, PROVIDERS } from '../support/auditFixtures.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const REGION_SCOPE = 'account/111111111111/region/us-east-1';
const BUCKET = auditBucket({
  name: 'invocation-logs',
  address: 'aws_s3_bucket.invocations',
  providerKey: LOG_ARCHIVE_KEY,
});
const LOGGING = 'aws_bedrock_model_invocation_logging_configuration.main';

const cases: RuleCase[] = [
  {
    name: 'text delivery to an S3 bucket passes',
    plan: { providers: PROVIDERS, resources: [...BUCKET, invocationLogging('aws_s3_bucket.invocations')] },
    expect: { [LOGGING]: 'pass' },
  },
  {
    name: 'text delivery turned off fails',
    plan: {
      providers: PROVIDERS,
      resources: [...BUCKET, invocationLogging('aws_s3_bucket.invocations', { text_data_delivery_enabled: false })],
    },
    expect: { [LOGGING]: 'fail' },
  },
  {
    name: 'a configuration with no destination fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: LOGGING,
          values: { logging_config: [{ text_data_delivery_enabled: true, s3_config: [], cloudwatch_config: [] }] },
        },
      ],
    },
    expect: { [LOGGING]: 'fail' },
  },
  {
    name: 'a CloudWatch Logs destination passes',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: LOGGING,
          values: {
            logging_config: [
              {
                text_data_delivery_enabled: true,
                s3_config: [],
                cloudwatch_config: [
                  { log_group_name: '/bedrock/invocations', role_arn: 'arn:aws:iam::111111111111:role/bedrock-logs' },
                ],
              },
            ],
          },
        },
      ],
    },
    expect: { [LOGGING]: 'pass' },
  },
  {
    name: 'text delivery unknown until apply is not assessed',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: LOGGING,
          values: { logging_config: [{ s3_config: [{ bucket_name: 'x' }] }] },
          unknown: { logging_config: [{ text_data_delivery_enabled: true }] },
        },
      ],
    },
    expect: { [LOGGING]: 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'no invocation logging in the workload region fails against the region',
    plan: { providers: PROVIDERS, resources: [...BUCKET] },
    expect: { [REGION_SCOPE]: 'fail' },
  },
  {
    name: 'no invocation logging, provided elsewhere, is not assessed',
    plan: { providers: PROVIDERS, resources: [] },
    config: { providedElsewhere: { 'AUD-003': 'platform stack' } },
    expect: { [REGION_SCOPE]: 'not-assessed/provided-elsewhere' },
  },
];

describe('AUD-003 Bedrock invocation logging', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-003', c));
});
