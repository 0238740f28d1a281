/**
 * Values the input leaves unsettled, or settles by a documented default, in the exact shapes the named
 * Terraform versions write (fixtures/values): each is judged, or named as not assessed, never passed
 * silently. Runs the real loader, inventory and rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';

function scan(file: string, ruleIds: string[]): Finding[] {
  const path = `fixtures/values/${file}`;
  const loaded = loadPlan(JSON.parse(readFileSync(path, 'utf8')), path);
  const inventory = inventoryFromPlans([loaded]);
  const rules = allRules.filter((r) => ruleIds.includes(r.meta.id));
  return runRules(inventory, rules, { config: defaultConfig(), profile: 'highest-trust' });
}

function verdicts(findings: Finding[]): Record<string, string> {
  return Object.fromEntries(
    findings.map((f) => [`${f.ruleId} ${f.resource.address}`, f.reason ? `${f.status}/${f.reason}` : f.status]),
  );
}

describe('class 1: an unknown value is never passed', () => {
  it('Terraform 0.12: an inline route set unknown as a whole is not "no default route"', () => {
    const f = scan('tf0.12-route-inline-unknown-target.plan.json', ['NET-004']);
    expect(verdicts(f)).toEqual({ 'NET-004 aws_route_table.public': 'not-assessed/unknown-at-plan' });
  });
});

describe('class 2: a documented default is judged', () => {
  it('Terraform 0.12: a legacy key with rotation off fails KMS-004, with rotation on passes', () => {
    const f = scan('tf0.12-kms-legacy-key.plan.json', ['KMS-004']);
    expect(verdicts(f)).toEqual({ 'KMS-004 aws_kms_key.off': 'fail', 'KMS-004 aws_kms_key.on': 'pass' });
  });
  it('Terraform 0.12: a DynamoDB table with no server_side_encryption is on the AWS owned key', () => {
    const [f] = scan('tf0.12-dynamodb-no-sse.plan.json', ['KMS-001']);
    expect(f.status).toBe('fail');
    expect(f.message).toContain('AWS owned key');
    expect(f.evidence[0].source).toContain('not set: AWS owned key');
  });
  it('Terraform 1.x: an Aurora cluster with kms_key_id = null is unencrypted by the provisioned default', () => {
    const [f] = scan('tf1.9-aurora-kms-null.plan.json', ['KMS-001']);
    expect(f.status).toBe('fail');
    expect(f.evidence[0].source).toContain('rds_cluster#storage_encrypted');
  });
  it('Terraform 1.x: EBS volumes without a key are judged the same way, naming the account setting', () => {
    const f = scan('tf1.9-ebs-account-default.plan.json', ['KMS-001']);
    expect(verdicts(f)).toEqual({
      'KMS-001 aws_ebs_volume.bare': 'not-assessed/needs-review',
      'KMS-001 aws_ebs_volume.on': 'not-assessed/needs-review',
      'KMS-001 aws_ebs_volume.off': 'not-assessed/needs-review',
    });
    for (const x of f) expect(x.message).toContain('EBS encryption by default');
  });
});

describe('class 3: a key policy in state JSON that cannot be parsed is not the default policy', () => {
  for (const file of [
    'state-kms-policy-bom.json',
    'state-kms-policy-principal-list.json',
    'state-kms-policy-empty.json',
  ])
    it(file, () => {
      const f = scan(file, ['KMS-002', 'KMS-003']);
      expect(verdicts(f)).toEqual({
        'KMS-002 aws_kms_key.k': 'not-assessed/needs-review',
        'KMS-003 aws_kms_key.k': 'not-assessed/needs-review',
      });
      for (const x of f) expect(x.message).toMatch(/cannot be read/);
    });
});
