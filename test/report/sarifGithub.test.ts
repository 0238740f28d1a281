/**
 * SARIF against GitHub code scanning's documented upload constraints (docs.github.com, "SARIF support for code
 * scanning" and "Uploading a SARIF file"): SARIF 2.1.0; at most 20 runs per file, 25,000 results and 25,000 rules per
 * run, 1,000 locations per result, 20 tags per rule, 10 MB gzipped; every result needs a ruleId, message.text and a
 * location whose physicalLocation names a file (artifactLocation.uri) and a region.startLine; partialFingerprints
 * keep alerts stable; runAutomationDetails.id gives each analysis its own category. Checked for the three cases
 * that used to lose locations: a plan from stdin, several plans, and --tf-root with absences and registry modules.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { errorsOf, sarifValidator } from './validators.js';

interface Result {
  ruleId?: string;
  message?: { text?: string };
  partialFingerprints?: Record<string, string>;
  properties?: { input?: string };
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
}
interface Log {
  version: string;
  runs: Array<{
    tool: { driver: { name?: string; rules?: Array<{ properties?: { tags?: string[] } }> } };
    automationDetails?: { id?: string };
    results: Result[];
  }>;
}

const validate = sarifValidator();

/** Every documented constraint; returns the list of violations (empty when GitHub would accept the file). */
function githubViolations(text: string): string[] {
  const log = JSON.parse(text) as Log;
  const out: string[] = [];
  if (log.version !== '2.1.0') out.push('version is not 2.1.0');
  if (gzipSync(text).length > 10 * 1024 * 1024) out.push('over 10 MB gzipped');
  if (log.runs.length > 20) out.push('more than 20 runs');
  const categories = new Set<string>();
  for (const run of log.runs) {
    if (!run.tool.driver.name) out.push('run without tool.driver.name');
    const id = run.automationDetails?.id;
    if (!id) out.push('run without automationDetails.id');
    else if (categories.has(id)) out.push(`two runs share category ${id}`);
    else categories.add(id);
    if (run.results.length > 25_000) out.push('more than 25,000 results in a run');
    if ((run.tool.driver.rules ?? []).length > 25_000) out.push('more than 25,000 rules in a run');
    for (const rule of run.tool.driver.rules ?? [])
      if ((rule.properties?.tags ?? []).length > 20) out.push('a rule with more than 20 tags');
    run.results.forEach((r, i) => {
      if (!r.ruleId) out.push(`result ${i}: no ruleId`);
      if (!r.message?.text) out.push(`result ${i}: no message.text`);
      if (!r.partialFingerprints || Object.keys(r.partialFingerprints).length === 0)
        out.push(`result ${i}: no partialFingerprints`);
      const locations = r.locations ?? [];
      if (locations.length === 0 || locations.length > 1000) out.push(`result ${i}: ${locations.length} locations`);
      const physical = locations[0]?.physicalLocation;
      if (!physical?.artifactLocation?.uri) out.push(`result ${i} (${r.ruleId}): no artifactLocation.uri`);
      if (!physical?.region?.startLine || physical.region.startLine < 1)
        out.push(`result ${i} (${r.ruleId}): no region.startLine`);
    });
  }
  return out;
}

const looksPrivate = join(repoRoot, 'fixtures', 'examples', 'bedrock-looks-private.plan.json');
const corpus = join(repoRoot, 'fixtures', 'corpus');

describe("SARIF meets GitHub code scanning's upload constraints", () => {
  it('from stdin: every result has a file and a line', () => {
    const r = runCli(['scan', '-', '--format', 'sarif'], { input: readFileSync(looksPrivate) });
    expect(r.code).toBe(1);
    expect(githubViolations(r.stdout)).toEqual([]);
    expect(validate(JSON.parse(r.stdout)), errorsOf(validate)).toBe(true);
    const log = JSON.parse(r.stdout) as Log;
    expect(log.runs[0].results.length).toBeGreaterThan(40);
    // The stated fallback for stdin without --tf-root: the root module's file where the scan ran.
    expect(new Set(log.runs[0].results.map((x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri))).toEqual(
      new Set(['main.tf']),
    );
  });

  it('from several plans: each result points at its own plan, fingerprints carry the input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-stacks-'));
    const plan = readFileSync(join(corpus, 'tfc__kms-key-rotation-disabled.json'), 'utf8');
    writeFileSync(join(dir, 'stackA.json'), plan);
    writeFileSync(join(dir, 'stackB.json'), plan);
    const names = ['tfc__vpc-module-nat-igw-eip-routes.json', 'ckv__iam-user-group-role-policies.json'];
    const r = runCli(
      [
        'scan',
        ...names.map((n) => join('fixtures', 'corpus', n)),
        'stackA.json',
        'stackB.json',
        '--format',
        'sarif',
      ].map((a) => (a.startsWith('stack') ? join(dir, a) : a)),
    );
    expect(githubViolations(r.stdout)).toEqual([]);
    const results = (JSON.parse(r.stdout) as Log).runs[0].results;
    const uris = new Set(results.map((x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    expect(uris.size).toBeGreaterThanOrEqual(3);
    for (const x of results)
      if (x.properties?.input)
        expect(x.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toContain(
          x.properties.input.split('/').pop() ?? '',
        );
    // The same address in two stacks: two findings, two fingerprints.
    const fromA = results.filter((x) => x.properties?.input?.endsWith('stackA.json'));
    const fromB = results.filter((x) => x.properties?.input?.endsWith('stackB.json'));
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromA.length).toBe(fromB.length);
    const fpA = new Set(fromA.map((x) => Object.values(x.partialFingerprints ?? {})[0]));
    for (const x of fromB) expect(fpA.has(Object.values(x.partialFingerprints ?? {})[0])).toBe(false);
  });

  it('with --tf-root: resources at their .tf line, absences at the root module file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-tfroot-'));
    writeFileSync(join(dir, 'versions.tf'), 'terraform {}\n');
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_internet_gateway" "this" {\n  vpc_id = "x"\n}\n');
    const r = runCli(['scan', looksPrivate, '--format', 'sarif', '--tf-root', dir]);
    expect(githubViolations(r.stdout)).toEqual([]);
    const uris = (JSON.parse(r.stdout) as Log).runs[0].results.map(
      (x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '',
    );
    expect(uris.every((u) => u.endsWith('main.tf'))).toBe(true);
  });

  it('gives two scans of one repository different categories', () => {
    const a = JSON.parse(runCli(['scan', looksPrivate, '--format', 'sarif']).stdout) as Log;
    const b = JSON.parse(
      runCli(['scan', join('fixtures', 'corpus', 'tfc__kms-key-rotation-disabled.json'), '--format', 'sarif']).stdout,
    ) as Log;
    expect(a.runs[0].automationDetails?.id).not.toBe(b.runs[0].automationDetails?.id);
    expect(a.runs[0].automationDetails?.id).toMatch(/^airgap-audit\/regulated\/.+\/$/);
  });

  it('the checker itself rejects a result without a location', () => {
    const a = JSON.parse(runCli(['scan', looksPrivate, '--format', 'sarif']).stdout) as Log;
    delete a.runs[0].results[0].locations;
    expect(githubViolations(JSON.stringify(a))).toContain(
      `result 0 (${a.runs[0].results[0].ruleId}): no artifactLocation.uri`,
    );
  });
});
