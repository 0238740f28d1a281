/** Counts over findings, and the exit-code decision of DESIGN §5. */
import type { Finding, Severity, Status } from './types.js';
import { SEVERITIES } from './types.js';
import type { Summary } from '../report/scanReport.js';

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

/** 1 when a failure at or above `failOn` exists, or (coverage gate) any not-assessed but provided-elsewhere. */
export function exitCodeFor(
  findings: readonly Finding[],
  failOn: Severity | 'none',
  failOnNotAssessed: boolean,
): 0 | 1 {
  const threshold = failOn === 'none' ? -1 : SEVERITIES.indexOf(failOn);
  for (const f of findings) {
    if (f.status === 'fail' && SEVERITIES.indexOf(f.severity) <= threshold) return 1;
    if (failOnNotAssessed && f.status === 'not-assessed' && f.reason !== 'provided-elsewhere') return 1;
  }
  return 0;
}
