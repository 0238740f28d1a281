/** The result of one scan, as every reporter reads it. Reporters read only this: never a rule, never a source. */
import type { InputInfo } from '../model/inventory.js';
import type { Finding, Profile, RuleMeta, Severity, Status } from '../engine/types.js';
import type { Waiver } from '../config/config.js';

export interface Summary {
  total: number;
  byStatus: Record<Status, number>;
  /** Failing results per severity. */
  failBySeverity: Record<Severity, number>;
  notAssessedByReason: Record<string, number>;
}

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
}
