/**
 * One verdict, told the same everywhere: one scan per gate setting, every output format written to one evidence
 * package, and the exit code, the console, text, JSON, Markdown, HTML, JUnit and SARIF all state the same gate verdict
 * and the same air-gap answer. Also the headline per example: the blueprint is air-gappable, the look-alike is not
 * (naming the failing conditions), and a plan holding part of an estate says which conditions it cannot tell.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const examples = join(repoRoot, 'fixtures', 'examples');
const config = join(examples, 'airgap-audit.config.json');
const airgapped = join(examples, 'bedrock-airgapped.plan.json');
const looksPrivate = join(examples, 'bedrock-looks-private.plan.json');
const partial = join(repoRoot, 'fixtures', 'corpus', 'tfc__kms-key-rotation-enabled.json');

interface JsonReport {
  gate: { verdict: string; label: string; headline: string; exitCode: number };
  airGap: { airGappable: string; headline: string; conditions: Array<{ id: string; state: string }> };
}
interface SarifLog {
  runs: Array<{
    properties: { airGappable: string; airGapHeadline: string; gate: { verdict: string; label: string } };
  }>;
}

function scanAll(plan: string, extra: string[]) {
  const dir = join(mkdtempSync(join(tmpdir(), 'aga-verdict-')), 'pkg');
  const r = runCli([
    'scan',
    plan,
    '--config',
    config,
    '--format',
    'text,json,markdown,html,junit,sarif',
    '--output-dir',
    dir,
    ...extra,
  ]);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    ...r,
    json: JSON.parse(read('airgap-audit.json')) as JsonReport,
    text: read('airgap-audit.txt'),
    markdown: read('airgap-audit.md'),
    html: read('airgap-audit.html'),
    junit: read('airgap-audit.junit.xml'),
    sarif: JSON.parse(read('airgap-audit.sarif')) as SarifLog,
  };
}

const SETTINGS: Array<{ name: string; plan: string; flags: string[]; code: number; verdict: string; label: RegExp }> = [
  { name: 'look-alike, default gate', plan: looksPrivate, flags: [], code: 1, verdict: 'fail', label: /^FAIL$/ },
  {
    name: 'look-alike, --fail-on critical',
    plan: looksPrivate,
    flags: ['--fail-on', 'critical'],
    code: 1,
    verdict: 'fail',
    label: /^FAIL$/,
  },
  {
    name: 'look-alike, --fail-on none',
    plan: looksPrivate,
    flags: ['--fail-on', 'none'],
    code: 0,
    verdict: 'off',
    label: /^GATE OFF$/,
  },
  { name: 'blueprint, default gate', plan: airgapped, flags: [], code: 0, verdict: 'pass', label: /^PASS$/ },
  {
    name: 'blueprint, --fail-on-not-assessed',
    plan: airgapped,
    flags: ['--fail-on-not-assessed'],
    code: 0,
    verdict: 'pass',
    label: /^PASS$/,
  },
  {
    name: 'partial plan, --fail-on-not-assessed',
    plan: partial,
    flags: ['--fail-on-not-assessed', '--fail-on', 'none'],
    code: 1,
    verdict: 'fail',
    label: /^FAIL$/,
  },
];

describe('every output states the same verdict', () => {
  for (const s of SETTINGS) {
    it(s.name, () => {
      const r = scanAll(s.plan, s.flags);
      expect(r.code, r.stderr).toBe(s.code);
      const { gate, airGap } = r.json;
      expect(gate.verdict).toBe(s.verdict);
      expect(gate.exitCode).toBe(s.code);
      expect(gate.label).toMatch(s.label);
      // Console (CI log), text, Markdown and HTML carry the same gate headline and air-gap headline.
      expect(r.stdout).toContain(gate.headline);
      expect(r.text).toContain(gate.headline);
      expect(r.markdown).toContain(`**${gate.headline}**`);
      expect(r.html).toContain(`data-gate="${s.verdict}"`);
      expect(r.html).toContain(gate.headline.replace(/'/g, '&#39;'));
      expect(r.junit).toContain(`<property name="gate" value="${s.verdict}"/>`);
      expect(r.junit).toContain(`<property name="air-gappable" value="${airGap.airGappable}"/>`);
      expect(r.sarif.runs[0].properties.gate.verdict).toBe(s.verdict);
      expect(r.sarif.runs[0].properties.airGappable).toBe(airGap.airGappable);
      expect(r.stdout.toUpperCase()).toContain(airGap.headline.toUpperCase());
      expect(r.markdown).toContain(airGap.headline);
      // Never a bare PASS over failures.
      for (const out of [r.text, r.markdown, r.html])
        if (s.verdict !== 'pass') expect(out).not.toMatch(/\bPASS\b(?! \(\d+ failing)/);
    }, 60_000);
  }
});

describe('the air-gap headline', () => {
  it('the blueprint example is air-gappable', () => {
    const r = runCli(['scan', airgapped, '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AIR-GAPPABLE: yes — AG-1, AG-2, AG-3 and AG-4 satisfied');
  });

  it('the looks-private example is not, and names the failing conditions', () => {
    const r = runCli(['scan', looksPrivate, '--config', config, '--format', 'json']);
    const { airGap } = JSON.parse(r.stdout) as JsonReport;
    expect(airGap.airGappable).toBe('no');
    expect(airGap.headline).toBe('air-gappable: no — AG-1, AG-2, AG-3, AG-4 not satisfied');
  });

  it('a plan holding only part of an estate says which conditions it cannot tell', () => {
    const r = runCli(['scan', partial, '--format', 'json']);
    const { airGap } = JSON.parse(r.stdout) as JsonReport;
    expect(airGap.airGappable).toBe('cannot-tell');
    expect(airGap.headline).toBe('air-gappable: cannot tell from this input — AG-1, AG-2, AG-3, AG-4 not assessed');
    expect(airGap.conditions.every((c) => c.state === 'not-assessed')).toBe(true);
  });
});
