/** The result of one scan, as every reporter reads it. Reporters read only this: never a rule, never a source. */
import type { Finding, Profile, RuleMeta, Severity } from '../engine/types.js';
import type { Summary } from '../engine/summary.js';
import type { AuditConfig, Waiver } from '../config/config.js';
import type { GateDecision } from '../engine/gate.js';
import type { AirGapVerdict } from '../engine/airGap.js';
import type { BaselineComparison } from '../baseline/baseline.js';

// The engine computes the summary, so it owns the type; the report carries it.
/** An input the scan read, as the report names it (the same shape the model records for each input). */
export interface ReportInput {
  kind: 'terraform-plan' | 'terraform-state' | 'aws-account';
  path: string;
  sha256?: string;
  bytes?: number;
  formatVersion?: string;
  terraformVersion?: string;
}

export type { Summary } from '../engine/summary.js';

/**
 * What this scan's results say about one control: evidence language, never a verdict on the control.
 * `supports`: the evidence supports the automated part of the control (see `scope`), nothing more.
 */
export type ControlEvidence = 'supports' | 'contradicts' | 'contradicted-waived' | 'not-evidenced' | 'manual';

/** The mapped rules of a control, sorted by what their results did for it. */
export interface ControlRuleEvidence {
  /** Every rule the mapping names for the control. */
  mapped: string[];
  /** Examined at least one resource and every result passed. */
  supporting: string[];
  /** At least one unwaived failure. */
  contradicting: string[];
  /** At least one failure accepted by a waiver (and no unwaived one). */
  waived: string[];
  /** At least one result the input did not settle (not assessed for a reason other than not-applicable). */
  unsettled: string[];
  /** Ran and found nothing in its scope: absence in this input, not evidence about the system. */
  examinedNothing: string[];
  /** Not run in this profile or deselected. */
  notRun: string[];
}

export interface ControlCoverage {
  id: string;
  title: string;
  evidence: ControlEvidence;
  /** One line: the part of the control the mapped rules can show. */
  scope: string;
  /** One line: what an assessor still has to examine. */
  assessorExamines: string;
  rationale?: string;
  /** The framework forbids a plan of action for a gap in this control (e.g. CMMC AC.L2-3.1.20). */
  poamIneligible?: boolean;
  rules: ControlRuleEvidence;
}

export interface FrameworkCoverage {
  framework: string;
  title: string;
  version: string;
  /** Printed with the framework in every output: what the evidence is and is not. */
  caveat: string;
  counts: Record<ControlEvidence, number>;
  controls: ControlCoverage[];
}

export interface WaiverStatus {
  waiver: Waiver;
  state: 'applied' | 'expired' | 'stale';
  matched: number;
}

/**
 * The settings that shaped the verdicts, recorded so an assessor can see how the package was parameterised: a
 * severity override or a region list changes what passes. `sha256` is over the canonical JSON of everything else.
 */
export interface EffectiveConfiguration {
  sha256: string;
  /**
   * The files that shaped the verdicts, as given: config and waivers (their content is in `settings` and `waivers`),
   * the baseline that decides which findings the gate sees, and the custom rules directory (its rule ids are in `rules`).
   */
  files: { config?: string; waivers?: string; baseline?: string; rulesDir?: string };
  profile: Profile;
  failOn: Severity | 'none';
  failOnNotAssessed: boolean;
  asOf: string;
  ignoreWaivers: boolean;
  /** The rules that ran, and the --rule / --skip-rule / --resource selection that chose them. */
  rules: string[];
  selection: { only?: string[]; skip?: string[]; resource?: string };
  frameworks: string[];
  /** Every config setting but the waivers, after defaults. */
  settings: Omit<AuditConfig, 'waivers' | 'profile'>;
  waivers: Waiver[];
}

export interface ScanReport {
  tool: { name: string; version: string; rulesVersion: string };
  /** ISO timestamp (SOURCE_DATE_EPOCH when set). */
  generatedAt: string;
  /** The date waiver expiry was judged on (`YYYY-MM-DD`): the real date or `--as-of`. */
  asOf: string;
  inputs: ReportInput[];
  profile: Profile;
  failOn: Severity | 'none';
  /** The pass/fail decision, made once (engine/gate.ts): the exit code and every reporter read it. */
  gate: GateDecision;
  /** AG-1..AG-4 and the blueprint layers, judged once (engine/airGap.ts): every output's headline. */
  airGap: AirGapVerdict;
  summary: Summary;
  /** The rules that ran, in catalogue order. */
  rules: RuleMeta[];
  findings: Finding[];
  coverage: FrameworkCoverage[];
  waivers: WaiverStatus[];
  configuration: EffectiveConfiguration;
  /** With `--baseline`: new / existing counts and the fixed findings. */
  baseline?: BaselineComparison;
  /** Written by `airgap-audit merge`: every format prints `note`. */
  merge?: MergeInfo;
  /**
   * With `--with-inventory`: the model the rules judged (model/serialize.ts SerializedInventory), for a later merge.
   * Opaque to reporters: only the JSON reporter writes it, as it is.
   */
  inventory?: Readonly<Record<string, unknown>>;
  /** A sharded live scan (`--shard I/N`): these results cover shard `index` of `count` only. */
  shard?: { index: number; count: number };
}

/** How a merged report was made: from which reports, and whether their inventories were judged together. */
export interface MergeInfo {
  reports: Array<{ file: string; sha256: string; inventory: boolean }>;
  /** true: the rules ran over the union of the reports' inventories; false: findings combined as each report judged. */
  rejudged: boolean;
  /** One line every format prints with the verdict. */
  note: string;
}
