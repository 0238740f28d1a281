/**
 * `--rules-dir`: the shipped example rule runs through every output format, the evidence package, a profile,
 * a waiver and a user mapping; a throwing or malformed rule becomes a not-assessed result naming it; a
 * namespace or id that clashes with a built-in rule, or a broken module, is a one-line exit-2 error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { errorsOf, oscalValidators, sarifValidator } from '../report/validators.js';

const leaky = join(repoRoot, 'fixtures', 'examples', 'bedrock-looks-private.plan.json');
const exampleRules = join(repoRoot, 'examples', 'custom-rules');
const FORMATS = 'text,json,sarif,junit,markdown,html,oscal';

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A rules directory holding one module with this source. */
function rulesDir(source: string, name = 'rule.mjs'): string {
  const dir = tempDir('airgap-rules-');
  writeFileSync(join(dir, name), source);
  return dir;
}

const META = `{ namespace: 'XYZ', id: 'XYZ-001', title: 'Test rule', severity: 'high', profiles: ['regulated'],
  rationale: 'r', remediation: 'm', references: [], reads: ['Vpc'] }`;

describe('custom rules from --rules-dir', () => {
  it('runs the example rule through every format, a user mapping, a waiver and a signed-off evidence package', () => {
    const mappings = tempDir('airgap-map-');
    writeFileSync(
      join(mappings, 'acme.json'),
      JSON.stringify({
        id: 'acme-data',
        title: 'ACME data handling standard',
        version: '2026.1',
        source: { title: 'ACME data handling', url: 'https://example.com/dh', publisher: 'ACME' },
        controls: [{ id: 'DH-1', title: 'Stores are classified', rules: ['ACM-001'], rationale: 'Tag check.' }],
      }),
    );
    const waivers = join(tempDir('airgap-waive-'), 'waivers.json');
    writeFileSync(
      waivers,
      JSON.stringify([
        {
          ruleId: 'ACM-001',
          resource: 'aws_s3_bucket.invocation_logs',
          reason: 'Classified in the data register',
          owner: 'data-office',
          expires: '2099-01-01',
        },
      ]),
    );
    const out = join(tempDir('airgap-pkg-'), 'evidence');
    const r = runCli([
      'scan',
      leaky,
      '--rules-dir',
      exampleRules,
      '--mappings',
      mappings,
      '--waivers',
      waivers,
      '--profile',
      'baseline',
      '--format',
      FORMATS,
      '--output-dir',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const read = (name: string): string => readFileSync(join(out, name), 'utf8');

    const json = JSON.parse(read('airgap-audit.json'));
    const ajv = new Ajv({ strict: false });
    addFormatsModule.default(ajv);
    const validateFindings = ajv.compile(
      JSON.parse(readFileSync(join(repoRoot, 'schemas', 'findings.schema.json'), 'utf8')) as object,
    );
    expect(validateFindings(json), JSON.stringify(validateFindings.errors)).toBe(true);
    expect(json.configuration.files.rulesDir).toBe(exampleRules);
    expect(json.configuration.rules).toContain('ACM-001');
    const acm = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'ACM-001');
    // The example plan has 5 keys and buckets, none tagged; one is waived.
    expect(acm).toHaveLength(5);
    expect(acm.filter((f: { status: string }) => f.status === 'fail')).toHaveLength(4);
    expect(
      acm.find((f: { resource: { address: string } }) => f.resource.address === 'aws_s3_bucket.invocation_logs'),
    ).toMatchObject({ status: 'waived', controls: expect.arrayContaining([{ framework: 'acme-data', id: 'DH-1' }]) });
    const acme = json.coverage.find((c: { framework: string }) => c.framework === 'acme-data');
    // One ACM-001 failure is waived, the others are not: the control reads as contradicted, never as supported.
    expect(acme.controls[0]).toMatchObject({
      id: 'DH-1',
      evidence: 'contradicts',
      rules: expect.objectContaining({ mapped: ['ACM-001'], contradicting: ['ACM-001'] }),
    });

    const sarif = JSON.parse(read('airgap-audit.sarif'));
    const validateSarif = sarifValidator();
    expect(validateSarif(sarif), errorsOf(validateSarif)).toBe(true);
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('ACM-001');
    expect(sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'ACM-001').length).toBeGreaterThan(0);

    const { ar, poam } = oscalValidators();
    const arDoc = JSON.parse(read('oscal-assessment-results.json'));
    expect(ar(arDoc), errorsOf(ar)).toBe(true);
    expect(JSON.stringify(arDoc)).toContain('ACM-001');
    const poamDoc = JSON.parse(read('oscal-poam.json'));
    expect(poam(poamDoc), errorsOf(poam)).toBe(true);
    expect(JSON.stringify(poamDoc)).toContain('ACM-001');

    for (const name of ['airgap-audit.txt', 'airgap-audit.junit.xml', 'airgap-audit.html'])
      expect(read(name), name).toContain('ACM-001');
    // The pull-request comment lists the most severe failures first and truncates: ask for the rule alone.
    const md = runCli(['scan', leaky, '--rules-dir', exampleRules, '--rule', 'ACM-001', '--format', 'markdown']);
    expect(md.stdout).toContain('| medium | ACM\\-001 | aws\\_s3\\_bucket\\.audit\\_trail |');
    expect(read('airgap-audit.txt')).toContain('aws_kms_replica_key.shared_eu has no DataClassification tag');

    const manifest = JSON.parse(read('manifest.json'));
    expect(JSON.stringify(manifest)).toContain('airgap-audit.sarif');
    const verify = runCli(['verify', out]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('takes part in baselines: its findings written to a baseline are existing on the next scan', () => {
    const baseline = join(tempDir('airgap-base-'), 'baseline.json');
    const write = runCli([
      'scan',
      leaky,
      '--rules-dir',
      exampleRules,
      '--write-baseline',
      baseline,
      '--fail-on',
      'none',
    ]);
    expect(write.code).toBe(0);
    const r = runCli(['scan', leaky, '--rules-dir', exampleRules, '--baseline', baseline, '--format', 'json']);
    expect(r.code).toBe(0);
    const acm = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'ACM-001');
    expect(acm.map((f: { baseline: string }) => f.baseline)).toEqual(Array(5).fill('existing'));
  });

  it('takes part in profiles: a rule outside the chosen profile does not run unless named with --rule', () => {
    const dir = rulesDir(`export const rule = { meta: ${META.replace("['regulated']", "['highest-trust']")},
      check(inventory) { return []; } };`);
    const off = JSON.parse(runCli(['scan', leaky, '--rules-dir', dir, '--format', 'json']).stdout);
    expect(off.findings.some((f: { ruleId: string }) => f.ruleId === 'XYZ-001')).toBe(false);
    const named = runCli(['scan', leaky, '--rules-dir', dir, '--rule', 'XYZ-001', '--format', 'sarif']);
    expect(JSON.parse(named.stdout).runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['XYZ-001']);
  });

  it('turns a rule that throws into one not-assessed result naming the rule, and the scan carries on', () => {
    const dir = rulesDir(`export default { meta: ${META}, check() { throw new Error('boom in rule'); } };`);
    const r = runCli(['scan', leaky, '--rules-dir', dir, '--format', 'json', '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const mine = doc.findings.filter((f: { ruleId: string }) => f.ruleId === 'XYZ-001');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'not-assessed', reason: 'needs-review' });
    expect(mine[0].message).toMatch(/^Custom rule XYZ-001 \(.*rule\.mjs\) threw: boom in rule/);
    expect(doc.findings.some((f: { ruleId: string }) => f.ruleId === 'NET-001')).toBe(true);
    // The coverage gate counts it: a broken rule is a gap, never a pass.
    expect(runCli(['scan', leaky, '--rules-dir', dir, '--fail-on', 'none', '--fail-on-not-assessed']).code).toBe(1);
  });

  it('turns a malformed result list into a not-assessed result', () => {
    const dir = rulesDir(`export const rule = { meta: ${META}, check() { return [{ status: 'ok' }]; } };`);
    const doc = JSON.parse(runCli(['scan', leaky, '--rules-dir', dir, '--format', 'json', '--rule', 'XYZ-001']).stdout);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0].message).toMatch(/returned a result without status/);
  });

  it.each([
    ['a built-in namespace', META.replace(/XYZ/g, 'NET'), /meta\.namespace "NET" is a built-in rule prefix/],
    [
      'a built-in id',
      META.replace("id: 'XYZ-001'", "id: 'NET-001'"),
      /meta\.id "NET-001" clashes with a built-in rule/,
    ],
    ['an id outside its namespace', META.replace("id: 'XYZ-001'", "id: 'ABC-001'"), /must be XYZ-NNN/],
    ['no namespace', META.replace("namespace: 'XYZ', ", ''), /meta\.namespace must be three capital letters/],
  ])('refuses %s with one line and exit 2', (_label, meta, message) => {
    const dir = rulesDir(`export const rule = { meta: ${meta}, check() { return []; } };`);
    const r = runCli(['scan', leaky, '--rules-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(join(dir, 'rule.mjs'));
  });

  it('refuses a module that does not load, a duplicate id and a missing directory, naming the file', () => {
    const broken = runCli(['scan', leaky, '--rules-dir', rulesDir('export const rule = {')]);
    expect(broken.code, broken.stderr).toBe(2);
    expect(broken.stderr).toMatch(/rule\.mjs: cannot load rule module/);
    const dup = rulesDir(`export const rule = { meta: ${META}, check() { return []; } };`, 'a.mjs');
    writeFileSync(join(dup, 'b.mjs'), `export const rule = { meta: ${META}, check() { return []; } };`);
    const twice = runCli(['scan', leaky, '--rules-dir', dup]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/b\.mjs: rule id "XYZ-001" is already defined by .*a\.mjs/);
    const missing = runCli(['scan', leaky, '--rules-dir', join(dup, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: cannot read rules directory \(ENOENT\)/);
  });
});
