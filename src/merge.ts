/**
 * `airgap-audit merge` as a library call: several JSON reports (shards of an organisation scan, one per account or
 * region subset) -> one ScanReport, which every reporter and the evidence package render as they render a scan.
 *
 * - Every report carries its inventory (`scan --with-inventory`): the inventories are unioned
 *   (engine/mergeReports.ts) and judged by the same pipeline as `scan` (assessInventory): findings, coverage, the
 *   air-gap verdict and the gate are those of one scan over everything the shards read, cross-account rules included.
 * - No report carries one (older reports, or scans without the flag): findings are deduplicated and the summary,
 *   coverage, verdict and gate recomputed from them with the functions `scan` uses; the report says in every format
 *   that rules looking across accounts were not re-judged.
 * - Anything else is refused naming the file: a file that is not a report, the same report twice, reports of
 *   different airgap-audit versions, some with an inventory and some without, and (without inventories) reports
 *   judged under different configurations.
 */
import { createHash } from 'node:crypto';
import { compareWithBaseline, findingsForGate } from './baseline/baseline.js';
import { rememberMoves } from './baseline/moves.js';
import { judgeAirGap } from './engine/airGap.js';
import { decideGate } from './engine/gate.js';
import { mergeFindings, mergeInventories } from './engine/mergeReports.js';
import { summarize } from './engine/summary.js';
import type { Finding, Profile, RuleMeta } from './engine/types.js';
import { InputError } from './input/inputError.js';
import { readJsonInput } from './input/readJson.js';
import type { InputInfo, Inventory } from './model/inventory.js';
import { deserializeInventory, INVENTORY_FORMAT_VERSION, type SerializedInventory } from './model/serialize.js';
import { computeCoverage, loadMappings, selectFrameworks } from './mappings/index.js';
import { FINDINGS_SCHEMA_VERSION } from './report/json.js';
import { stableJson } from './report/reportView.js';
import type { EffectiveConfiguration, MergeInfo, ScanReport } from './report/scanReport.js';
import { assessInventory, generatedAt, type ScanOptions, toolVersion } from './scan.js';
import { compileSchema, loadSchema } from './schemaValidation.js';
import { applyWaivers } from './waivers/applyWaivers.js';
import { allRules } from '../rules/index.js';

/** The members of a findings document the merge reads (schemas/findings.schema.json has validated it). */
interface ReportDocument {
  tool: { name: string; version: string; rulesVersion?: string };
  input: {
    kind: string;
    path: string;
    sha256: string | null;
    files?: Array<{ kind: string; path: string; sha256: string | null }>;
  };
  profile: Profile;
  findings: Finding[];
  configuration?: EffectiveConfiguration;
  inventory?: SerializedInventory;
}

export interface ReportFile {
  /** The path as given. */
  path: string;
  sha256: string;
  doc: ReportDocument;
  inventory?: Inventory;
  moves?: Map<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one `--format json` report; anything else is an InputError naming the file and what is wrong. */
export async function readReport(path: string): Promise<ReportFile> {
  const input = await readJsonInput(path);
  const label = path === '-' ? '<stdin>' : path;
  const value = input.value;
  if (!isRecord(value) || !isRecord(value.tool) || value.tool.name !== 'airgap-audit' || !Array.isArray(value.findings))
    throw new InputError(label, 'not an airgap-audit report (write one with scan --format json)');
  if (value.schemaVersion !== FINDINGS_SCHEMA_VERSION)
    throw new InputError(
      label,
      `a findings document of schema version ${String(value.schemaVersion)}; this airgap-audit reads version ${FINDINGS_SCHEMA_VERSION}`,
    );
  if (isRecord(value.inventory) && value.inventory.formatVersion !== INVENTORY_FORMAT_VERSION)
    throw new InputError(
      label,
      `carries an inventory of format ${String(value.inventory.formatVersion)}; this airgap-audit reads format ${INVENTORY_FORMAT_VERSION} (scan again with this version)`,
    );
  const validate = compileSchema(loadSchema('findings.schema.json'));
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new InputError(
      label,
      `not a valid airgap-audit report: ${first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'schema violation'}`,
    );
  }
  const doc = value as unknown as ReportDocument;
  const file: ReportFile = { path: label, sha256: input.sha256, doc };
  if (doc.inventory) {
    const { inventory, moves } = deserializeInventory(doc.inventory);
    file.inventory = inventory;
    file.moves = moves;
  }
  return file;
}

