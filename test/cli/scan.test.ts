import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildPlan, ref } from '../support/planBuilder.js';
import { runCli, repoRoot } from '../support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'airgap-scan-'));
function planFile(name: string, plan: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(plan));
  return p;
}

const moduleIgw = planFile(
  'module-igw.json',
  buildPlan({
    resources: [
      { address: 'module.network.aws_vpc.this', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } },
      {
        address: 'module.network.aws_internet_gateway.this',
        values: {},
        unknown: { id: true, vpc_id: true },
        expressions: { vpc_id: ref('aws_vpc.this.id') },
      },
    ],
    modules: { 'module.network': { source: './modules/network' } },
  }),
);

const validateFindings = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schemas', 'findings.schema.json'), 'utf8')) as object);
})();

describe('airgap-audit scan', () => {
  it('reports NET-001 fail against the module address of an internet gateway in a child module, and exits 1', () => {
    const r = runCli(['scan', moduleIgw, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      findings: Array<{ ruleId: string; status: string; resource: { address: string } }>;
    };
    const f = doc.findings.find((x) => x.ruleId === 'NET-001' && x.status === 'fail');
    expect(f?.resource.address).toBe('module.network.aws_internet_gateway.this');
  });

  it('writes JSON that validates against the shipped findings schema', () => {
    const r = runCli(['scan', moduleIgw, '--format', 'json']);
    const ok = validateFindings(JSON.parse(r.stdout));
    expect(validateFindings.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('honours --fail-on: a critical failure passes the gate at none', () => {
    expect(runCli(['scan', moduleIgw, '--fail-on', 'none']).code).toBe(0);
  });

  it('--rule and --skip-rule select rules; --resource filters results', () => {
    const only = JSON.parse(runCli(['scan', moduleIgw, '--format', 'json', '--rule', 'NET-001']).stdout) as {
      findings: Array<{ ruleId: string }>;
    };
    expect(new Set(only.findings.map((f) => f.ruleId))).toEqual(new Set(['NET-001']));
    const skipped = JSON.parse(runCli(['scan', moduleIgw, '--format', 'json', '--skip-rule', 'NET-001']).stdout) as {
      findings: Array<{ ruleId: string }>;
    };
    expect(skipped.findings.some((f) => f.ruleId === 'NET-001')).toBe(false);
    const res = JSON.parse(
      runCli(['scan', moduleIgw, '--format', 'json', '--resource', 'module.network.aws_vpc.this']).stdout,
    ) as { findings: Array<{ resource: { address: string } }> };
    expect(res.findings.length).toBeGreaterThan(0);
    expect(res.findings.every((f) => f.resource.address === 'module.network.aws_vpc.this')).toBe(true);
  });

  it('reads a plan from stdin', () => {
    const r = runCli(['scan', '-', '--format', 'json'], { input: readFileSync(moduleIgw) });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { input: { path: string } }).input.path).toBe('<stdin>');
  });

  it('text output names the failing rule and ends with a summary line, without colour under NO_COLOR', () => {
    const r = runCli(['scan', moduleIgw]);
    expect(r.stdout).toContain('FAIL CRITICAL NET-001 module.network.aws_internet_gateway.this');
    expect(r.stdout).toMatch(/\d+ failed .* results from \d+ rules\nGate FAIL: .*\n$/);
    expect(r.stdout).toMatch(/^AIR-GAPPABLE: no — AG-1/m);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('writes --output to a file and never over an input', () => {
    const out = join(tmp, 'out.json');
    expect(runCli(['scan', moduleIgw, '--format', 'json', '--output', out]).code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('findings');
    const before = readFileSync(moduleIgw, 'utf8');
    const r = runCli(['scan', moduleIgw, '--format', 'json', '--output', moduleIgw]);
    expect(r.code).toBe(2);
    expect(readFileSync(moduleIgw, 'utf8')).toBe(before);
  });

  it('gives the same bytes twice under SOURCE_DATE_EPOCH', () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(runCli(['scan', moduleIgw, '--format', 'json'], { env }).stdout).toBe(
      runCli(['scan', moduleIgw, '--format', 'json'], { env }).stdout,
    );
  });

  it('lists the rules and explains one', () => {
    const rules = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as Array<{ id: string }>;
    expect(rules.map((r) => r.id)).toContain('NET-001');
    const ex = runCli(['explain', 'NET-002']);
    expect(ex.code).toBe(0);
    expect(ex.stdout).toContain('connectivity_type');
    expect(runCli(['explain', 'NOPE-999']).code).toBe(2);
  });
});
