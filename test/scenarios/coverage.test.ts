/**
 * The coverage matrix of both shipped scenarios against a checked-in expectation: per framework, every control's
 * evidence state. `npm run examples` rewrites the expectation after a deliberate change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

interface Doc {
  coverage: Array<{
    framework: string;
    counts: Record<string, number>;
    caveat: string;
    controls: Array<{ id: string; evidence: string; scope: string; assessorExamines: string }>;
  }>;
}

const examples = join(repoRoot, 'fixtures', 'examples');

function scanDoc(plan: string, extra: string[] = []): Doc {
  const r = runCli([
    'scan',
    join(examples, plan),
    '--config',
    join(examples, 'airgap-audit.config.json'),
    '--format',
    'json',
    '--fail-on',
    'none',
    ...extra,
  ]);
  return JSON.parse(r.stdout) as Doc;
}

function matrix(plan: string): Record<string, { counts: Record<string, number>; controls: Record<string, string> }> {
  return Object.fromEntries(
    scanDoc(plan).coverage.map((f) => [
      f.framework,
      { counts: f.counts, controls: Object.fromEntries(f.controls.map((c) => [c.id, c.evidence])) },
    ]),
  );
}

describe('coverage matrix of the shipped scenarios', () => {
  for (const plan of ['bedrock-airgapped.plan.json', 'bedrock-looks-private.plan.json']) {
    it(`${plan} matches its checked-in expectation`, () => {
      const path = join(repoRoot, 'test', 'scenarios', `${plan.replace('.plan.json', '')}.coverage.json`);
      const got = matrix(plan);
      if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(path, `${JSON.stringify(got, null, 1)}\n`);
      expect(got).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    });
  }
  it('the blueprint: boundary and audit evidence supports the automated part, nothing contradicts', () => {
    const m = matrix('bedrock-airgapped.plan.json')['nist-800-171-r2'];
    expect(m.controls['3.13.1']).toBe('supports');
    expect(m.controls['3.3.8']).toBe('supports');
    expect(Object.values(m.controls)).not.toContain('contradicts');
  });

  it('no control of either example reads as met: at most "supports the automated part", with scope and caveat', () => {
    for (const plan of ['bedrock-airgapped.plan.json', 'bedrock-looks-private.plan.json']) {
      for (const fw of scanDoc(plan).coverage) {
        expect(fw.caveat).toMatch(/not a verdict/);
        for (const c of fw.controls) {
          expect(['supports', 'contradicts', 'contradicted-waived', 'not-evidenced', 'manual']).toContain(c.evidence);
          if (c.evidence === 'manual') continue;
          expect(c.scope, `${fw.framework} ${c.id}`).not.toMatch(/not stated/i);
          expect(c.assessorExamines, `${fw.framework} ${c.id}`).not.toMatch(/does not say/i);
        }
      }
    }
  });

  it('a waived failure never supports a control: it reads "contradicted, waived"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airgap-waiver-'));
    try {
      const waivers = join(dir, 'waivers.json');
      writeFileSync(
        waivers,
        JSON.stringify({
          waivers: [
            {
              ruleId: 'NET-005',
              resource: 'module.network.aws_eip.nat',
              reason: 'NAT removal scheduled',
              owner: 'netops',
              expires: '2099-01-01',
            },
          ],
        }),
      );
      const doc = scanDoc('bedrock-looks-private.plan.json', ['--waivers', waivers]);
      const nist = doc.coverage.find((f) => f.framework === 'nist-800-171-r2');
      expect(nist?.controls.find((c) => c.id === '3.13.5')?.evidence).toBe('contradicted-waived');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
