/**
 * The gate: decided once per scan, stored in the scan report, read by the exit code and by every reporter.
 * Nothing else decides pass or fail, so the exit code, the PR comment and the evidence report cannot disagree.
 *
 * - `fail` (exit 1): a failing result at or above `failOn`, or, with `failOnNotAssessed`, a coverage gap.
 * - `pass` (exit 0): neither. When failures exist below the threshold the label says so: a report with
 *   failures is never labelled a bare PASS.
 * - `off` (exit 0): `--fail-on none` and no coverage gate tripped. The failures' weight is still stated.
 */
import type { Finding, Severity } from './types.js';
import { SEVERITIES, SEVERITY_RANK } from './types.js';

export type GateVerdict = 'pass' | 'fail' | 'off';

export interface GateSettings {
  failOn: Severity | 'none';
  failOnNotAssessed: boolean;
}

export interface GateDecision extends GateSettings {
  verdict: GateVerdict;
  exitCode: 0 | 1;
  /** A short label every output leads with: `FAIL`, `PASS`, `PASS (3 failing below high)`, `GATE OFF`. */
  label: string;
  /** One sentence: the verdict and what it rests on. */
  headline: string;
  /** Why the gate decided as it did, most important first (failures at/above the threshold, gaps, waivers). */
  reasons: string[];
  /** Failing results at or above `failOn` (0 when the gate is off). */
  blocking: number;
  /** Failing results of any severity: the weight shown even when the gate is off. */
  failing: number;
  failBySeverity: Record<Severity, number>;
  /** Coverage gaps (see `isCoverageGap`), counted whether or not `failOnNotAssessed` is set. */
  gaps: number;
  waived: number;
}

/**
 * A result that leaves evidence missing: not-assessed for any reason except `not-applicable` (the resource is
 * outside the rule's scope, which is an answer, not a gap). The coverage matrix uses the same predicate.
 */
export function isEvidenceGap(finding: Finding): boolean {
  return finding.status === 'not-assessed' && finding.reason !== 'not-applicable';
}

/**
 * What `--fail-on-not-assessed` fails on: an evidence gap the user has not declared met by another stack
 * (`providedElsewhere` in the config is a written statement, the way a waiver is).
 */
export function isCoverageGap(finding: Finding): boolean {
  return isEvidenceGap(finding) && finding.reason !== 'provided-elsewhere';
}

export function atOrAbove(severity: Severity, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold];
}

function severityList(counts: Record<Severity, number>, keep: (s: Severity) => boolean): string {
  return SEVERITIES.filter((s) => keep(s) && counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function decideGate(findings: readonly Finding[], settings: GateSettings): GateDecision {
  const { failOn, failOnNotAssessed } = settings;
  const failBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  let gaps = 0;
  let waived = 0;
  for (const f of findings) {
    if (f.status === 'fail') failBySeverity[f.severity]++;
    else if (f.status === 'waived') waived++;
    else if (isCoverageGap(f)) gaps++;
  }
  const failing = SEVERITIES.reduce((n, s) => n + failBySeverity[s], 0);
  const blocking = SEVERITIES.filter((s) => atOrAbove(s, failOn)).reduce((n, s) => n + failBySeverity[s], 0);
  const below = failing - blocking;
  const gapsTrip = failOnNotAssessed && gaps > 0;
  const verdict: GateVerdict = blocking > 0 || gapsTrip ? 'fail' : failOn === 'none' ? 'off' : 'pass';

  const reasons: string[] = [];
  if (blocking > 0)
    reasons.push(
      `${plural(blocking, 'failing finding')} at or above ${failOn} (${severityList(failBySeverity, (s) => atOrAbove(s, failOn))})`,
    );
  if (gapsTrip) reasons.push(`${plural(gaps, 'result')} not assessed (--fail-on-not-assessed)`);
  if (failOn === 'none' && failing > 0)
    reasons.push(
      `the severity gate is off (--fail-on none); ${plural(failing, 'failing finding')} (${severityList(failBySeverity, () => true)})`,
    );
  else if (below > 0)
    reasons.push(
      `${plural(below, 'failing finding')} below the ${failOn} threshold (${severityList(failBySeverity, (s) => !atOrAbove(s, failOn))})`,
    );
  if (!failOnNotAssessed && gaps > 0) reasons.push(`${plural(gaps, 'result')} not assessed (not gated)`);
  if (waived > 0) reasons.push(`${plural(waived, 'finding')} waived`);

  const label =
    verdict === 'fail'
      ? 'FAIL'
      : verdict === 'off'
        ? 'GATE OFF'
        : below > 0
          ? `PASS (${below} failing below ${failOn})`
          : 'PASS';
  const basis =
    verdict === 'fail'
      ? reasons.slice(0, gapsTrip && blocking > 0 ? 2 : 1).join('; ')
      : verdict === 'off'
        ? failing > 0
          ? `--fail-on none: ${plural(failing, 'failing finding')} not gated (${severityList(failBySeverity, () => true)})`
          : '--fail-on none: no failing findings'
        : below > 0
          ? `no failing finding at or above ${failOn}; ${plural(below, 'failing finding')} below it`
          : `no failing finding at or above ${failOn}${failOnNotAssessed ? ' and no coverage gap' : ''}`;
  return {
    failOn,
    failOnNotAssessed,
    verdict,
    exitCode: verdict === 'fail' ? 1 : 0,
    label,
    headline: `${verdict === 'off' ? 'Gate off' : `Gate ${label}`}: ${basis}`,
    reasons,
    blocking,
    failing,
    failBySeverity,
    gaps,
    waived,
  };
}
