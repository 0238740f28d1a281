/**
 * Plan / live parity: one small deployment, created in moto through the SDK (parityDeployment.ts) and
 * written as a `terraform show -json` plan (parityPlan.ts), scanned with one config. A rule is written
 * once for both sources, so every rule both sources can judge must give each resource the same result.
 * Also the `scan --aws` command end to end against the same emulator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { defaultConfig, type AuditConfig } from '../../src/config/config.js';
import type { Inventory } from '../../src/model/inventory.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import type { ScanReport } from '../../src/report/scanReport.js';
import { assessInventory } from '../../src/scan.js';
import { runCli, repoRoot } from '../support/cli.js';
import { buildPlan, constant, type JsonValue, type PlanSpec } from '../support/planBuilder.js';
import { isolateAwsEnv, MOTO_SERVICES, startMoto, type Moto } from './motoServer.js';
import { compareScans, LIVE_ONLY_RESOURCES, RULES_ONE_SIDE_ONLY, type ParityResult } from './parityCompare.js';
import { deployParity, PARITY, PARITY_ACCOUNT, PARITY_REGION, type ParityDeployment } from './parityDeployment.js';
import { parityPlanSpec } from './parityPlan.js';
import { failedGaps } from './gaps.js';

// Starting moto and deploying takes a few seconds; CI shares two cores with heavier suites.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/**
 * One config for both scans. highest-trust runs every rule; the account, region and audit bucket are
 * named so that rules needing them judge rather than answer not-assessed on either side.
 */
const config: AuditConfig = {
  ...defaultConfig(),
  profile: 'highest-trust',
  workloadAccount: PARITY_ACCOUNT,
  trustedAccounts: [PARITY_ACCOUNT],
  allowedRegions: [PARITY_REGION],
  auditBuckets: [{ name: PARITY.bucket }],
};

let moto: Moto;
let deployment: ParityDeployment;
let live: { report: ScanReport; inventory: Inventory };

function planScan(spec: PlanSpec): { report: ScanReport; inventory: Inventory } {
  const inventory = inventoryFromPlans([loadPlan(buildPlan(spec), 'parity-plan.json')]);
  return { report: assessInventory(inventory, { config }), inventory };
}

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  deployment = await deployParity(moto.url);
  const inventory = await collectAws({ endpointUrl: moto.url, regions: [PARITY_REGION], services: MOTO_SERVICES });
  live = { report: assessInventory(inventory, { config }), inventory };
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

/**
 * The rules the parity deployment is built to exercise: each must be compared on at least one shared
 * resource, so a scan that silently judged nothing cannot pass as "no disagreement".
 */
const RULES_EXPECTED_ON_BOTH = [
  'NET-001',
  'NET-002',
  'NET-004',
  'NET-005',
  'NET-010',
  'NET-011',
  'EGR-001',
  'DEP-001',
  'DEP-002',
  'DEP-003',
  'KMS-001',
  'KMS-002',
  'KMS-003',
  'KMS-004',
  'KMS-005',
  'IAM-001',
  'IAM-002',
  'IAM-005',
  'IAM-006',
  'AUD-001',
  'AUD-002',
  'AUD-003',
  'AUD-004',
  'AUD-005',
  'AUD-006',
  'AUD-007',
  'ENC-002',
  'RES-001',
];

