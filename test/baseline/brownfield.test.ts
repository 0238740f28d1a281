/**
 * A brownfield estate adopting the gate: the baseline is written from the leaky example, then the change
 * under review reorders every resource, renames one with a `moved` block, removes a failing one and adds
 * one new failure. The gate fails on exactly that one; every output marks new and existing findings; the
 * removed failure is listed as fixed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { errorsOf, oscalValidators, sarifValidator } from '../report/validators.js';

interface PlanResource {
  address: string;
  name: string;
  [k: string]: unknown;
}
interface Plan {
  planned_values: { root_module: { resources: PlanResource[] } };
  resource_changes: PlanResource[];
  configuration: { root_module: { resources: PlanResource[] } };
}
interface JsonFinding {
  ruleId: string;
  status: string;
  fingerprint: string;
  resource: { address: string };
  baseline?: string;
}

const leaky = join(repoRoot, 'fixtures', 'examples', 'bedrock-looks-private.plan.json');
const NEW_SECRET = 'aws_secretsmanager_secret.new_token';
const OLD_LOGS = 'aws_cloudwatch_log_group.eu_copy';
const RENAMED_LOGS = 'aws_cloudwatch_log_group.eu_logs';
const REMOVED = 'aws_iam_user_login_profile.ci';

/** The change under review, made to the example plan as Terraform would show it. */
function changedPlan(options: { addFailure: boolean }): Plan {
  const plan = JSON.parse(readFileSync(leaky, 'utf8')) as Plan;
  const sections = [plan.planned_values.root_module, plan, plan.configuration.root_module] as const;
  const lists = [sections[0].resources, sections[1].resource_changes, sections[2].resources];
  for (const [i, list] of lists.entries()) {
    // Fixed: the console password of aws_iam_user.ci is gone (IAM-002).
    const kept = list.filter((r) => r.address !== REMOVED);
    // Renamed with `moved { from = ...eu_copy, to = ...eu_logs }`: the plan shows previous_address.
    for (const r of kept) {
      if (r.address !== OLD_LOGS) continue;
      r.address = RENAMED_LOGS;
      r.name = 'eu_logs';
      if (i === 1) r.previous_address = OLD_LOGS;
    }
    // New: a secret encrypted with the AWS-managed key (KMS-001), copied from the existing one.
    if (options.addFailure) {
      const template = kept.find((r) => r.address === 'aws_secretsmanager_secret.api_key');
      if (!template) throw new Error('example plan changed: no aws_secretsmanager_secret.api_key');
      kept.push({ ...structuredClone(template), address: NEW_SECRET, name: 'new_token' });
    }
    // Unrelated churn: every resource in a different order.
    kept.reverse();
    if (i === 0) sections[0].resources = kept;
    else if (i === 1) sections[1].resource_changes = kept;
    else sections[2].resources = kept;
  }
  return plan;
}

const dir = mkdtempSync(join(tmpdir(), 'airgap-brownfield-'));
const baselineFile = join(dir, 'baseline.json');
const out = join(dir, 'evidence');
let baselineDoc: { findings: JsonFinding[] };
let scan: { code: number; stderr: string };

beforeAll(() => {
  const written = runCli(['scan', leaky, '--write-baseline', baselineFile, '--format', 'text']);
  expect(written.stderr).toBe('');
  expect(written.code).toBe(1);
  baselineDoc = JSON.parse(readFileSync(baselineFile, 'utf8'));
  const changed = join(dir, 'changed.plan.json');
  writeFileSync(changed, JSON.stringify(changedPlan({ addFailure: true })));
  scan = runCli([
    'scan',
    changed,
    '--baseline',
    baselineFile,
    '--format',
    'text,json,sarif,junit,markdown,html,oscal',
    '--output-dir',
    out,
  ]);
});

const read = (name: string): string => readFileSync(join(out, name), 'utf8');

