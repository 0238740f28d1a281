/**
 * A pull-request comment (GitHub / GitLab markdown). Kept short: GitHub caps a comment at 65,536 characters,
 * so failing findings are capped and long messages truncated. Every string that comes from the input
 * (addresses, messages, waiver text) is escaped: a resource name must not be able to mention a user,
 * link somewhere or break the table.
 */
import type { Finding } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import {
  STATE_TEXT,
  sortedFindings,
  waiversExpiringSoon,
  daysBetween,
  baselineMark,
  baselineLines,
} from './reportView.js';
import { markdownInline } from './escape.js';
import { EVIDENCE_LABEL, EVIDENCE_ORDER } from './coverageLabels.js';

export const MARKDOWN_FINDINGS_CAP = 50;
/** Characters the findings table may take, leaving room for the rest under GitHub's 65,536 per comment. */
const FINDINGS_TABLE_BUDGET = 45_000;
const MESSAGE_CAP = 280;
/** Characters the per-control coverage detail may take: with the findings budget, the comment stays under the cap. */
const COVERAGE_DETAIL_BUDGET = 14_000;
export const EXPIRY_WINDOW_DAYS = 30;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function findingRow(f: Finding): string {
  return `| ${f.severity}${baselineMark(f)} | ${markdownInline(f.ruleId)} | ${markdownInline(f.resource.address)} | ${markdownInline(clip(f.message, MESSAGE_CAP))} |`;
}

const GATE_ICON = { fail: '❌', pass: '✅', off: '⏸️' } as const;
const STATE_ICON = { satisfied: '✅', 'not-satisfied': '❌', 'not-assessed': '❔' } as const;

/** The headline: the air-gap answer, the gate (never a bare "Passing" over failures), conditions and layers. */
function verdictMarkdown(report: ScanReport): string[] {
  const v = report.airGap;
  const g = report.gate;
  const icon = g.verdict === 'pass' && g.failing > 0 ? '⚠️' : GATE_ICON[g.verdict];
  return [
    // Verdict texts are the tool's own words (rule ids, counts, states): nothing from the input to escape.
    `## airgap-audit: ${STATE_ICON[v.airGappable === 'yes' ? 'satisfied' : v.airGappable === 'no' ? 'not-satisfied' : 'not-assessed']} ${v.headline}`,
    '',
    `${icon} **${g.headline}** (profile ${report.profile}, fail on ${g.failOn}${g.failOnNotAssessed ? ', fail on not assessed' : ''})`,
    '',
    ...(report.merge ? [`> ${report.merge.note}`, ''] : []),
    '| Condition | State | Rules behind it |',
    '|---|---|---|',
    ...v.conditions.map((c) => `| ${c.id} ${c.title} | ${STATE_ICON[c.state]} ${STATE_TEXT[c.state]} | ${c.why} |`),
    '',
    `Layers: ${v.layers.map((l) => `${STATE_ICON[l.state]} ${l.id} ${l.title}`).join(' · ')}`,
    '',
  ];
}

export function renderMarkdown(report: ScanReport): string {
  const { summary } = report;
  const out: string[] = [
    ...verdictMarkdown(report),
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

  const today = report.asOf;
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

  out.push(...coverageMarkdown(report));
  out.push(
    `<sub>${markdownInline(`${report.tool.name} ${report.tool.version}, rules ${report.tool.rulesVersion}, ${report.generatedAt}`)}</sub>`,
    '',
  );
  return out.join('\n');
}

/**
 * Coverage in evidence language: one count row per framework, the controls the rules said something about with
 * their scope and what the assessor still examines (folded, to keep the comment short), and the caveat.
 */
function coverageMarkdown(report: ScanReport): string[] {
  if (!report.coverage.length) return [];
  const out = [
    '### Coverage per framework (evidence for an assessor, not a verdict)',
    '',
    `| Framework | ${EVIDENCE_ORDER.map((e) => EVIDENCE_LABEL[e]).join(' | ')} |`,
    `|---|${EVIDENCE_ORDER.map(() => '---:').join('|')}|`,
  ];
  for (const fw of report.coverage) {
    out.push(
      `| ${markdownInline(`${fw.title} (${fw.framework})`)} | ${EVIDENCE_ORDER.map((e) => fw.counts[e]).join(' | ')} |`,
    );
  }
  out.push('');
  let used = 0;
  let omitted = 0;
  for (const fw of report.coverage) {
    const shown = fw.controls.filter((ctl) => ctl.evidence !== 'manual' && ctl.evidence !== 'not-evidenced');
    const rows: string[] = [];
    for (const ctl of shown) {
      const row = `| ${markdownInline(ctl.id)} | ${EVIDENCE_LABEL[ctl.evidence]} | ${markdownInline(ctl.scope)} | ${markdownInline(ctl.assessorExamines)} |`;
      if (used + row.length > COVERAGE_DETAIL_BUDGET) {
        omitted += 1;
        continue;
      }
      used += row.length;
      rows.push(row);
    }
    if (!rows.length) continue;
    out.push(`<details><summary>${markdownInline(fw.framework)}: scope of each control</summary>`, '');
    out.push('| Control | Evidence | Scope of the checks | Assessor still examines |', '|---|---|---|---|', ...rows);
    out.push('', '</details>', '');
  }
  if (omitted) out.push(`…and the scope of ${omitted} more controls (see the HTML or JSON report).`, '');
  const [first] = report.coverage;
  if (first) out.push(`> ${markdownInline(first.caveat)}`, '');
  return out;
}
