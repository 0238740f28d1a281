/** The result of one scan, as every reporter reads it. Reporters read only this: never a rule, never a source. */
import type { InputInfo } from '../model/inventory.js';
import type { Finding, Profile, RuleMeta, Severity, Status } from '../engine/types.js';
import type { Waiver } from '../config/config.js';
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
}
