/**
 * The HTML evidence report: one self-contained, printable file for assessors. No script, no external
 * resource of any kind (a Content-Security-Policy of `default-src 'none'` makes the browser refuse one
 * if it ever crept in), every string escaped. Sections break onto new pages when printed.
 */
import type { Finding } from '../engine/types.js';
import type { FrameworkCoverage, ScanReport } from './scanReport.js';
import { baselineLines, failsGate, formatObserved, rulesById, sortedFindings, waiverText } from './reportView.js';
import { htmlEscape as h } from './escape.js';
import { HTML_STYLE } from './htmlStyle.js';

const STATUS_LABEL: Record<Finding['status'], string> = {
  fail: 'Failing',
  'not-assessed': 'Not assessed',
  waived: 'Waived',
  pass: 'Passing',
};

function badge(cls: string, text: string): string {
  return `<span class="badge ${h(cls)}">${h(text)}</span>`;
}

function summarySection(report: ScanReport): string {
  const s = report.summary;
  const failing = failsGate(report);
  const card = (label: string, value: number, cls: string): string =>
    `<div class="card ${cls}"><b>${value}</b>${h(label)}</div>`;
  const reasons = Object.entries(s.notAssessedByReason)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `<tr><td>${h(reason)}</td><td class="num">${n}</td></tr>`)
    .join('');
  return `<section id="summary"><h2>Executive summary</h2>
<p class="verdict ${failing ? 'fail' : 'pass'}" id="verdict">${failing ? 'FAIL' : 'PASS'}: ${h(failing ? `failing findings at or above ${report.failOn}` : `no failing findings at or above ${report.failOn}`)}</p>
<p>Profile <b>${h(report.profile)}</b>; ${s.total} results from ${report.rules.length} rules over ${report.inputs.length} input(s).</p>
<div class="cards">${card('failing', s.byStatus.fail, 's-fail')}${card('not assessed', s.byStatus['not-assessed'], 's-not-assessed')}${card('waived', s.byStatus.waived, 's-waived')}${card('passing', s.byStatus.pass, 's-pass')}</div>
<table class="compact"><thead><tr><th>Failing by severity</th><th class="num">Count</th></tr></thead><tbody>${(
    ['critical', 'high', 'medium', 'low'] as const
  )
    .map((sev) => `<tr><td class="sev-${sev}">${sev}</td><td class="num">${s.failBySeverity[sev]}</td></tr>`)
    .join('')}</tbody></table>
${reasons ? `<table class="compact"><thead><tr><th>Not assessed, by reason</th><th class="num">Count</th></tr></thead><tbody>${reasons}</tbody></table>` : ''}
</section>`;
}

