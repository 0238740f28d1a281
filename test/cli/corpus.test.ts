import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, repoRoot } from '../support/cli.js';

const dir = join(repoRoot, 'fixtures', 'corpus');
const plans = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('public corpus of real Terraform plans', () => {
  it('holds the plans listed in its provenance file', () => {
    expect(plans.length).toBeGreaterThanOrEqual(20);
  });
  for (const plan of plans) {
    it(`scans ${plan} with exit 0 or 1 and valid JSON`, () => {
      const r = runCli(['scan', join(dir, plan), '--format', 'json']);
      expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
      const doc = JSON.parse(r.stdout) as { input: { sha256: string }; findings: unknown[] };
      expect(doc.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    });
  }
  it('scans every corpus plan merged into one inventory', () => {
    const r = runCli(['scan', ...plans.map((p) => join(dir, p)), '--format', 'json']);
    expect([0, 1]).toContain(r.code);
    const doc = JSON.parse(r.stdout) as { input: { files: unknown[] } };
    expect(doc.input.files).toHaveLength(plans.length);
  });
});
