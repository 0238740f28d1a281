/**
 * The scan pipeline as a library call: inputs -> inventory -> rules -> findings (+ mappings, waivers)
 * -> ScanReport. The CLI is a thin layer over this.
 */
import { createHash } from 'node:crypto';
import type { AuditConfig, Waiver } from './config/config.js';
import { runRules, selectRules } from './engine/engine.js';
import { summarize } from './engine/summary.js';
import { decideGate } from './engine/gate.js';
import { judgeAirGap } from './engine/airGap.js';
import type { Profile, Rule, Severity } from './engine/types.js';
import { RULE_IDS } from './engine/catalogue.js';
import { collectGarbageNow, FULL_COLLECTION_MIN_BYTES } from './input/fullCollection.js';
import { readJsonInput, type ReadJsonOptions } from './input/readJson.js';
import { createInventory, type InputInfo, type Inventory } from './model/inventory.js';
import { computeCoverage, controlsForRule, loadMappings, selectFrameworks } from './mappings/index.js';
import { loadPlan, type LoadedPlan } from './plan/planLoader.js';
import { addPlanToInventory } from './plan/planInventory.js';
import type { EffectiveConfiguration, ScanReport } from './report/scanReport.js';
import { stableJson } from './report/reportView.js';
import { toolVersion } from './packageInfo.js';
import { applyWaivers } from './waivers/applyWaivers.js';
import { allRules } from '../rules/index.js';
import { type Baseline, compareWithBaseline, findingsForGate } from './baseline/baseline.js';
import { fingerprintAddressFor, movesOf, rememberMoves } from './baseline/moves.js';
import { maskUrlCredentialsDeep } from './analysis/moduleSource.js';
import { serializeInventory, type SerializedInventory } from './model/serialize.js';

export interface ScanOptions {
  config: AuditConfig;
  profile?: Profile;
  failOn?: Severity | 'none';
  /** Coverage gate: a not-assessed result (see engine/gate.ts) fails the scan. */
  failOnNotAssessed?: boolean;
  only?: string[];
  skip?: string[];
  resource?: string;
  frameworks?: string[];
  mappingsDir?: string;
  waivers?: Waiver[];
  ignoreWaivers?: boolean;
  /** The config and waivers files read (recorded in the report's effective configuration). */
  files?: EffectiveConfiguration['files'];
  /** `YYYY-MM-DD` waivers are judged on (`--as-of`); default: today's real date. */
  asOf?: string;
  rules?: readonly Rule[];
  /** Rules from `--rules-dir` (see engine/loadCustomRules.ts): they run beside the built-in ones. */
  customRules?: readonly Rule[];
  /** `--baseline`: marks findings new or existing and lists the fixed ones (src/baseline/). */
  baseline?: Baseline;
  /** `--with-inventory`: the report carries the inventory the rules judged (model/serialize.ts), for `merge`. */
  includeInventory?: boolean;
}

/** In its own module so that commands other than scan can ask for it without loading this one. */
export { toolVersion };

