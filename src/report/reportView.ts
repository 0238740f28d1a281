/** Read-only views of a ScanReport that several renderers share. Pure: no I/O, no clock. */
import type { Evidence, Finding, RuleMeta, Status } from '../engine/types.js';
import { SEVERITY_RANK } from '../engine/types.js';
import type { GroupState, GroupVerdict } from '../engine/airGap.js';
import type { ScanReport, WaiverStatus } from './scanReport.js';

export { SEVERITY_RANK };
export const STATUS_RANK: Record<Status, number> = { fail: 0, 'not-assessed': 1, waived: 2, pass: 3 };

/** Rules by id, for metadata lookups. A finding whose rule is missing still renders (with its own fields). */
export function rulesById(report: ScanReport): Map<string, RuleMeta> {
  return new Map(report.rules.map((rule) => [rule.id, rule]));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most urgent first: status, severity, rule id, address, fingerprint (a total order, so output is stable). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.resource.address, b.resource.address) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** JSON with object keys sorted, so that the same value always prints the same way. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareText(a, b));
      return Object.fromEntries(entries);
    }
    return v;
  });
}

/** An observed value as one line of text (already redacted by the engine when sensitive). */
export function formatObserved(observed: unknown): string {
  if (observed === undefined) return '(absent)';
  if (typeof observed === 'string') return observed;
  return stableJson(observed) ?? String(observed);
}

export function evidenceLine(e: Evidence): string {
  return `${e.path}: observed ${formatObserved(e.observed)}; expected ${e.expected}; source ${e.source}`;
}

/** `YYYY-MM-DD` of an ISO timestamp. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Days from `from` to `to`, both `YYYY-MM-DD` (UTC calendar days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Applied waivers that lapse within `days` of the report date (inclusive), soonest first. */
export function waiversExpiringSoon(report: ScanReport, days: number): WaiverStatus[] {
  const today = report.asOf;
  return report.waivers
    .filter((w) => w.state === 'applied')
    .filter((w) => {
      const left = daysBetween(today, w.waiver.expires);
      return left >= 0 && left <= days;
    })
    .sort(
      (a, b) =>
        compareText(a.waiver.expires, b.waiver.expires) ||
        compareText(a.waiver.ruleId, b.waiver.ruleId) ||
        compareText(a.waiver.resource, b.waiver.resource),
    );
}

export function waiverText(w: { reason: string; owner: string; expires: string }): string {
  return `${w.reason} (owner ${w.owner}, expires ${w.expires})`;
}

export const STATE_TEXT: Record<GroupState, string> = {
  satisfied: 'satisfied',
  'not-satisfied': 'not satisfied',
  'not-assessed': 'not assessed',
};

/** `AG-1 No public internet egress: not satisfied — fails: NET-001 (2)`. */
export function groupLine(g: GroupVerdict): string {
  return `${g.id} ${g.title}: ${STATE_TEXT[g.state]} — ${g.why}`;
}

/** The plain-text verdict block that text, JUnit and OSCAL remarks share: air-gap answer, conditions, layers, gate. */
export function verdictLines(report: ScanReport): string[] {
  return [
    report.airGap.headline,
    ...report.airGap.conditions.map(groupLine),
    `Layers: ${report.airGap.layers.map((l) => `${l.id} ${STATE_TEXT[l.state]}`).join(', ')}`,
    report.gate.headline,
    ...(report.merge ? [report.merge.note] : []),
  ];
}

/** ` [new]` / ` [existing]` after a finding's status under `--baseline`; empty otherwise. */
export function baselineMark(f: Finding): string {
  return f.baseline ? ` [${f.baseline}]` : '';
}

/** The baseline comparison as plain lines (counts, then each fixed finding); none without `--baseline`. */
export function baselineLines(report: ScanReport): string[] {
  const b = report.baseline;
  if (!b) return [];
  return [
    `baseline ${b.file}: ${b.new} new, ${b.existing} existing, ${b.fixed.length} fixed`,
    ...b.fixed.map((e) => `fixed: ${e.ruleId} ${e.address} (${e.severity}): ${e.message}`),
  ];
}