describe('brownfield baseline', () => {
  it('writes the baseline as the --format json document', () => {
    const ajv = new Ajv({ strict: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(repoRoot, 'schemas', 'findings.schema.json'), 'utf8')) as object,
    );
    expect(validate(baselineDoc), JSON.stringify(validate.errors)).toBe(true);
    expect(baselineDoc.findings.filter((f) => f.status === 'fail').length).toBeGreaterThan(40);
  });

  it('fails the gate on exactly the one new failure', () => {
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(1);
    const doc = JSON.parse(read('airgap-audit.json'));
    const fresh = doc.findings.filter((f: JsonFinding) => f.baseline === 'new');
    expect(fresh.map((f: JsonFinding) => `${f.ruleId} ${f.status} ${f.resource.address}`)).toEqual([
      `KMS-001 fail ${NEW_SECRET}`,
    ]);
    const failing = doc.findings.filter((f: JsonFinding) => f.status === 'fail');
    expect(failing.filter((f: JsonFinding) => f.baseline === 'existing')).toHaveLength(failing.length - 1);
    expect(doc.baseline).toMatchObject({ file: baselineFile, new: 1 });
    // The baseline shapes the verdict, so the effective configuration (and the manifest's hash of it) names it.
    expect(doc.configuration.files.baseline).toBe(baselineFile);
    expect(doc.baseline.existing).toBe(doc.findings.filter((f: JsonFinding) => f.status !== 'pass').length - 1);
  });

  it('keeps the fingerprint of a resource renamed with moved', () => {
    const doc = JSON.parse(read('airgap-audit.json'));
    const renamed = doc.findings.find(
      (f: JsonFinding) => f.ruleId === 'KMS-001' && f.resource.address === RENAMED_LOGS,
    );
    const before = baselineDoc.findings.find((f) => f.ruleId === 'KMS-001' && f.resource.address === OLD_LOGS);
    expect(renamed).toMatchObject({ status: 'fail', baseline: 'existing', fingerprint: before?.fingerprint });
  });

  it('lists the fixed failure', () => {
    const doc = JSON.parse(read('airgap-audit.json'));
    expect(doc.baseline.fixed.map((e: { ruleId: string; address: string }) => `${e.ruleId} ${e.address}`)).toEqual([
      'IAM-002 aws_iam_user.ci',
    ]);
    const fixedLine = 'fixed: IAM-002 aws_iam_user.ci';
    expect(read('airgap-audit.txt')).toContain(fixedLine);
    expect(read('airgap-audit.md')).toContain('- fixed\\: IAM\\-002 aws\\_iam\\_user\\.ci');
    expect(read('airgap-audit.html')).toContain(fixedLine);
    const sarif = JSON.parse(read('airgap-audit.sarif'));
    expect(sarif.runs[0].properties.baseline.fixed[0]).toMatchObject({ ruleId: 'IAM-002', address: 'aws_iam_user.ci' });
  });

  it('marks new and existing findings in every output', () => {
    const text = read('airgap-audit.txt');
    expect(text).toContain(`FAIL HIGH [new] KMS-001 ${NEW_SECRET}`);
    expect(text).toContain('FAIL CRITICAL [existing] NET-001 module.network.aws_internet_gateway.this');
    expect(text).toMatch(/baseline .*baseline\.json: 1 new, \d+ existing, 1 fixed/);

    const sarifLog = JSON.parse(read('airgap-audit.sarif'));
    const validateSarif = sarifValidator();
    expect(validateSarif(sarifLog), errorsOf(validateSarif)).toBe(true);
    const sarifStates = new Map<string, string[]>();
    for (const r of sarifLog.runs[0].results) {
      const address = r.locations[0].logicalLocations[0].fullyQualifiedName;
      sarifStates.set(r.baselineState, [...(sarifStates.get(r.baselineState) ?? []), `${r.ruleId} ${address}`]);
    }
    expect(sarifStates.get('new')).toEqual([`KMS-001 ${NEW_SECRET}`]);
    expect(sarifStates.get('unchanged')?.length).toBeGreaterThan(40);

    const junit = read('airgap-audit.junit.xml');
    expect(junit).toMatch(/\[fail\][^\n]*\[new\]/);
    expect(junit).toContain('[existing]');

    const md = read('airgap-audit.md');
    expect(md).toContain('❌ **Gate FAIL: 1 failing finding at or above high (1 high)**');
    // New failures come first in the pull-request comment.
    expect(md).toMatch(
      /### Failing findings\n\n\| Severity \| Rule \| Resource \| Message \|\n\|---\|---\|---\|---\|\n\| high \[new\] \| KMS\\-001 \| aws\\_secretsmanager\\_secret\\.new\\_token/,
    );
    expect(md).toContain('[existing]');

    const html = read('airgap-audit.html');
    expect(html).toContain('>new</span>');
    expect(html).toContain('>existing</span>');

    const { ar, poam } = oscalValidators();
    const arDoc = JSON.parse(read('oscal-assessment-results.json'));
    expect(ar(arDoc), errorsOf(ar)).toBe(true);
    const states = (
      arDoc['assessment-results'].results[0].observations as { props: { name: string; value: string }[] }[]
    )
      .flatMap((o) => o.props.filter((p) => p.name === 'baseline-state').map((p) => p.value))
      .sort();
    expect(states.filter((v) => v === 'new')).toHaveLength(1);
    expect(states.filter((v) => v === 'existing').length).toBeGreaterThan(40);
    expect(poam(JSON.parse(read('oscal-poam.json'))), errorsOf(poam)).toBe(true);
  });

  it('passes the gate when the change only reorders, renames and fixes', () => {
    const file = join(dir, 'no-new.plan.json');
    writeFileSync(file, JSON.stringify(changedPlan({ addFailure: false })));
    const r = runCli(['scan', file, '--baseline', baselineFile, '--format', 'markdown']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✅ **Gate PASS');
    // Without the baseline the same plan fails: the baseline is what lets the estate adopt the gate.
    expect(runCli(['scan', file]).code).toBe(1);
  });

  it('refuses a baseline that is not a findings document, and an output over an input', () => {
    const bogus = join(dir, 'bogus.json');
    writeFileSync(bogus, '{"runs": []}');
    const r = runCli(['scan', leaky, '--baseline', bogus]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `airgap-audit: ${bogus}: not an airgap-audit findings document (write one with --format json or --write-baseline)\n`,
    );
    expect(runCli(['scan', leaky, '--baseline', join(dir, 'missing.json')]).stderr).toMatch(
      /missing\.json: cannot read baseline \(ENOENT\)/,
    );
    const over = runCli(['scan', leaky, '--write-baseline', leaky]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/output would overwrite an input file/);
  });
});
