/**
 * The scan pipeline as a library call: inputs -> inventory -> rules -> findings (+ mappings, waivers)
 * -> ScanReport. The CLI is a thin layer over this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditConfig, Waiver } from './config/config.js';
import { runRules, selectRules } from './engine/engine.js';
import { summarize } from './engine/summary.js';
import type { Profile, Rule, Severity } from './engine/types.js';
import { RULE_IDS } from './engine/catalogue.js';
import { readJsonInput } from './input/readJson.js';
import type { Inventory } from './model/inventory.js';
import { computeCoverage, controlsForRule, loadMappings, selectFrameworks } from './mappings/index.js';
import { loadPlan } from './plan/planLoader.js';
import { inventoryFromPlans } from './plan/planInventory.js';
import type { ScanReport } from './report/scanReport.js';
import { packageRoot } from './schemaValidation.js';
import { applyWaivers } from './waivers/applyWaivers.js';
import { allRules } from '../rules/index.js';
import { type Baseline, compareWithBaseline } from './baseline/baseline.js';
import { fingerprintAddressFor, rememberMoves } from './baseline/moves.js';

export interface ScanOptions {
  config: AuditConfig;
  profile?: Profile;
  failOn?: Severity | 'none';
  only?: string[];
  skip?: string[];
  resource?: string;
  frameworks?: string[];
  mappingsDir?: string;
  waivers?: Waiver[];
  ignoreWaivers?: boolean;
  rules?: readonly Rule[];
  /** Rules from `--rules-dir` (see engine/loadCustomRules.ts): they run beside the built-in ones. */
  customRules?: readonly Rule[];
  /** `--baseline`: marks findings new or existing and lists the fixed ones (src/baseline/). */
  baseline?: Baseline;
}

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Timestamps come from SOURCE_DATE_EPOCH when set, so two runs on one input give the same bytes. */
export function generatedAt(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/** Read and load Terraform plan/state JSON files ('-' = stdin) into one inventory. */
export async function inventoryFromPlanFiles(paths: readonly string[]): Promise<Inventory> {
  const plans = [];
  const infos = [];
  for (const path of paths) {
    const input = await readJsonInput(path);
    const label = path === '-' ? '<stdin>' : path;
    const plan = loadPlan(input.value, label);
    plans.push(plan);
    infos.push({
      kind: plan.kind,
      path: label,
      sha256: input.sha256,
      bytes: input.bytes,
      formatVersion: plan.formatVersion,
      terraformVersion: plan.terraformVersion,
    });
  }
  const inventory = inventoryFromPlans(plans);
  inventory.inputs.push(...infos);
  for (const plan of plans) rememberMoves(inventory, plan.moves);
  return inventory;
}

export function assessInventory(inventory: Inventory, options: ScanOptions): ScanReport {
  const config = options.config;
  const profile = options.profile ?? config.profile;
  const custom = options.customRules ?? [];
  const rules = selectRules([...(options.rules ?? allRules), ...custom], {
    profile,
    only: options.only,
    skip: options.skip,
  });
  const knownRuleIds = new Set<string>([...RULE_IDS, ...custom.map((r) => r.meta.id)]);
  const mappings = loadMappings({ extraDir: options.mappingsDir, knownRuleIds });
  const selected = selectFrameworks(mappings, options.frameworks);
  const frameworkIds = selected.map((m) => m.id);
  const raw = runRules(inventory, rules, {
    config,
    profile,
    resource: options.resource,
    controlsFor: (ruleId) => controlsForRule(selected, ruleId, frameworkIds),
    fingerprintAddress: fingerprintAddressFor(inventory),
  });
  const now = generatedAt();
  const { findings, statuses } = applyWaivers(
    raw,
    [...config.waivers, ...(options.waivers ?? [])],
    now.slice(0, 10),
    options.ignoreWaivers ?? false,
  );
  const ran = new Set(rules.map((r) => r.meta.id));
  const baseline = options.baseline ? compareWithBaseline(findings, options.baseline) : undefined;
  return {
    tool: { name: 'airgap-audit', version: toolVersion(), rulesVersion: toolVersion() },
    generatedAt: now,
    inputs: inventory.inputs,
    profile,
    failOn: options.failOn ?? 'high',
    summary: summarize(findings),
    rules: rules.map((r) => r.meta),
    findings,
    coverage: computeCoverage(selected, findings, ran),
    waivers: statuses,
    ...(baseline ? { baseline } : {}),
  };
}

export async function scanPlanFiles(paths: readonly string[], options: ScanOptions): Promise<ScanReport> {
  return assessInventory(await inventoryFromPlanFiles(paths), options);
}