/** The refusals that hold whatever the reports carry. */
function checkReports(files: readonly ReportFile[]): void {
  const [first] = files;
  if (!first) throw new InputError('merge', 'no reports to merge');
  const bySha = new Map<string, string>();
  for (const f of files) {
    const earlier = bySha.get(f.sha256);
    if (earlier !== undefined) throw new InputError(f.path, `the same report as ${earlier} (given twice)`);
    bySha.set(f.sha256, f.path);
    if (f.doc.tool.version !== first.doc.tool.version)
      throw new InputError(
        f.path,
        `written by airgap-audit ${f.doc.tool.version}, ${first.path} by ${first.doc.tool.version}: merge reports of one version`,
      );
    if ((f.inventory === undefined) !== (first.inventory === undefined)) {
      const [without, withIt] = f.inventory ? [first, f] : [f, first];
      throw new InputError(
        without.path,
        `carries no inventory while ${withIt.path} does: scan it again with --with-inventory so that all are judged together`,
      );
    }
  }
}

/** Whether the reports carry inventories (checked alike for all by `mergeReports`). */
export function carryInventories(files: readonly ReportFile[]): boolean {
  return files.length > 0 && files.every((f) => f.inventory !== undefined);
}

/** The same plan path with different content in two reports would give two stacks one fingerprint space. */
function checkInputs(files: readonly ReportFile[]): void {
  const byPath = new Map<string, { sha256: string; file: string }>();
  for (const f of files)
    for (const i of f.inventory?.inputs ?? []) {
      if (i.sha256 === undefined) continue;
      const held = byPath.get(i.path);
      if (held && held.sha256 !== i.sha256)
        throw new InputError(
          f.path,
          `its input ${i.path} differs from the ${i.path} that ${held.file} read: give the plans distinct paths when scanning`,
        );
      byPath.set(i.path, { sha256: i.sha256, file: f.path });
    }
}

/**
 * Merges reports into one. With inventories, `options` judge the merged inventory as `scan` judges one (config,
 * profile, rule selection, waivers, baseline, gate). Without, the reports' own judgement stands and only the gate
 * settings (`failOn`, `failOnNotAssessed`), the baseline and `mappingsDir` apply: the caller refuses the others.
 */
export interface MergeResult {
  report: ScanReport;
  /** The merged inventory the report was judged from (with inventories only). */
  inventory?: Inventory;
}

