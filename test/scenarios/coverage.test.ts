/**
 * The coverage matrix of both shipped scenarios against a checked-in expectation: per framework,
 * every control's status. `npm run examples` rewrites the expectation after a deliberate change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

interface Doc {
  coverage: Array<{
    framework: string;
    counts: Record<string, number>;
    controls: Array<{ id: string; status: string }>;
  }>;
}

const examples = join(repoRoot, 'fixtures', 'examples');

function matrix(plan: string): Record<string, { counts: Record<string, number>; controls: Record<string, string> }> {
  const r = runCli([
    'scan',
    join(examples, plan),
    '--config',
    join(examples, 'airgap-audit.config.json'),
    '--format',
    'json',
    '--fail-on',
    'none',
  ]);
  const doc = JSON.parse(r.stdout) as Doc;
  return Object.fromEntries(
    doc.coverage.map((f) => [
      f.framework,
      { counts: f.counts, controls: Object.fromEntries(f.controls.map((c) => [c.id, c.status])) },
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
  it('the blueprint satisfies every rule-mapped 800-171 boundary and audit control it can judge', () => {
    const m = matrix('bedrock-airgapped.plan.json')['nist-800-171-r2'];
    expect(m.controls['3.13.1']).toBe('satisfied');
    expect(m.controls['3.3.8']).toBe('satisfied');
    expect(Object.values(m.controls)).not.toContain('not-satisfied');
  });
});
