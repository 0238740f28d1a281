/**
 * `merge` of plan scans, on real plans of the corpus: with inventories the merge is the scan of both plans together;
 * without, findings are combined as each report judged them and every format says that cross-account rules were
 * not re-judged. Also: the reports validate against the shipped schema, and the inventory survives the round trip.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { summarize } from '../../src/engine/summary.js';
import { deserializeInventory, ENTITY_KINDS, type SerializedInventory } from '../../src/model/serialize.js';
import { assessInventory, inventoryForReport, inventoryFromPlanFiles } from '../../src/scan.js';
import type { Finding } from '../../src/engine/types.js';
import { renderJson, toJsonDocument } from '../../src/report/json.js';
import { repoRoot, runCli } from '../support/cli.js';

const PLAN_A = join(repoRoot, 'fixtures/corpus/ckv__kitchen-sink-55-resources-vpc-igw-kms-iam-s3.json');
const PLAN_B = join(repoRoot, 'fixtures/corpus/regula__cloudtrail-log-file-validation.json');
const ENV = { SOURCE_DATE_EPOCH: '1767225600' };

interface Report {
  findings: Finding[];
  summary: unknown;
  gate: { exitCode: number; verdict: string };
  merge?: { rejudged: boolean; note: string };
  inventory?: SerializedInventory;
  [key: string]: unknown;
}

let dir: string;
const file = (name: string): string => join(dir, name);
const read = (name: string): Report => JSON.parse(readFileSync(file(name), 'utf8')) as Report;

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  return runCli(args, { env: ENV });
}

function judged(r: Report): Record<string, unknown> {
  const { generatedAt: _at, merge: _merge, inventory: _inventory, ...rest } = r;
  return rest;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'merge-plan-'));
  for (const [plan, name] of [
    [PLAN_A, 'a'],
    [PLAN_B, 'b'],
  ]) {
    expect(cli(['scan', plan, '--format', 'json', '--with-inventory', '--output', file(`${name}.inv.json`)]).code).toBe(
      1,
    );
    expect(cli(['scan', plan, '--format', 'json', '--output', file(`${name}.json`)]).code).toBe(1);
  }
  expect(cli(['scan', PLAN_A, PLAN_B, '--format', 'json', '--output', file('ab.json')]).code).toBe(1);
}, 120_000);

describe('merge of two plan scans with inventories', () => {
  it('is the scan of both plans together', () => {
    const r = cli(['merge', file('a.inv.json'), file('b.inv.json'), '--format', 'json', '--output', file('m.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const merged = read('m.json');
    expect(merged.merge?.rejudged).toBe(true);
    expect(judged(merged)).toEqual(judged(read('ab.json')));
  });

  it('merges a merged report again (a tree of merges for many shards)', () => {
    const r = cli(['merge', file('a.inv.json'), '--with-inventory', '--format', 'json', '--output', file('a2.json')]);
    expect(r.code, r.stderr).toBe(1);
    const again = cli(['merge', file('a2.json'), file('b.inv.json'), '--format', 'json', '--output', file('m2.json')]);
    expect(again.code, again.stderr).toBe(1);
    expect(read('m2.json').findings).toEqual(read('ab.json').findings);
  });

  it('judges under the merge’s own flags, as scan would', () => {
    const r = cli(['merge', file('a.inv.json'), file('b.inv.json'), '--profile', 'baseline', '--format', 'json']);
    const joint = cli(['scan', PLAN_A, PLAN_B, '--profile', 'baseline', '--format', 'json']);
    expect(r.code).toBe(joint.code);
    expect(judged(JSON.parse(r.stdout) as Report)).toEqual(judged(JSON.parse(joint.stdout) as Report));
    // The shards were judged under the regulated profile: their own gates said something else, and the merge says so.
    expect(r.stderr).toMatch(/^airgap-audit: warning: .*a\.inv\.json, .*b\.inv\.json judged under another profile/);
  });

  it('passes the gate for findings the baseline already holds', () => {
    const r = cli(['merge', file('a.inv.json'), file('b.inv.json'), '--baseline', file('ab.json'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { baseline: { new: number } }).baseline.new).toBe(0);
  });

  it('writes reports that validate against the shipped findings schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(repoRoot, 'schemas', 'findings.schema.json'), 'utf8')) as object,
    );
    for (const name of ['a.inv.json', 'm.json', 'a2.json']) {
      validate(read(name));
      expect(validate.errors ?? [], name).toEqual([]);
    }
  });

  it('the schema lists every entity kind of the model', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'findings.schema.json'), 'utf8')) as {
      definitions: { entityKind: { enum: string[] } };
    };
    expect([...schema.definitions.entityKind.enum].sort()).toEqual(Object.keys(ENTITY_KINDS).sort());
  });

  it('writes the inventory in pieces exactly as one JSON.stringify would', async () => {
    const report = assessInventory(await inventoryFromPlanFiles([PLAN_A]), {
      config: defaultConfig(),
      includeInventory: true,
    });
    expect(report.inventory).toBeDefined();
    expect(renderJson(report)).toBe(`${JSON.stringify(toJsonDocument(report), null, 2)}\n`);
  });

  it('judges an inventory read back from JSON exactly as the one the plan gave', async () => {
    const options = { config: defaultConfig(), asOf: '2026-01-01' };
    const inventory = await inventoryFromPlanFiles([PLAN_A, PLAN_B]);
    const direct = assessInventory(inventory, options);
    const text = JSON.stringify(inventoryForReport(inventory));
    const back = deserializeInventory(JSON.parse(text) as SerializedInventory).inventory;
    const again = assessInventory(back, options);
    expect(again.findings).toEqual(direct.findings);
    expect(again.coverage).toEqual(direct.coverage);
  });
});

describe('merge of two plan scans without inventories', () => {
  let merged: Report;
  beforeAll(() => {
    const r = cli(['merge', file('a.json'), file('b.json'), '--format', 'json', '--output', file('n.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    merged = read('n.json');
  });

  it('combines the findings and recomputes what derives from them', () => {
    const a = read('a.json');
    const b = read('b.json');
    expect(merged.merge?.rejudged).toBe(false);
    const fingerprints = (r: Report): string[] => r.findings.map((f) => `${f.fingerprint} ${f.resource.input}`).sort();
    expect(fingerprints(merged)).toEqual([...new Set([...fingerprints(a), ...fingerprints(b)])].sort());
    expect(merged.summary).toEqual(summarize(merged.findings));
    expect(merged.gate.verdict).toBe('fail');
  });

  it('says in every format that cross-account rules were not re-judged', () => {
    const pkg = file('evidence');
    const r = cli([
      'merge',
      file('a.json'),
      file('b.json'),
      '--format',
      'text,json,sarif,junit,markdown,html,oscal',
      '--output-dir',
      pkg,
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('NOT re-judged');
    const names = readdirSync(pkg).filter(
      (n) => n.startsWith('airgap-audit.') || n === 'oscal-assessment-results.json',
    );
    expect(names).toHaveLength(7);
    for (const name of names) expect(readFileSync(join(pkg, name), 'utf8'), name).toContain('NOT re-judged');
    expect(cli(['verify', pkg]).code).toBe(0);
  });

  it('recomputes the gate with the merge’s --fail-on', () => {
    const r = cli(['merge', file('a.json'), file('b.json'), '--fail-on', 'none', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses a flag that would judge again, naming it', () => {
    // --with-inventory with a JSON report (without one it is refused for that first).
    for (const flag of [
      ['--profile', 'baseline'],
      ['--rule', 'NET-001'],
      ['--with-inventory', '--format', 'json'],
    ]) {
      const r = cli(['merge', file('a.json'), file('b.json'), ...flag]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^airgap-audit: ${flag[0]}: cannot apply: the reports carry no inventory`));
    }
  });

  it('writes its waiver states from the merged findings', () => {
    const waivers = file('waivers.json');
    writeFileSync(
      waivers,
      JSON.stringify({
        waivers: [{ ruleId: 'NET-001', resource: '**', reason: 'accepted', owner: 'net', expires: '2999-01-01' }],
      }),
    );
    for (const name of ['a', 'b'])
      expect(
        cli([
          'scan',
          name === 'a' ? PLAN_A : PLAN_B,
          '--waivers',
          waivers,
          '--format',
          'json',
          '--output',
          file(`${name}.w.json`),
        ]).code,
      ).toBe(1);
    const r = cli(['merge', file('a.w.json'), file('b.w.json'), '--format', 'json']);
    const report = JSON.parse(r.stdout) as { waivers: Array<{ state: string; matched: number }>; findings: Finding[] };
    const waived = report.findings.filter((f) => f.status === 'waived').length;
    expect(waived).toBeGreaterThan(0);
    expect(report.waivers).toEqual([expect.objectContaining({ state: 'applied', matched: waived })]);
  });
});
