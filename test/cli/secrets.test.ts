import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../support/planBuilder.js';
import { runCli } from '../support/cli.js';

const CANARY = 'CANARY-7f3a9c1e-do-not-print';

describe('no secret leaves the scanner', () => {
  it('values under sensitive paths, variables and output_changes appear in no output of any format', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'airgap-secret-'));
    const fullAccessWithCanary = JSON.stringify({
      Statement: [{ Sid: CANARY, Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    });
    const plan = buildPlan({
      resources: [
        {
          address: 'aws_vpc.main',
          values: { cidr_block: '10.0.0.0/16', tags: { Owner: CANARY } },
          sensitive: { tags: { Owner: true } },
          unknown: { id: true },
        },
        {
          address: 'aws_vpc_endpoint.kms',
          values: {
            service_name: 'com.amazonaws.us-east-1.kms',
            vpc_endpoint_type: 'Interface',
            private_dns_enabled: false,
            policy: fullAccessWithCanary,
          },
          sensitive: { policy: true },
        },
        {
          address: 'aws_subnet.a',
          values: { cidr_block: '10.0.1.0/24', map_public_ip_on_launch: true, availability_zone: CANARY },
          sensitive: { availability_zone: true },
        },
      ],
      variables: { db_password: CANARY },
    }) as Record<string, unknown>;
    plan.output_changes = {
      secret: {
        actions: ['create'],
        before: null,
        after: CANARY,
        after_unknown: false,
        before_sensitive: false,
        after_sensitive: true,
      },
    };
    const planPath = join(tmp, 'plan.json');
    writeFileSync(planPath, JSON.stringify(plan));
    const outDir = join(tmp, 'evidence');
    const r = runCli([
      'scan',
      planPath,
      '--format',
      'text,json,sarif,junit,markdown,html,oscal',
      '--output-dir',
      outDir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const files = readdirSync(outDir);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(readFileSync(join(outDir, f), 'utf8'), f).not.toContain(CANARY);
    // The failing endpoint is still reported, with its evidence redacted.
    const json = JSON.parse(readFileSync(join(outDir, 'airgap-audit.json'), 'utf8')) as {
      findings: Array<{ ruleId: string; status: string; evidence: Array<{ observed: unknown }> }>;
    };
    const ep = json.findings.find((f) => f.ruleId === 'NET-010');
    expect(ep?.status).toBe('fail');
    expect(ep?.evidence[0].observed).toBe('(sensitive)');
    for (const args of [
      ['--format', 'text'],
      ['--format', 'json'],
    ])
      expect(runCli(['scan', planPath, ...args]).stdout).not.toContain(CANARY);
  });
});
