import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { compactJsonPieces, renderJson } from '../../src/report/json.js';
import { scanPlanFiles } from '../../src/scan.js';

const root = join(import.meta.dirname, '..', '..');

interface Finding {
  ruleId: string;
  status: string;
  fingerprint: string;
  resource: { address: string };
  controls?: Array<{ framework: string; id: string }>;
}
interface CompactRule {
  controls: Array<{ framework: string; id: string }>;
  passed: { count: number; resources: string[] };
}

function validator(name: string): (doc: unknown) => unknown[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? ['invalid']));
}

describe('compact JSON (--format json-compact)', () => {
  it('validates against its schema and holds every result of the full document: controls per rule, passes per rule', async () => {
    const plan = join(root, 'fixtures', 'corpus', 'ckv__kitchen-sink-55-resources-vpc-igw-kms-iam-s3.json');
    const report = await scanPlanFiles([plan], { config: defaultConfig() });
    const full = JSON.parse(renderJson(report)) as { findings: Finding[]; summary: unknown; coverage: unknown };
    const text = [...compactJsonPieces(report)].join('');
    const compact = JSON.parse(text) as {
      schema: string;
      findings: Finding[];
      rules: Record<string, CompactRule>;
      summary: unknown;
      coverage: unknown;
    };
    expect(validator('findings-compact.schema.json')(compact)).toEqual([]);
    expect(compact.schema).toBe('airgap-audit/findings-compact');
    expect(compact.summary).toEqual(full.summary);
    expect(compact.coverage).toEqual(full.coverage);
    expect(full.findings.some((f) => f.status === 'pass')).toBe(true);
    expect(full.findings.some((f) => f.status !== 'pass')).toBe(true);

    // Re-expanded: each non-passing finding is the full one less its controls, which its rule lists once.
    const open = full.findings.filter((f) => f.status !== 'pass');
    expect(compact.findings.map((f) => f.fingerprint)).toEqual(open.map((f) => f.fingerprint));
    for (const [i, f] of compact.findings.entries()) {
      expect(f.controls).toBeUndefined();
      expect({ ...f, controls: compact.rules[f.ruleId]?.controls }).toEqual(open[i]);
    }
    for (const f of full.findings.filter((x) => x.status === 'pass')) {
      expect(compact.rules[f.ruleId]?.controls).toEqual(f.controls);
      expect(compact.rules[f.ruleId]?.passed.resources).toContain(f.resource.address);
    }
    const passes = Object.values(compact.rules).reduce((n, r) => n + r.passed.count, 0);
    expect(passes).toBe(full.findings.length - open.length);
    // Smaller than the full document, which repeats controls and indentation on every result.
    expect(text.length).toBeLessThan(renderJson(report).length * 0.75);
  });
});
