/**
 * Table-driven rule testing: each case is a small plan (built in the exact `terraform show -json`
 * shape) run through the real loader, inventory and engine, with the statuses it must produce.
 */
import { expect } from 'vitest';
import { defaultConfig, type AuditConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import type { Finding, Profile } from '../../src/engine/types.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { allRules } from '../../rules/index.js';
import { buildPlan, type PlanSpec } from './planBuilder.js';

export function findingsFor(
  ruleId: string,
  plans: PlanSpec | PlanSpec[],
  config: Partial<AuditConfig> = {},
  profile?: Profile,
): Finding[] {
  const rule = allRules.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const loaded = (Array.isArray(plans) ? plans : [plans]).map((p, i) => loadPlan(buildPlan(p), `plan-${i}.json`));
  const inventory = inventoryFromPlans(loaded);
  const cfg = { ...defaultConfig(), ...config };
  return runRules(inventory, [rule], { config: cfg, profile: profile ?? cfg.profile });
}

export interface RuleCase {
  name: string;
  plan: PlanSpec | PlanSpec[];
  config?: Partial<AuditConfig>;
  /** Expected `status` (or `status/reason`) per address; addresses not listed must not appear. */
  expect: Record<string, string | string[]>;
}

export function checkCase(ruleId: string, c: RuleCase): void {
  const findings = findingsFor(ruleId, c.plan, c.config);
  const got: Record<string, string[]> = {};
  for (const f of findings) (got[f.resource.address] ??= []).push(f.reason ? `${f.status}/${f.reason}` : f.status);
  const want: Record<string, string[]> = {};
  for (const [a, s] of Object.entries(c.expect)) want[a] = (Array.isArray(s) ? s : [s]).map(String);
  for (const list of [...Object.values(got), ...Object.values(want)]) list.sort();
  expect(got, c.name).toEqual(want);
}
