/** The result of one scan, as every reporter reads it. Reporters read only this: never a rule, never a source. */
import type { InputInfo } from '../model/inventory.js';
import type { Finding, Profile, RuleMeta, Severity, Status } from '../engine/types.js';
import type { Waiver } from '../config/config.js';
import type { BaselineComparison } from '../baseline/baseline.js';

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
  inputs: InputInfo[];
  profile: Profile;
  failOn: Severity | 'none';
  summary: Summary;
  /** The rules that ran, in catalogue order. */
  rules: RuleMeta[];
  findings: Finding[];
  coverage: FrameworkCoverage[];
  waivers: WaiverStatus[];
  /** With `--baseline`: new / existing counts and the fixed findings. */
  baseline?: BaselineComparison;
}
