import { describe, it } from 'vitest';
import { dataSelector, fieldSelector, MANAGEMENT_SELECTOR, PROVIDERS, trail } from '../support/auditFixtures.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const ACCOUNT = 'account/111111111111';
const MODEL = dataSelector('AWS::Bedrock::Model');
const AGENT = dataSelector('AWS::Bedrock::AgentAlias');

const cases: RuleCase[] = [
  {
    name: 'management events plus Bedrock model and agent-alias data events pass',
    plan: { providers: PROVIDERS, resources: [trail()] },
    expect: { 'aws_cloudtrail.main': 'pass' },
  },
  {
    name: 'true positive: advanced selectors for S3 data events but not AWS::Bedrock::Model fail',
    plan: {
      providers: PROVIDERS,
      resources: [
        trail({ values: { advanced_event_selector: [MANAGEMENT_SELECTOR, dataSelector('AWS::S3::Object')] } }),
      ],
    },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'true positive: Bedrock data selectors without management events fail (model invocations are management events)',
    plan: { providers: PROVIDERS, resources: [trail({ values: { advanced_event_selector: [MODEL, AGENT] } })] },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'management events filtered to read-only miss the write half and fail',
    plan: {
      providers: PROVIDERS,
      resources: [
        trail({
          values: {
            advanced_event_selector: [
              {
                name: 'm',
                field_selector: [fieldSelector('eventCategory', ['Management']), fieldSelector('readOnly', ['true'])],
              },
              MODEL,
              AGENT,
            ],
          },
        }),
      ],
    },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'a trail with no selectors records management events only: no Bedrock data events, fails',
    plan: { providers: PROVIDERS, resources: [trail({ values: { advanced_event_selector: [] } })] },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'the classic event_selector cannot take Bedrock types: management events alone fail',
    plan: {
      providers: PROVIDERS,
      resources: [
        trail({
          values: {
            advanced_event_selector: [],
            event_selector: [
              {
                read_write_type: 'All',
                include_management_events: true,
                data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
                exclude_management_event_sources: [],
              },
            ],
          },
        }),
      ],
    },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'a Bedrock data selector narrowed to one model ARN is only partial coverage: needs review',
    plan: {
      providers: PROVIDERS,
      resources: [
        trail({
          values: {
            advanced_event_selector: [
              MANAGEMENT_SELECTOR,
              dataSelector('AWS::Bedrock::Model', [
                fieldSelector('resources.ARN', ['arn:aws:bedrock:us-east-1::foundation-model/x']),
              ]),
              AGENT,
            ],
          },
        }),
      ],
    },
    expect: { 'aws_cloudtrail.main': 'not-assessed/needs-review' },
  },
  {
    name: 'a knowledge base in the input also needs AWS::Bedrock::KnowledgeBase data events',
    plan: {
      providers: PROVIDERS,
      resources: [trail(), { address: 'aws_bedrockagent_knowledge_base.docs', values: { name: 'docs' } }],
    },
    expect: { 'aws_cloudtrail.main': 'fail' },
  },
  {
    name: 'coverage split over two trails (management on one, data on the other) passes together',
    plan: {
      providers: PROVIDERS,
      resources: [
        trail({ values: { advanced_event_selector: [MANAGEMENT_SELECTOR] } }),
        trail({ address: 'aws_cloudtrail.data', values: { advanced_event_selector: [MODEL, AGENT] } }),
      ],
    },
    expect: { 'aws_cloudtrail.main': 'pass', 'aws_cloudtrail.data': 'pass' },
  },
  {
    name: 'no trail fails against the account',
    plan: { providers: PROVIDERS, resources: [] },
    expect: { [ACCOUNT]: 'fail' },
  },
  {
    name: 'no trail, provided elsewhere, is not assessed',
    plan: { providers: PROVIDERS, resources: [] },
    config: { providedElsewhere: { 'AUD-002': 'organization trail' } },
    expect: { [ACCOUNT]: 'not-assessed/provided-elsewhere' },
  },
];

describe('AUD-002 Bedrock events in CloudTrail', () => {
  for (const c of cases) it(c.name, () => checkCase('AUD-002', c));
});
