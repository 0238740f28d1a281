/** The contracts between rules, the engine and reporters. */
import type { Inventory } from '../model/inventory.js';
import type { EntityKind } from '../model/types.js';
import type { AuditConfig } from '../config/config.js';
import type { Profile, Severity } from './vocabulary.js';

export { PROFILES, SEVERITIES, SEVERITY_RANK, type Profile, type Severity } from './vocabulary.js';
export type Status = 'pass' | 'fail' | 'not-assessed' | 'waived';
export type Reason =
  | 'unknown-at-plan'
  | 'access-denied'
  | 'not-applicable'
  | 'needs-review'
  | 'provided-elsewhere'
  | 'out-of-scope';
export type AirGapCondition = 'AG-1' | 'AG-2' | 'AG-3' | 'AG-4';

export interface Evidence {
  /** Model attribute path that was read. */
  path: string;
  /** What was found (redacted when sensitive). */
  observed: unknown;
  expected: string;
  /** Terraform address + attribute, or the API call, that set the value. */
  source: string;
}

export interface ResourceRef {
  address: string;
  type: string;
  region?: string;
  account?: string;
  /**
   * The input the resource was read from (plan path as given, `<stdin>`, the live account). Absent on an absence
   * judged over several merged inputs: it belongs to all of them.
   */
  input?: string;
}

/** What a rule returns for one examined resource. */
export interface RuleResult {
  status: 'pass' | 'fail' | 'not-assessed';
  reason?: Reason;
  /** Overrides the rule's default severity for this result (KMS-003 medium vs high). */
  severity?: Severity;
  resource: ResourceRef;
  message: string;
  evidence: Evidence[];
  /** Distinguishes several results of one rule on one resource (a route, a statement). */
  key?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  condition?: AirGapCondition;
  layer?: 1 | 2 | 3 | 4 | 5;
  profiles: readonly Profile[];
  rationale: string;
  remediation: string;
  references: readonly string[];
  /** Model kinds the rule reads: a collection gap on one of them makes the rule not-assessed there. */
  reads: readonly EntityKind[];
  /** The rule examines every entity whatever its kind (regions), so every source feeds it. */
  readsAll?: boolean;
}

export interface RuleContext {
  config: AuditConfig;
  profile: Profile;
}

export interface Rule {
  meta: RuleMeta;
  check(inventory: Inventory, context: RuleContext): RuleResult[];
}

export interface ControlRef {
  framework: string;
  id: string;
}

export interface WaiverApplied {
  reason: string;
  owner: string;
  expires: string;
}

export interface Finding {
  ruleId: string;
  status: Status;
  reason?: Reason;
  severity: Severity;
  fingerprint: string;
  resource: ResourceRef;
  message: string;
  evidence: Evidence[];
  controls: ControlRef[];
  waiver?: WaiverApplied;
  /** With `--baseline`: whether the baseline already held this (non-passing) finding. */
  baseline?: 'new' | 'existing';
}
