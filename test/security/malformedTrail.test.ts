/**
 * A trail or invocation-logging argument holding a value of a type the provider does not take (an object
 * where a string belongs, a string where a boolean belongs) settles nothing: the rule that reads it is not
 * assessed, the value is never read as the provider default nor as its text, and `[object Object]` appears
 * in no output. Each case passes on a well-typed plan, so a pass here could only come from the garbage.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { renderJson } from '../../src/report/json.js';
import { assessInventory } from '../../src/scan.js';
import {
  auditBucket,
  dataSelector,
  fieldSelector,
  invocationLogging,
  LOG_ARCHIVE_KEY,
  PROVIDERS,
  trail,
} from '../support/auditFixtures.js';
import { buildPlan, type JsonValue, type ResourceSpec } from '../support/planBuilder.js';

const TRAIL = 'aws_cloudtrail.main';
const LOGGING = 'aws_bedrock_model_invocation_logging_configuration.main';
const BUCKET = auditBucket({
  name: 'invocation-logs',
  address: 'aws_s3_bucket.invocations',
  providerKey: LOG_ARCHIVE_KEY,
});

/** A field selector as `fieldSelector` writes it, with any JSON where its field and values belong. */
function selector(field: JsonValue, equals: JsonValue): Record<string, JsonValue> {
  return { ...fieldSelector('', []), field, equals };
}

/** Bedrock data selectors and a management selector whose second field selector is `odd`. */
function withManagementSelector(odd: Record<string, JsonValue>): ResourceSpec {
  return trail({
    values: {
      advanced_event_selector: [
        { name: 'm', field_selector: [selector('eventCategory', ['Management']), odd] },
        dataSelector('AWS::Bedrock::Model'),
        dataSelector('AWS::Bedrock::AgentAlias'),
      ],
    },
  });
}

const CASES: Array<{ what: string; rule: string; address: string; resources: ResourceSpec[] }> = [
  {
    what: 'a field selector whose field is an object (it narrows to read-only events)',
    rule: 'AUD-002',
    address: TRAIL,
    resources: [withManagementSelector(selector({ name: 'readOnly' }, ['true']))],
  },
  {
    what: 'a field selector whose field is a list (String() of it reads as "readOnly")',
    rule: 'AUD-002',
    address: TRAIL,
    resources: [withManagementSelector(selector(['readOnly', 'x'], ['true']))],
  },
  {
    what: 'an event category compared with a list holding an object',
    rule: 'AUD-002',
    address: TRAIL,
    resources: [
      trail({
        values: {
          advanced_event_selector: [
            { name: 'm', field_selector: [selector('eventCategory', ['Management', { not: 'a string' }])] },
            dataSelector('AWS::Bedrock::Model'),
            dataSelector('AWS::Bedrock::AgentAlias'),
          ],
        },
      }),
    ],
  },
  {
    what: 'enable_logging given as the string "false" (read as the default true)',
    rule: 'AUD-001',
    address: TRAIL,
    resources: [trail({ values: { enable_logging: 'false' } })],
  },
  {
    what: 'advanced_event_selector as a string (read as no selectors: management events only)',
    rule: 'AUD-002',
    address: TRAIL,
    resources: [trail({ values: { advanced_event_selector: 'Management and Bedrock data events' } })],
  },
  {
    what: 'a classic selector whose read_write_type is an object (read as the default All)',
    rule: 'AUD-002',
    address: TRAIL,
    resources: [
      trail({
        values: {
          advanced_event_selector: [],
          event_selector: [{ read_write_type: { v: 'ReadOnly' }, include_management_events: true, data_resource: [] }],
        },
      }),
    ],
  },
  {
    what: 'text delivery given as the string "false" (read as the default true)',
    rule: 'AUD-003',
    address: LOGGING,
    resources: [...BUCKET, invocationLogging('aws_s3_bucket.invocations', { text_data_delivery_enabled: 'false' })],
  },
];

function scan(resources: ResourceSpec[]) {
  const plan = buildPlan({ providers: PROVIDERS, resources });
  const inventory = inventoryFromPlans([loadPlan(plan, 'plan.json')]);
  return assessInventory(inventory, { config: defaultConfig(), profile: 'highest-trust', includeInventory: true });
}

describe('audit arguments of a type the provider does not take', () => {
  for (const c of CASES) {
    it(`are not assessed, never passed: ${c.what}`, () => {
      const report = scan(c.resources);
      const verdicts = report.findings
        .filter((f) => f.ruleId === c.rule && f.resource.address === c.address)
        .map((f) => `${f.status}/${f.reason ?? ''}`);
      expect(verdicts).toEqual(['not-assessed/unknown-at-plan']);
      const doc = renderJson(report);
      expect(doc).not.toContain('[object Object]');
      expect(doc).toContain('(a value of a type the provider does not take)');
    });
  }

  it('a well-typed plan of the same shape passes each rule (the cases above fail only on the garbage)', () => {
    const report = scan([trail(), ...BUCKET, invocationLogging('aws_s3_bucket.invocations')]);
    for (const [rule, address] of [
      ['AUD-001', TRAIL],
      ['AUD-002', TRAIL],
      ['AUD-003', LOGGING],
    ])
      expect(
        report.findings.filter((f) => f.ruleId === rule && f.resource.address === address).map((f) => f.status),
      ).toEqual(['pass']);
  });

  it('a selector field unknown until apply stays unknown, without the wrong-type note', () => {
    const spec = withManagementSelector(selector(null, ['true']));
    const unknown: ResourceSpec = {
      ...spec,
      unknown: {
        ...(spec.unknown as Record<string, JsonValue>),
        advanced_event_selector: [{ field_selector: [{}, { field: true }] }],
      },
    };
    const report = scan([unknown]);
    const aud2 = report.findings.filter((f) => f.ruleId === 'AUD-002' && f.resource.address === TRAIL);
    expect(aud2.map((f) => `${f.status}/${f.reason}`)).toEqual(['not-assessed/unknown-at-plan']);
    expect(renderJson(report)).not.toContain('does not take');
  });
});