describe('plan / live parity', () => {
  let parity: ParityResult;
  beforeAll(() => {
    parity = compareScans(live, planScan(parityPlanSpec()));
  });

  it('the live scan read the whole deployment without a collection gap', () => {
    // A gap would turn results into not-assessed on the live side only; that is not what is compared here.
    expect(failedGaps(live.inventory)).toEqual([]);
  });

  it('gives every shared resource the same result from both sources, rule by rule', () => {
    expect(parity.unjoinable).toEqual([]);
    expect(parity.mismatches).toEqual([]);
  });

  it('compares the rules and resources the deployment was built for', () => {
    const compared = [...parity.compared.keys()];
    expect(compared).toEqual(expect.arrayContaining(RULES_EXPECTED_ON_BOTH));
    // Spot checks of the join: the internet gateway by Name tag, the key by alias, the bucket by name.
    expect(parity.compared.get('NET-001')).toContain(`aws_internet_gateway/${PARITY.igw}`);
    expect(parity.compared.get('KMS-002')).toContain(`aws_kms_key/${PARITY.keyAlias}`);
    expect(parity.compared.get('AUD-004')).toContain(`aws_s3_bucket/${PARITY.bucket}`);
    expect(parity.compared.get('NET-004')).toEqual(
      new Set([`aws_route_table/${PARITY.publicRouteTable}`, `aws_route_table/${PARITY.privateRouteTable}`]),
    );
    // RES-001 judges every regional resource: all 18 of the plan are matched by a live twin.
    expect(parity.compared.get('RES-001')?.size).toBe(18);
  });

  it('leaves out only what one side cannot see, each for a stated reason', () => {
    for (const ruleId of Object.keys(RULES_ONE_SIDE_ONLY)) expect(parity.compared.has(ruleId)).toBe(false);
    // The live-only defaults really occur (else their exclusion would hide nothing and should go).
    expect([...parity.excludedLive.keys()].sort()).toEqual(LIVE_ONLY_RESOURCES.map((x) => x.why).sort());
  });

  it('detects a plan that differs from the account: key rotation switched off in the plan only', () => {
    const flipped = parityPlanSpec();
    const key = flipped.resources.find((r) => r.address === 'aws_kms_key.audit');
    if (!key) throw new Error('no aws_kms_key.audit in the parity plan');
    setValue(key, 'enable_key_rotation', false);
    const result = compareScans(live, planScan(flipped));
    expect(result.mismatches).toEqual([
      { ruleId: 'KMS-004', key: `aws_kms_key/${PARITY.keyAlias}`, live: ['pass'], plan: ['fail'] },
    ]);
  });

  it('detects a resource only one side has: the plan without its flow log', () => {
    const spec = parityPlanSpec();
    spec.resources = spec.resources.filter((r) => r.address !== 'aws_flow_log.vpc');
    const result = compareScans(live, planScan(spec));
    expect(result.mismatches).toEqual(
      expect.arrayContaining([
        { ruleId: 'NET-011', key: `aws_vpc/${PARITY.vpc.name}`, live: ['pass'], plan: ['fail'] },
        { ruleId: 'RES-001', key: `aws_flow_log/${PARITY.flowLog}`, live: ['pass'], plan: [] },
      ]),
    );
  });
});

/** Change one argument of a planned resource: its `after` value and its configuration constant alike. */
function setValue(resource: PlanSpec['resources'][number], attr: string, value: JsonValue): void {
  resource.values[attr] = value;
  if (resource.expressions) resource.expressions[attr] = constant(value);
}

describe('scan --aws (the built CLI) against the emulator', () => {
  interface JsonReport {
    input: { kind: string; path: string };
    findings: Array<{ ruleId: string; status: string; resource: { address: string } }>;
  }
  let code: number;
  let report: JsonReport;
  let parsed: unknown;
  let stderr: string;

  beforeAll(() => {
    // Dummy credentials only. runCli starts from process.env, which isolateAwsEnv has already emptied of
    // every AWS_ variable (AWS_PROFILE included) and pointed away from the user's shared config.
    expect(process.env.AWS_PROFILE).toBeUndefined();
    const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
    const r = runCli(
      [
        'scan',
        '--aws',
        '--endpoint-url',
        `http://127.0.0.1:${moto.port}`,
        '--region',
        PARITY_REGION,
        // The CLI reads every service, some of which moto answers with HTTP 500 (MOTO_SERVICES): those
        // gaps come after one call timeout instead of ten retries.
        '--call-timeout',
        '10',
        '--format',
        'json',
      ],
      { env },
    );
    code = r.code;
    stderr = r.stderr;
    parsed = JSON.parse(r.stdout) as unknown;
    report = parsed as JsonReport;
  });

  it('exits 1 because failures exist', () => {
    expect(code, stderr).toBe(1);
  });

  it('writes JSON that validates against the shipped findings schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(repoRoot, 'schemas', 'findings.schema.json'), 'utf8')) as object,
    );
    const ok = validate(parsed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('names the account as its input', () => {
    expect(report.input.kind).toBe('aws-account');
    expect(report.input.path).toBe(`aws://${PARITY_ACCOUNT}`);
  });

  it('fails NET-001 on the internet gateway, named by its ARN', () => {
    const igw = report.findings.filter((f) => f.ruleId === 'NET-001' && f.resource.address === deployment.igwArn);
    expect(igw.map((f) => f.status)).toEqual(['fail']);
  });
});