export function mergeReports(files: readonly ReportFile[], options: ScanOptions): MergeResult {
  checkReports(files);
  const reports = files.map((f) => ({ file: f.path, sha256: f.sha256, inventory: f.inventory !== undefined }));
  if (carryInventories(files)) {
    checkInputs(files);
    const inventory = mergeInventories(files.flatMap((f) => f.inventory ?? []));
    for (const f of files) if (f.moves) rememberMoves(inventory, f.moves);
    const report = assessInventory(inventory, options);
    const merge: MergeInfo = {
      reports,
      rejudged: true,
      note: `Merged from ${plural(files.length, 'report')}: their inventories were judged together as one scan (cross-account rules included).`,
    };
    return { report: { ...report, merge }, inventory };
  }
  return { report: combineFindings(files, options, reports) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The reports that were judged under another profile, rule selection, frameworks, settings or waivers than `report`
 * (the merge judges by its own flags; the CLI warns, since a shard's gate then differs from the merged one).
 */
export function judgedOtherwise(files: readonly ReportFile[], report: ScanReport): string[] {
  const key = (c: EffectiveConfiguration): string =>
    stableJson({
      profile: c.profile,
      rules: c.rules,
      frameworks: c.frameworks,
      settings: c.settings,
      waivers: c.waivers,
    });
  const mine = key(report.configuration);
  return files.filter((f) => f.doc.configuration && key(f.doc.configuration) !== mine).map((f) => f.path);
}

/** The configuration with what only the gate reads left out: reports that agree on the rest judged alike. */
function judgingKey(c: EffectiveConfiguration): string {
  const { sha256: _sha, failOn: _failOn, failOnNotAssessed: _gaps, files: _files, ...judging } = c;
  return stableJson(judging);
}

function inputsOf(doc: ReportDocument): InputInfo[] {
  const listed = doc.input.files ?? [doc.input];
  return listed.flatMap((i) =>
    i.kind === 'none'
      ? []
      : [{ kind: i.kind as InputInfo['kind'], path: i.path, ...(i.sha256 ? { sha256: i.sha256 } : {}) }],
  );
}

/** Reports without inventories: their findings combined, everything derived from findings recomputed. */
function combineFindings(
  files: readonly ReportFile[],
  options: ScanOptions,
  reports: MergeInfo['reports'],
): ScanReport {
  const configurations = files.map((f) => {
    if (!f.doc.configuration)
      throw new InputError(
        f.path,
        'records no effective configuration (an older report): cannot tell how it was judged',
      );
    return f.doc.configuration;
  });
  const [first] = configurations;
  files.forEach((f, i) => {
    if (judgingKey(configurations[i]) !== judgingKey(first))
      throw new InputError(
        f.path,
        `judged under another configuration than ${files[0].path} (profile, rules, settings, waivers or as-of date differ): without inventories only reports judged alike can be merged`,
      );
  });
  const catalogue = new Map<string, RuleMeta>(allRules.map((r) => [r.meta.id, r.meta]));
  const ran = new Set(first.rules);
  for (const id of ran)
    if (!catalogue.has(id))
      throw new InputError(
        files[0].path,
        `ran rule ${id}, which this airgap-audit does not know (a custom rule): its report cannot be described without the rule`,
      );
  const profile = first.profile;
  const rules = allRules.filter((r) => ran.has(r.meta.id)).map((r) => r.meta);
  const order = new Map(rules.map((r, i) => [r.id, i]));
  // Rule-major, as the engine emits them; within a rule, in the order the reports were given.
  const findings = mergeFindings(files.map((f) => f.doc.findings)).sort(
    (a, b) => (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0),
  );
  const failOn = options.failOn ?? 'high';
  const failOnNotAssessed = options.failOnNotAssessed ?? false;
  const mappings = loadMappings({ extraDir: options.mappingsDir, knownRuleIds: new Set(catalogue.keys()) });
  const selected = selectFrameworks(mappings, first.frameworks);
  const inputs: InputInfo[] = [];
  const seenInputs = new Set<string>();
  for (const f of files)
    for (const i of inputsOf(f.doc)) {
      const key = `${i.kind}\u0000${i.path}\u0000${i.sha256 ?? ''}`;
      if (!seenInputs.has(key)) inputs.push(i);
      seenInputs.add(key);
    }
  // Waiver states counted over the merged findings as applyWaivers counts them: a waived finding is a non-pass one.
  const { statuses } = applyWaivers(
    findings.map((f) => (f.status === 'waived' ? { ...f, status: 'fail' as const } : f)),
    first.waivers,
    first.asOf,
    true,
  );
  const { sha256: _sha, ...rest } = first;
  const { baseline: _shardBaseline, ...files0 } = rest.files;
  const effective: Omit<EffectiveConfiguration, 'sha256'> = {
    ...rest,
    files: { ...files0, ...(options.baseline ? { baseline: options.baseline.file } : {}) },
    failOn,
    failOnNotAssessed,
  };
  const configuration: EffectiveConfiguration = {
    sha256: createHash('sha256').update(stableJson(effective)).digest('hex'),
    ...effective,
  };
  const baseline = options.baseline ? compareWithBaseline(findings, options.baseline) : undefined;
  const candidates = allRules.filter((r) => ran.has(r.meta.id) || r.meta.profiles.includes(profile)).map((r) => r.meta);
  return {
    tool: {
      name: 'airgap-audit',
      version: toolVersion(),
      rulesVersion: files[0].doc.tool.rulesVersion ?? files[0].doc.tool.version,
    },
    generatedAt: generatedAt(),
    asOf: first.asOf,
    inputs,
    profile,
    failOn,
    gate: decideGate(baseline ? findingsForGate(findings) : findings, { failOn, failOnNotAssessed }),
    airGap: judgeAirGap(candidates, ran, findings, profile),
    summary: summarize(findings),
    rules,
    findings,
    coverage: computeCoverage(selected, findings, ran, inputs),
    waivers: statuses,
    configuration,
    ...(baseline ? { baseline } : {}),
    merge: {
      reports,
      rejudged: false,
      note: `Merged from ${plural(files.length, 'report')} without inventories: findings were combined as each report judged them; rules that look across accounts and regions (AUD-006, IAM-006, the account-wide absence checks) were NOT re-judged across the reports. Scan with --with-inventory to judge them together.`,
    },
  };
}
