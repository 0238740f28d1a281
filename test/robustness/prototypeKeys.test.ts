/**
 * Names that are members of Object.prototype (`constructor`, `toString`, `__proto__`, ...) are ordinary
 * strings to Terraform: a tag key, a for_each key, a policy condition key or operator, a principal type,
 * a provider or module name. Used as property names on plain objects they used to crash the scan or
 * write into Object.prototype itself. Every such name goes through every place input names a key, in
 * one plan, through the loader, both profiles, waivers and `--resource`, and every reporter; the process's
 * prototypes must be untouched afterwards and verdicts must match those for an ordinary name.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { renderJson } from '../../src/report/json.js';
import { renderFormat, OUTPUT_FORMATS } from '../../src/report/render.js';
import { renderText } from '../../src/report/text.js';
import { assessInventory } from '../../src/scan.js';
import { buildPlan, ref, type JsonValue } from '../support/planBuilder.js';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Every place a plan names a key, all filled with `name`. */
function planNaming(name: string): Record<string, JsonValue> {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { [name]: ['x'], AWS: '*' },
        Action: 'kms:*',
        Resource: '*',
        Condition: { [name]: { [name]: 'x' }, StringEquals: { [name]: 'y' } },
      },
    ],
  });
  const plan = buildPlan({
    resources: [
      {
        address: `aws_vpc.v[${JSON.stringify(name)}]`,
        values: { cidr_block: '10.0.0.0/16', tags: { [name]: 'x', Name: name } },
      },
      {
        address: 'data.aws_iam_policy_document.d',
        values: {
          statement: [
            {
              effect: 'Allow',
              actions: ['s3:*'],
              resources: ['*'],
              principals: [{ type: name, identifiers: ['*'] }],
              condition: [
                { test: name, variable: name, values: ['yes'] },
                { test: 'StringEquals', variable: name, values: ['x'] },
              ],
            },
          ],
        },
      },
      {
        address: 'aws_iam_policy.p',
        values: { name: 'p' },
        unknown: { policy: true },
        expressions: { policy: ref('data.aws_iam_policy_document.d.json') },
      },
      { address: 'aws_kms_key.k', values: { enable_key_rotation: true, policy } },
      { address: `module.m.aws_s3_bucket.b[${JSON.stringify(name)}]`, values: { bucket: name } },
      { address: `${name}.x`, type: name, values: { [name]: name } },
    ],
    modules: { 'module.m': { source: `./${name}` } },
  });
  return plan;
}

function snapshotPrototypes(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
      Object.getOwnPropertyNames(p)
        .sort()
        .map((k) => `${k}:${typeof Object.getOwnPropertyDescriptor(p, k)?.value}`),
    ),
  );
}

/** Verdicts with the swept name replaced, so a prototype name can be compared with an ordinary one. */
function verdicts(name: string, text: string): string[] {
  const doc = JSON.parse(text) as {
    findings: Array<{ ruleId: string; status: string; resource: { address: string } }>;
  };
  return doc.findings.map((f) => `${f.ruleId} ${f.status} ${f.resource.address.split(name).join('NAME')}`).sort();
}

async function scanAll(name: string): Promise<string[]> {
  const inventory = inventoryFromPlans([loadPlan(planNaming(name), `${name}.json`)]);
  const config = {
    ...defaultConfig(),
    allowedRegions: ['us-east-1'],
    boundaryVpcs: [`tag:${name}=x`],
    providedElsewhere: { [name]: 'x' },
    severityOverrides: JSON.parse(`{${JSON.stringify(name)}:"low"}`) as Record<string, 'low'>,
  };
  const waivers = [{ ruleId: name, resource: `**${name}**`, reason: 'r', owner: 'o', expires: '2999-01-01' }];
  let last = '';
  for (const profile of ['baseline', 'highest-trust'] as const) {
    const report = assessInventory(inventory, { config, profile, waivers });
    assessInventory(inventory, { config, profile, resource: `*${name}*` });
    last = renderJson(report);
    renderText(report, { color: false });
    for (const format of OUTPUT_FORMATS) await renderFormat(format, report, { planPaths: [`${name}.json`] });
  }
  return verdicts(name, last);
}

describe('prototype member names as input keys', () => {
  it('crash nothing, pollute nothing, and judge like any other name', async () => {
    const before = snapshotPrototypes();
    const reference = await scanAll('ordinaryname');
    for (const name of PROTOTYPE_NAMES) {
      const got = await scanAll(name).catch((err: unknown) => {
        throw new Error(`${name}: ${(err as Error).stack ?? String(err)}`);
      });
      expect(got, name).toEqual(reference);
      expect(snapshotPrototypes(), name).toBe(before);
      expect(({} as Record<string, unknown>).yes, name).toBeUndefined();
    }
  }, 120_000);
});
