/** Counts over findings. The exit-code decision lives in gate.ts. */
import type { Finding, Severity, Status } from './types.js';

/** The counts every reporter heads its output with. */
export interface Summary {
  total: number;
  byStatus: Record<Status, number>;
  /** Failing results per severity. */
  failBySeverity: Record<Severity, number>;
  notAssessedByReason: Record<string, number>;
}

export function summarize(findings: readonly Finding[]): Summary {
  const byStatus: Record<Status, number> = { pass: 0, fail: 0, 'not-assessed': 0, waived: 0 };
  const failBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const notAssessedByReason: Record<string, number> = {};
  for (const f of findings) {
    byStatus[f.status]++;
    if (f.status === 'fail') failBySeverity[f.severity]++;
    if (f.status === 'not-assessed')
      notAssessedByReason[f.reason ?? 'unknown'] = (notAssessedByReason[f.reason ?? 'unknown'] ?? 0) + 1;
  }
  return { total: findings.length, byStatus, failBySeverity, notAssessedByReason };
}
