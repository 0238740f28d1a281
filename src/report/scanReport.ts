/** The result of one scan, as every reporter reads it. Reporters read only this: never a rule, never a source. */
import type { InputInfo } from '../model/inventory.js';
import type { Finding, Profile, RuleMeta, Severity, Status } from '../engine/types.js';
import type { AuditConfig, Waiver } from '../config/config.js';
import type { GateDecision } from '../engine/gate.js';
import type { AirGapVerdict } from '../engine/airGap.js';

export interface Summary {
  total: number;
  byStatus: Record<Status, number>;
  /** Failing results per severity. */
  failBySeverity: Record<Severity, number>;
  notAssessedByReason: Record<string, number>;
}

export type ControlStatus = 'satisfied' | 'not-satisfied' | 'not-assessed' | 'manual';

export interface ControlCoverage {
  id: string;
  title: string;
  status: ControlStatus;
  ruleIds: string[];
  rationale?: string;
}

export interface FrameworkCoverage {
  framework: string;
  title: string;
  version: string;
  counts: Record<ControlStatus, number>;
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
  /** The config and waiver files read, as given (their content is in `settings` and `waivers`). */
  files: { config?: string; waivers?: string };
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
  inputs: InputInfo[];
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
}
