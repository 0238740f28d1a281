/**
 * The resource types real estates use, each with a pass and a fail resource in one plan written in the
 * exact shape Terraform 1.9 writes (fixtures/breadth): RDS, Aurora, Neptune, Redshift and DMS public
 * access (NET-005); Aurora and Neptune cluster-instance upgrades (UPD-003); the keys of DocumentDB,
 * Neptune, Redshift, DMS and SageMaker storage (KMS-001); policies granted through IAM groups (IAM-003).
 * Runs the real loader, inventory and rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';

function scan(file: string, ruleId: string): Finding[] {
  const path = `fixtures/breadth/${file}`;
  const loaded = loadPlan(JSON.parse(readFileSync(path, 'utf8')), path);
  const rules = allRules.filter((r) => r.meta.id === ruleId);
  return runRules(inventoryFromPlans([loaded]), rules, { config: defaultConfig(), profile: 'highest-trust' });
}

function verdicts(findings: Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.resource.address, f.reason ? `${f.status}/${f.reason}` : f.status]));
}

describe('NET-005 reads publicly_accessible', () => {
  const v = verdicts(scan('tf1.9-public-access.plan.json', 'NET-005'));
  for (const type of ['aws_db_instance', 'aws_redshift_cluster', 'aws_dms_replication_instance'])
    it(`${type}: false passes, true fails`, () => {
      expect(v[`${type}.pass`]).toBe('pass');
      expect(v[`${type}.fail`]).toBe('fail');
    });
  for (const [instance, cluster] of [
    ['aws_rds_cluster_instance', 'aws_rds_cluster'],
    ['aws_neptune_cluster_instance', 'aws_neptune_cluster'],
  ])
    it(`${instance}: a public instance fails its cluster, a private one passes it`, () => {
      expect(v[`${cluster}.pass`]).toBe('pass');
      expect(v[`${cluster}.fail`]).toBe('fail');
    });
  it('the evidence of a folded instance names the instance', () => {
    const f = scan('tf1.9-public-access.plan.json', 'NET-005').find(
      (x) => x.resource.address === 'aws_rds_cluster.fail',
    );
    expect(f?.evidence[0].source).toBe('aws_rds_cluster_instance.fail.publicly_accessible');
  });
});

describe('UPD-003 reads cluster instances', () => {
  const v = verdicts(scan('tf1.9-cluster-instance-upgrades.plan.json', 'UPD-003'));
  it('aws_rds_cluster_instance: an instance that upgrades itself fails its cluster; all opted out pass', () => {
    expect(v['aws_rds_cluster.pass']).toBe('pass');
    expect(v['aws_rds_cluster.fail']).toBe('fail');
  });
  it('aws_neptune_cluster_instance: the same, folded into the Neptune cluster', () => {
    expect(v['aws_neptune_cluster.pass']).toBe('pass');
    expect(v['aws_neptune_cluster.fail']).toBe('fail');
  });
  it('an instance whose cluster is outside the input is judged on its own', () => {
    expect(v['aws_rds_cluster_instance.standalone_pass']).toBe('pass');
    expect(v['aws_rds_cluster_instance.standalone_fail']).toBe('fail');
  });
  it('a DocumentDB instance is not judged: the provider documents that DocumentDB applies no minor upgrades', () => {
    expect(v['aws_docdb_cluster_instance.any']).toBeUndefined();
  });
});

describe('KMS-001 reads the keys of databases and SageMaker storage', () => {
  const v = verdicts(scan('tf1.9-store-keys.plan.json', 'KMS-001'));
  for (const type of [
    'aws_docdb_cluster',
    'aws_neptune_cluster',
    'aws_redshift_cluster',
    'aws_dms_replication_instance',
    'aws_sagemaker_notebook_instance',
    'aws_sagemaker_domain',
    'aws_sagemaker_endpoint_configuration',
  ])
    it(`${type}: a customer key passes, none fails`, () => {
      expect(v[`${type}.pass`]).toBe('pass');
      expect(v[`${type}.fail`]).toBe('fail');
    });
});

describe('IAM-003 reads policies granted through IAM groups', () => {
  const v = verdicts(scan('tf1.9-iam-groups.plan.json', 'IAM-003'));
  it('aws_iam_group_membership + aws_iam_group_policy: Allow * on * through a group fails the user', () => {
    expect(v['aws_iam_user.alice']).toBe('fail');
  });
  it('aws_iam_user_group_membership + aws_iam_group_policy: a specific model ARN through a group passes', () => {
    expect(v['aws_iam_user.bob']).toBe('pass');
  });
  it('aws_iam_group_policy_attachment: AdministratorAccess attached to a group fails its member', () => {
    expect(v['aws_iam_user.carol']).toBe('fail');
  });
  it('the evidence names the group policy that grants it', () => {
    const f = scan('tf1.9-iam-groups.plan.json', 'IAM-003').find((x) => x.resource.address === 'aws_iam_user.alice');
    expect(f?.evidence[0].source).toContain('aws_iam_group_policy.admins_all');
  });
});

describe('one resource, one result per rule', () => {
  it('no two findings share a fingerprint on any breadth fixture, whatever the rule', () => {
    for (const file of readdirSync('fixtures/breadth').filter((n) => n.endsWith('.json'))) {
      const path = `fixtures/breadth/${file}`;
      const inventory = inventoryFromPlans([loadPlan(JSON.parse(readFileSync(path, 'utf8')), path)]);
      const config = { ...defaultConfig(), allowedRegions: ['eu-west-1'] };
      const findings = runRules(inventory, allRules, { config, profile: 'highest-trust' });
      const prints = findings.map((f) => `${f.fingerprint} ${f.ruleId} ${f.resource.address}`);
      const duplicates = prints.filter((p, i) => prints.findIndex((q) => q.split(' ')[0] === p.split(' ')[0]) !== i);
      expect(duplicates, file).toEqual([]);
    }
  });
});
