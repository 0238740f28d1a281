/**
 * The keys-and-identity part of the shipped scenarios, judged with the network and audit parts it
 * joins: the blueprint holds every key, identity and residency rule; the leaky part fails each
 * true positive it was written for, and the traps come out as not-assessed, never as passes.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { allRules } from '../../rules/index.js';
import { buildPlan } from '../support/planBuilder.js';
import type { PlanSpec } from '../support/planBuilder.js';
import { findingsFor } from '../support/ruleTester.js';
import { blueprintAudit, leakyAudit } from '../support/scenarios/audit.js';
import { blueprintPlan, scenarioConfig } from '../support/scenarios/index.js';
import { blueprintKeysAndIdentity, leakyKeysAndIdentity } from '../support/scenarios/keysAndIdentity.js';
import { blueprintNetwork, leakyNetwork } from '../support/scenarios/network.js';

const RULES = [
  'KMS-001',
  'KMS-002',
  'KMS-003',
  'KMS-004',
  'KMS-005',
  'IAM-001',
  'IAM-002',
  'IAM-003',
  'IAM-004',
  'IAM-005',
  'IAM-006',
  'IAM-007',
  'RES-001',
  'RES-002',
  'RES-003',
];
const providers = blueprintPlan().providers;

function dedupe<T extends { address: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.address) && seen.add(r.address));
}

function run(plan: PlanSpec): Finding[] {
  return RULES.flatMap((id) => findingsFor(id, plan, scenarioConfig));
}

const blueprint = run({
  resources: dedupe([...blueprintNetwork(), ...blueprintAudit(), ...blueprintKeysAndIdentity()]),
  providers,
});
const leaky = run({ resources: dedupe([...leakyNetwork(), ...leakyAudit(), ...leakyKeysAndIdentity()]), providers });
const has = (findings: Finding[], ruleId: string, address: string, status: string): boolean =>
  findings.some(
    (f) =>
      f.ruleId === ruleId &&
      f.resource.address === address &&
      (f.reason ? `${f.status}/${f.reason}` : f.status) === status,
  );

describe('blueprint keys and identity', () => {
  it('joined with the network and audit parts, fails no rule of the regulated profile', () => {
    const plan: PlanSpec = {
      resources: dedupe([...blueprintNetwork(), ...blueprintAudit(), ...blueprintKeysAndIdentity()]),
      providers,
    };
    const inventory = inventoryFromPlans([loadPlan(buildPlan(plan), 'blueprint.json')]);
    const findings = runRules(
      inventory,
      allRules.filter((r) => r.meta.profiles.includes('regulated')),
      { config: { ...defaultConfig(), ...scenarioConfig }, profile: 'regulated' },
    );
    expect(findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.resource.address}`)).toEqual([]);
  });
  it('has no failure on any key, identity or residency rule', () => {
    expect(
      blueprint.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.resource.address}: ${f.message}`),
    ).toEqual([]);
  });
  it('judges what it shows rather than leaving it unassessed', () => {
    for (const [ruleId, address] of [
      ['KMS-001', 'aws_cloudwatch_log_group.flow_logs'],
      ['KMS-001', 'aws_secretsmanager_secret.db_credentials'],
      ['KMS-001', 'aws_opensearchserverless_collection.knowledge_base'],
      ['KMS-002', 'aws_kms_key.knowledge_base'],
      ['KMS-002', 'aws_kms_key.secrets'],
      ['KMS-004', 'aws_kms_key.logs'],
      ['KMS-005', 'aws_kms_key.knowledge_base'],
      ['IAM-003', 'aws_iam_role.workload'],
      ['IAM-004', 'aws_iam_role.workload'],
      ['RES-002', 'aws_iam_role.knowledge_base'],
    ]) {
      expect(has(blueprint, ruleId, address, 'pass'), `${ruleId} ${address}`).toBe(true);
    }
    expect(has(blueprint, 'IAM-004', 'aws_iam_role.knowledge_base', 'not-assessed/not-applicable')).toBe(true);
  });
});

const TRUE_POSITIVES: Array<[string, string]> = [
  ['KMS-001', 'aws_cloudwatch_log_group.inference'],
  ['KMS-001', 'aws_secretsmanager_secret.api_key'],
  ['KMS-002', 'aws_kms_key.shared'],
  ['KMS-003', 'aws_kms_key.everything'],
  ['KMS-004', 'aws_kms_key.shared'],
  ['KMS-005', 'aws_kms_key.shared'],
  ['IAM-001', 'aws_iam_user.ci'],
  ['IAM-002', 'aws_iam_user.ci'],
  ['IAM-003', 'aws_iam_role.workload'],
  ['IAM-004', 'aws_iam_role.workload'],
  ['IAM-005', 'aws_iam_role.workload'],
  ['IAM-006', 'aws_iam_role.partner'],
  ['IAM-006', 'aws_iam_role.github_deploy'],
  ['IAM-007', 'aws_iam_role.break_glass'],
  ['RES-001', 'aws_cloudwatch_log_group.eu_copy'],
  ['RES-002', 'aws_iam_role.batch'],
  ['RES-003', 'aws_kms_replica_key.shared_eu'],
];

describe('leaky keys and identity', () => {
  for (const [ruleId, address] of TRUE_POSITIVES)
    it(`fails ${ruleId} on ${address}`, () => expect(has(leaky, ruleId, address, 'fail')).toBe(true));
  it('reports federated admin roles as out of scope and the Bedrock service role as not applicable', () => {
    expect(has(leaky, 'IAM-007', 'aws_iam_role.sso_admin', 'not-assessed/out-of-scope')).toBe(true);
    expect(has(leaky, 'IAM-007', 'aws_iam_role.github_deploy', 'not-assessed/out-of-scope')).toBe(true);
    expect(has(leaky, 'IAM-004', 'aws_iam_role.knowledge_base', 'not-assessed/not-applicable')).toBe(true);
  });
  it('the 33 KB key policy is a high failure', () => {
    expect(leaky.find((f) => f.ruleId === 'KMS-003' && f.resource.address === 'aws_kms_key.everything')?.severity).toBe(
      'high',
    );
  });
});
