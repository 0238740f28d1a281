/**
 * A pull-request comment (GitHub / GitLab markdown). Kept short: GitHub caps a comment at 65,536 characters,
 * so failing findings are capped and long messages truncated. Every string that comes from the input
 * (addresses, messages, waiver text) is escaped: a resource name must not be able to mention a user,
 * link somewhere or break the table.
 */
import type { Finding } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import {
  failsGate,
  sortedFindings,
  waiversExpiringSoon,
  daysBetween,
  dayOf,
  baselineMark,
  baselineLines,
} from './reportView.js';
import { markdownInline } from './escape.js';

export const MARKDOWN_FINDINGS_CAP = 50;
/** Characters the findings table may take, leaving room for the rest under GitHub's 65,536 per comment. */
const FINDINGS_TABLE_BUDGET = 45_000;
const MESSAGE_CAP = 280;
export const EXPIRY_WINDOW_DAYS = 30;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function findingRow(f: Finding): string {
  return `| ${f.severity}${baselineMark(f)} | ${markdownInline(f.ruleId)} | ${markdownInline(f.resource.address)} | ${markdownInline(clip(f.message, MESSAGE_CAP))} |`;
}

export function renderMarkdown(report: ScanReport): string {
  const { summary } = report;
  const verdict = failsGate(report) ? '❌ **Failing**' : '✅ **Passing**';
  const out: string[] = [
    `## airgap-audit: ${verdict} (profile ${markdownInline(report.profile)}, fail on ${markdownInline(report.failOn)})`,
    '',
    '| Result | Count |',
    '|---|---:|',
    `| Failing | ${summary.byStatus.fail} |`,
    `| Not assessed | ${summary.byStatus['not-assessed']} |`,
    `| Waived | ${summary.byStatus.waived} |`,
    `| Passing | ${summary.byStatus.pass} |`,
    '',
    `Failing by severity: critical ${summary.failBySeverity.critical}, high ${summary.failBySeverity.high}, medium ${summary.failBySeverity.medium}, low ${summary.failBySeverity.low}.`,
    '',
  ];

  const compared = baselineLines(report);
  if (compared.length) out.push(...compared.map((l) => `- ${markdownInline(l)}`), '');
  // New failures first under --baseline: they are what the change introduced.
  const failing = sortedFindings(report.findings.filter((f) => f.status === 'fail')).sort(
    (a, b) => Number(a.baseline === 'existing') - Number(b.baseline === 'existing'),
  );
  if (failing.length) {
    out.push('### Failing findings', '', '| Severity | Rule | Resource | Message |', '|---|---|---|---|');
    let used = 0;
    let shown = 0;
    for (const f of failing.slice(0, MARKDOWN_FINDINGS_CAP)) {
      const row = findingRow(f);
      if (used + row.length > FINDINGS_TABLE_BUDGET) break;
      out.push(row);
      used += row.length + 1;
      shown++;
    }
    if (failing.length > shown)
      out.push('', `…and ${failing.length - shown} more failing findings (see the full report).`);
    out.push('');
  }

  const today = dayOf(report.generatedAt);
  const expiring = waiversExpiringSoon(report, EXPIRY_WINDOW_DAYS);
  if (expiring.length) {
    out.push(
      `### Waivers expiring within ${EXPIRY_WINDOW_DAYS} days`,
      '',
      '| Expires | Days left | Rule | Resource | Owner | Reason |',
      '|---|---:|---|---|---|---|',
    );
    for (const w of expiring) {
      const v = w.waiver;
      out.push(
        `| ${markdownInline(v.expires)} | ${daysBetween(today, v.expires)} | ${markdownInline(v.ruleId)} | ${markdownInline(v.resource)} | ${markdownInline(v.owner)} | ${markdownInline(clip(v.reason, MESSAGE_CAP))} |`,
      );
    }
    out.push('');
  }
  const expired = report.waivers.filter((w) => w.state === 'expired').length;
  const stale = report.waivers.filter((w) => w.state === 'stale').length;
  if (expired || stale)
    out.push(`Waivers: ${expired} expired (no longer applied), ${stale} stale (match nothing).`, '');

  if (report.coverage.length) {
    out.push(
      '### Coverage per framework',
      '',
      '| Framework | Satisfied | Not satisfied | Not assessed | Manual |',
      '|---|---:|---:|---:|---:|',
    );
    for (const fw of report.coverage) {
      const c = fw.counts;
      out.push(
        `| ${markdownInline(`${fw.title} (${fw.framework})`)} | ${c.satisfied} | ${c['not-satisfied']} | ${c['not-assessed']} | ${c.manual} |`,
      );
    }
    out.push('');
  }
  out.push(
    `<sub>${markdownInline(`${report.tool.name} ${report.tool.version}, rules ${report.tool.rulesVersion}, ${report.generatedAt}`)}</sub>`,
    '',
  );
  return out.join('\n');
}