function frameworkMatrix(fw: FrameworkCoverage): string {
  const c = fw.counts;
  const rows = fw.controls
    .map(
      (ctl) =>
        `<tr><td class="mono id">${h(ctl.id)}</td><td>${h(ctl.title)}</td><td>${badge(`s-${ctl.status}`, ctl.status)}</td><td class="mono">${h(ctl.ruleIds.join(', ') || '—')}</td></tr>`,
    )
    .join('\n');
  return `<h3>${h(fw.title)} <span class="meta">(${h(fw.framework)}, version ${h(fw.version)})</span></h3>
<p>Satisfied ${c.satisfied} · not satisfied ${c['not-satisfied']} · not assessed ${c['not-assessed']} · manual ${c.manual}</p>
<table><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Rules</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** One row per framework, one column per control status: the matrix an assessor reads first. */
function coverageOverview(report: ScanReport): string {
  const rows = report.coverage
    .map((fw) => {
      const c = fw.counts;
      return `<tr><td>${h(fw.title)} <span class="meta">(${h(fw.framework)})</span></td><td class="num">${fw.controls.length}</td><td class="num s-satisfied">${c.satisfied}</td><td class="num s-not-satisfied">${c['not-satisfied']}</td><td class="num s-not-assessed">${c['not-assessed']}</td><td class="num s-manual">${c.manual}</td></tr>`;
    })
    .join('\n');
  return `<table id="coverage-matrix"><thead><tr><th>Framework</th><th class="num">Controls</th><th class="num">Satisfied</th><th class="num">Not satisfied</th><th class="num">Not assessed</th><th class="num">Manual</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function coverageSection(report: ScanReport): string {
  const body = report.coverage.length
    ? `${coverageOverview(report)}\n${report.coverage.map(frameworkMatrix).join('\n')}`
    : '<p>No framework mappings were selected.</p>';
  return `<section id="coverage"><h2>Coverage by framework</h2>\n${body}\n</section>`;
}

function findingBlock(f: Finding, ruleTitle: string): string {
  const evidence = f.evidence.length
    ? `<table><thead><tr><th>Path</th><th>Observed</th><th>Expected</th><th>Source</th></tr></thead><tbody>${f.evidence
        .map(
          (e) =>
            `<tr><td class="mono">${h(e.path)}</td><td class="mono">${h(formatObserved(e.observed))}</td><td>${h(e.expected)}</td><td class="mono">${h(e.source)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const where = [
    f.resource.type,
    f.resource.account && `account ${f.resource.account}`,
    f.resource.region && `region ${f.resource.region}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `<div class="finding" data-fingerprint="${h(f.fingerprint)}">
<p>${badge(`s-${f.status}`, f.status)} ${badge(`sev-${f.severity}`, f.severity)}${f.baseline ? ` ${badge(f.baseline === 'new' ? 's-fail' : 's-waived', f.baseline)}` : ''} <b>${h(f.ruleId)}</b> ${h(ruleTitle)}</p>
<p><span class="mono">${h(f.resource.address)}</span> <span class="meta">(${h(where)})</span></p>
<p>${h(f.message)}${f.reason ? ` <span class="meta">[${h(f.reason)}]</span>` : ''}</p>
${f.waiver ? `<p>Waiver: ${h(waiverText(f.waiver))}</p>` : ''}${f.controls.length ? `<p class="meta">Controls: ${h(f.controls.map((c) => `${c.framework} ${c.id}`).join(', '))}</p>` : ''}
${evidence}</div>`;
}

function findingsSection(report: ScanReport): string {
  const titles = rulesById(report);
  const groups = (['fail', 'not-assessed', 'waived', 'pass'] as const).map((status) => {
    const list = sortedFindings(report.findings.filter((f) => f.status === status));
    if (!list.length) return '';
    return `<h3 class="s-${status}">${STATUS_LABEL[status]} (${list.length})</h3>\n${list.map((f) => findingBlock(f, titles.get(f.ruleId)?.title ?? '')).join('\n')}`;
  });
  const compared = baselineLines(report)
    .map((l) => `<p class="meta">${h(l)}</p>`)
    .join('\n');
  return `<section id="findings"><h2>Findings with evidence</h2>\n${compared}${groups.join('\n') || '<p>No results.</p>'}\n</section>`;
}

function waiversSection(report: ScanReport): string {
  const rows = report.waivers
    .map(
      (w) =>
        `<tr><td>${badge(w.state === 'applied' ? 's-waived' : 's-fail', w.state)}</td><td class="mono">${h(w.waiver.ruleId)}</td><td class="mono">${h(w.waiver.resource)}</td><td>${h(w.waiver.reason)}</td><td>${h(w.waiver.owner)}</td><td class="mono">${h(w.waiver.expires)}</td><td class="num">${w.matched}</td></tr>`,
    )
    .join('\n');
  const table = rows
    ? `<table><thead><tr><th>State</th><th>Rule</th><th>Resource</th><th>Reason</th><th>Owner</th><th>Expires</th><th class="num">Matched</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
    : '<p>No waivers.</p>';
  return `<section id="waivers"><h2>Waivers</h2>\n${table}\n</section>`;
}

function inputsSection(report: ScanReport): string {
  const rows = report.inputs
    .map(
      (i) =>
        `<tr><td>${h(i.kind)}</td><td class="mono">${h(i.path)}</td><td class="mono">${h(i.sha256 ?? '—')}</td><td class="num">${i.bytes ?? '—'}</td><td>${h([i.formatVersion && `format ${i.formatVersion}`, i.terraformVersion && `terraform ${i.terraformVersion}`].filter(Boolean).join(', '))}</td></tr>`,
    )
    .join('\n');
  return `<section id="inputs"><h2>Inputs and tool</h2>
<table><thead><tr><th>Kind</th><th>Path</th><th>SHA-256</th><th class="num">Bytes</th><th>Versions</th></tr></thead><tbody>
${rows}
</tbody></table>
<p>Tool <b>${h(report.tool.name)} ${h(report.tool.version)}</b>, rule set ${h(report.tool.rulesVersion)}; generated ${h(report.generatedAt)}.</p>
<p class="meta">The inputs are identified by their hash only: no input content is copied into this report beyond the (redacted) evidence quoted above.</p>
</section>`;
}

export function renderHtml(report: ScanReport): string {
  const title = `Air-gap evidence report — ${report.profile}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(`${report.tool.name} ${report.tool.version}`)}">
<title>${h(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>${h(title)}</h1>
<p class="meta">${h(report.tool.name)} ${h(report.tool.version)} · rules ${h(report.tool.rulesVersion)} · ${h(report.generatedAt)} · fail on ${h(report.failOn)}</p>
<p class="meta">Input SHA-256: ${report.inputs.map((i) => `<span class="mono">${h(i.sha256 ?? i.path)}</span>`).join(', ') || '—'}</p></header>
<main>
${summarySection(report)}
${coverageSection(report)}
${findingsSection(report)}
${waiversSection(report)}
${inputsSection(report)}
</main>
</body>
</html>
`;
}
