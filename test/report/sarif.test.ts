import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { addressParts, TerraformSourceIndex } from '../../src/report/terraformSource.js';
import { FINDINGS, sampleReport } from './fixtures.js';
import { errorsOf, sarifValidator } from './validators.js';

interface SarifResult {
  ruleId: string;
  kind: string;
  level: string;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; justification: string }>;
  locations: Array<{
    physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number } };
  }>;
}
interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; help: { text: string }; properties: Record<string, unknown> }> } };
    results: SarifResult[];
  }>;
}

function terraformTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'aga-tf-'));
  writeFileSync(
    join(root, 'main.tf'),
    [
      'terraform {}',
      '',
      'resource "aws_internet_gateway" "main" {',
      '  vpc_id = aws_vpc.main.id',
      '}',
      '',
      'module "net" {',
      '  source = "./modules/net"',
      '}',
      'module "remote" {',
      '  source  = "terraform-aws-modules/vpc/aws"',
      '  version = "5.0.0"',
      '}',
    ].join('\n'),
  );
  mkdirSync(join(root, 'modules', 'net'), { recursive: true });
  writeFileSync(
    join(root, 'modules', 'net', 'gw.tf'),
    [
      '# gateways',
      'resource "aws_internet_gateway" "gw" {',
      '  for_each = var.gws',
      '}',
      'data "aws_vpc" "this" {}',
    ].join('\n'),
  );
  return root;
}

describe('SARIF 2.1.0', () => {
  const validate = sarifValidator();

  it('is valid against the OASIS schema, with and without --tf-root', () => {
    const root = terraformTree();
    for (const options of [
      { planPaths: ['plans/my plan.json'] },
      { planPaths: ['plan.json'], tfRoot: root, baseDir: root },
      { planPaths: ['-'] },
    ]) {
      const log: unknown = JSON.parse(renderSarif(sampleReport(), options));
      expect(validate(log), errorsOf(validate)).toBe(true);
    }
  });

  it('describes rules with help, tags and security-severity', () => {
    const log = JSON.parse(renderSarif(sampleReport(), { planPaths: ['plan.json'] })) as SarifLog;
    const rules = log.runs[0].tool.driver.rules;
    const net = rules.find((r) => r.id === 'NET-001');
    expect(net?.properties['security-severity']).toBe('9.5');
    expect(net?.properties.tags).toEqual(['security', 'air-gap', 'AG-1', 'layer-1']);
    expect(net?.help.text).toContain('Remediation: Remove the aws_internet_gateway');
    expect(rules.find((r) => r.id === 'KMS-004')?.properties['security-severity']).toBe('5.5');
    expect(rules.find((r) => r.id === 'UPD-002')?.properties['security-severity']).toBe('3.0');
  });

  it('maps statuses to kind/level, suppresses waivers and leaves passes out', () => {
    const log = JSON.parse(renderSarif(sampleReport(), { planPaths: ['plan.json'] })) as SarifLog;
    const results = log.runs[0].results;
    expect(results).toHaveLength(5);
    const byFp = new Map(results.map((r) => [r.partialFingerprints['airgapAuditFingerprint/v1'], r]));
    expect(byFp.get('fp-net-001-igw')).toMatchObject({ kind: 'fail', level: 'error' });
    expect(byFp.get('fp-upd-002-aws')).toMatchObject({ kind: 'fail', level: 'note' });
    expect(byFp.get('fp-aud-004-audit')).toMatchObject({ kind: 'review', level: 'none' });
    const waived = byFp.get('fp-kms-004-legacy');
    expect(waived).toMatchObject({ kind: 'fail', level: 'warning' });
    expect(waived?.suppressions?.[0].kind).toBe('external');
    expect(waived?.suppressions?.[0].justification).toContain('owner platform-team, expires 2026-12-10');
    // A waived gap (a not-assessed result with its reason) stays a review item, not a failure.
    const gap = renderSarif(
      sampleReport({
        findings: [
          {
            ...FINDINGS[5],
            status: 'waived',
            reason: 'unknown-at-plan',
            waiver: { reason: 'r', owner: 'o', expires: '2027-01-01' },
          },
        ],
      }),
      { planPaths: ['plan.json'] },
    );
    expect((JSON.parse(gap) as SarifLog).runs[0].results[0]).toMatchObject({ kind: 'review', level: 'none' });
    expect(byFp.has('fp-kms-004-logs')).toBe(false);
  });

  it('points results at the .tf line that declares the resource, through local modules', () => {
    const root = terraformTree();
    const log = JSON.parse(
      renderSarif(sampleReport(), { planPaths: [join(root, 'plan.json')], tfRoot: root, baseDir: root }),
    ) as SarifLog;
    const loc = (fp: string) =>
      log.runs[0].results.find((r) => r.partialFingerprints['airgapAuditFingerprint/v1'] === fp)?.locations[0]
        .physicalLocation;
    expect(loc('fp-net-001-igw')).toEqual({
      artifactLocation: { uri: 'main.tf', uriBaseId: 'SRCROOT' },
      region: { startLine: 3 },
    });
    expect(loc('fp-net-001-hostile')).toEqual({
      artifactLocation: { uri: 'modules/net/gw.tf', uriBaseId: 'SRCROOT' },
      region: { startLine: 2 },
    });
    // Not declared in any .tf file: falls back to the root module's file, at line 1 (code scanning needs a line).
    expect(loc('fp-aud-004-audit')).toEqual({
      artifactLocation: { uri: 'main.tf', uriBaseId: 'SRCROOT' },
      region: { startLine: 1 },
    });
  });

  it('resolves module sources from the plan, registry modules to their call, and data sources', () => {
    const root = terraformTree();
    const index = new TerraformSourceIndex(root);
    expect(index.locate('module.remote.aws_vpc.this[0]')).toEqual({ file: join(root, 'main.tf'), line: 10 });
    expect(index.locate('module.net')).toEqual({ file: join(root, 'main.tf'), line: 7 });
    expect(index.locate('module.net.data.aws_vpc.this')).toEqual({
      file: join(root, 'modules', 'net', 'gw.tf'),
      line: 5,
    });
    expect(index.locate('account/unknown/region/eu-west-1')).toBeUndefined();
    const viaPlan = new TerraformSourceIndex(root, { 'module.remote': './modules/net' });
    expect(viaPlan.locate('module.remote.aws_internet_gateway.gw["a"]')).toEqual({
      file: join(root, 'modules', 'net', 'gw.tf'),
      line: 2,
    });
  });

  it('splits addresses outside instance keys', () => {
    expect(addressParts('module.a["x.y"].module.b[0].aws_s3_bucket.c["k]"]')).toEqual([
      'module',
      'a',
      'module',
      'b',
      'aws_s3_bucket',
      'c',
    ]);
  });
});