/** Timestamps come from SOURCE_DATE_EPOCH when set, so two runs on one input give the same bytes. */
export function generatedAt(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/**
 * Read and load Terraform plan/state JSON files ('-' = stdin) into one inventory, one file at a time: each parse
 * tree is unreachable once its plan is loaded (loadPlanFile returns), so the adapters run while the parts the model
 * does not use (planned_values, the `before` side of each change, drift) can already be collected, and a second
 * file is never parsed while the first is still held.
 */
export async function inventoryFromPlanFiles(
  paths: readonly string[],
  read: Pick<ReadJsonOptions, 'maxInputBytes'> = {},
): Promise<Inventory> {
  const inventory = createInventory();
  const infos: InputInfo[] = [];
  for (const path of paths) {
    const info = await addPlanFile(inventory, path, read);
    infos.push(info);
    // The rest of the plan's parse tree is unreachable now (addPlanFile returned): see fullCollection.ts.
    if (isLarge(info)) collectGarbageNow();
  }
  inventory.inputs.push(...infos);
  return inventory;
}

function isLarge(info: InputInfo): boolean {
  return (info.bytes ?? 0) >= FULL_COLLECTION_MIN_BYTES;
}

/** In a function of its own so that nothing on the caller's stack still holds the plan once it returns. */
async function addPlanFile(
  inventory: Inventory,
  path: string,
  read: Pick<ReadJsonOptions, 'maxInputBytes'>,
): Promise<InputInfo> {
  const { plan, info } = await loadPlanFile(path, read);
  // Only the `after` side of each change and the configuration are still held: planned_values, prior_state and
  // the `before` sides go before the adapters start allocating (at 100k resources this was the scan's peak).
  if (isLarge(info)) collectGarbageNow();
  addPlanToInventory(inventory, plan, info.path);
  rememberMoves(inventory, plan.moves);
  return info;
}

async function loadPlanFile(
  path: string,
  read: Pick<ReadJsonOptions, 'maxInputBytes'>,
): Promise<{ plan: LoadedPlan; info: InputInfo }> {
  const input = await readJsonInput(path, read);
  const label = path === '-' ? '<stdin>' : path;
  const plan = loadPlan(input.value, label);
  return {
    plan,
    info: {
      kind: plan.kind,
      path: label,
      sha256: input.sha256,
      bytes: input.bytes,
      formatVersion: plan.formatVersion,
      terraformVersion: plan.terraformVersion,
    },
  };
}

export function assessInventory(inventory: Inventory, options: ScanOptions): ScanReport {
  const config = options.config;
  const profile = options.profile ?? config.profile;
  const custom = options.customRules ?? [];
  const catalogue = [...(options.rules ?? allRules), ...custom];
  const rules = selectRules(catalogue, { profile, only: options.only, skip: options.skip });
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
  // Waiver expiry is judged on the real date (or an explicit --as-of), never on SOURCE_DATE_EPOCH.
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const waivers = [...config.waivers, ...(options.waivers ?? [])];
  const { findings, statuses } = applyWaivers(raw, waivers, asOf, options.ignoreWaivers ?? false);
  const ran = new Set(rules.map((r) => r.meta.id));
  // The verdict is judged against every rule the profile asks for: one deselected or skipped leaves its condition untold.
  const candidates = catalogue
    .filter((r) => ran.has(r.meta.id) || r.meta.profiles.includes(profile))
    .map((r) => r.meta);
  const failOn = options.failOn ?? 'high';
  const failOnNotAssessed = options.failOnNotAssessed ?? false;
  const { waivers: _configWaivers, profile: _configProfile, ...settings } = config;
  const effective: Omit<EffectiveConfiguration, 'sha256'> = {
    files: { ...options.files, ...(options.baseline ? { baseline: options.baseline.file } : {}) },
    profile,
    failOn,
    failOnNotAssessed,
    asOf,
    ignoreWaivers: options.ignoreWaivers ?? false,
    rules: [...ran],
    selection: {
      ...(options.only?.length ? { only: options.only } : {}),
      ...(options.skip?.length ? { skip: options.skip } : {}),
      ...(options.resource !== undefined ? { resource: options.resource } : {}),
    },
    frameworks: frameworkIds,
    settings,
    waivers,
  };
  const configuration: EffectiveConfiguration = {
    sha256: createHash('sha256').update(stableJson(effective)).digest('hex'),
    ...effective,
  };
  const baseline = options.baseline ? compareWithBaseline(findings, options.baseline) : undefined;
  return {
    tool: { name: 'airgap-audit', version: toolVersion(), rulesVersion: toolVersion() },
    generatedAt: now,
    asOf,
    inputs: inventory.inputs,
    profile,
    failOn,
    // Under a baseline only what the change introduced can fail the gate (src/baseline/baseline.ts).
    gate: decideGate(baseline ? findingsForGate(findings) : findings, { failOn, failOnNotAssessed }),
    airGap: judgeAirGap(candidates, ran, findings, profile),
    summary: summarize(findings),
    rules: rules.map((r) => r.meta),
    findings,
    coverage: computeCoverage(selected, findings, ran, inventory.inputs),
    waivers: statuses,
    configuration,
    ...(baseline ? { baseline } : {}),
    ...(inventory.shard ? { shard: { ...inventory.shard } } : {}),
    ...(options.includeInventory ? { inventory: inventoryForReport(inventory) } : {}),
  };
}

/** The inventory as the report carries it: sensitive values dropped (serialize.ts), URL credentials masked. */
export function inventoryForReport(inventory: Inventory): SerializedInventory {
  return maskUrlCredentialsDeep(serializeInventory(inventory, movesOf(inventory))) as SerializedInventory;
}

export async function scanPlanFiles(paths: readonly string[], options: ScanOptions): Promise<ScanReport> {
  return assessInventory(await inventoryFromPlanFiles(paths), options);
}
