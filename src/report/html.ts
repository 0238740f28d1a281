/**
 * The HTML evidence report: one self-contained, printable file for assessors. No script, no external
 * resource of any kind (a Content-Security-Policy of `default-src 'none'` makes the browser refuse one
 * if it ever crept in), every string escaped. Sections break onto new pages when printed.
 */
import type { Finding } from '../engine/types.js';
import type { ControlEvidence, FrameworkCoverage, ScanReport } from './scanReport.js';
import { baselineLines, formatObserved, rulesById, sortedFindings, waiverText } from './reportView.js';
import { htmlEscape as h } from './escape.js';
import { HTML_STYLE } from './htmlStyle.js';
import { EVIDENCE_LABEL, EVIDENCE_ORDER } from './coverageLabels.js';
import { verdictSection } from './htmlVerdict.js';
import { SEVERITIES } from '../engine/types.js';

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
  const card = (label: string, value: number, cls: string): string =>
    `<div class="card ${cls}"><b>${value}</b>${h(label)}</div>`;
  const reasons = Object.entries(s.notAssessedByReason)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `<tr><td>${h(reason)}</td><td class="num">${n}</td></tr>`)
    .join('');
  return `<section id="summary"><h2>Executive summary</h2>
<p>Profile <b>${h(report.profile)}</b>; ${s.total} results from ${report.rules.length} rules over ${report.inputs.length} input(s).</p>
<div class="cards">${card('failing', s.byStatus.fail, 's-fail')}${card('not assessed', s.byStatus['not-assessed'], 's-not-assessed')}${card('waived', s.byStatus.waived, 's-waived')}${card('passing', s.byStatus.pass, 's-pass')}</div>
<table class="compact"><thead><tr><th>Failing by severity</th><th class="num">Count</th></tr></thead><tbody>${SEVERITIES.map(
    (sev) => `<tr><td class="sev-${sev}">${sev}</td><td class="num">${s.failBySeverity[sev]}</td></tr>`,
  ).join('')}</tbody></table>
${reasons ? `<table class="compact"><thead><tr><th>Not assessed, by reason</th><th class="num">Count</th></tr></thead><tbody>${reasons}</tbody></table>` : ''}
</section>`;
}

const BAR_COLOUR: Readonly<Record<ControlEvidence, string>> = {
  supports: '#067647',
  contradicts: '#b42318',
  'contradicted-waived': '#b54708',
  'not-evidenced': '#98a2b3',
  manual: '#d0d5dd',
};

/**
 * The share of each framework's controls in each evidence state, one bar per framework under the overview table:
 * a block of its own rather than a table column, so the table keeps its width on a printed page.
 */
function coverageBars(report: ScanReport): string {
  const rows = report.coverage
    .map((fw) => `<div class="bar-row"><span class="meta">${h(fw.framework)}</span>${coverageBar(fw)}</div>`)
    .join('\n');
  return `<figure id="coverage-bars"><figcaption>Share of controls in each evidence state</figcaption>\n${rows}\n</figure>`;
}

/** One framework's controls as a stacked bar (inline SVG), each segment titled with its evidence state and count. */
function coverageBar(fw: FrameworkCoverage): string {
  const total = fw.controls.length || 1;
  let x = 0;
  const segments = EVIDENCE_ORDER.filter((k) => fw.counts[k] > 0)
    .map((k) => {
      const w = (fw.counts[k] / total) * 300;
      const rect = `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="14" fill="${BAR_COLOUR[k]}"><title>${h(`${EVIDENCE_LABEL[k]}: ${fw.counts[k]}`)}</title></rect>`;
      x += w;
      return rect;
    })
    .join('');
  const label = `${fw.framework}: ${EVIDENCE_ORDER.map((k) => `${EVIDENCE_LABEL[k]} ${fw.counts[k]}`).join(', ')}`;
  return `<svg class="bar" role="img" aria-label="${h(label)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 14" preserveAspectRatio="none">${segments}</svg>`;
}

/**
 * Coverage in evidence language: the caveat first, an overview row per framework, then every control with its
 * evidence, the scope of the checks, what the assessor still examines and which rules said what.
 */
function coverageSection(report: ScanReport): string {
  const [first] = report.coverage;
  const body = first
    ? `<p class="caveat">${h(first.caveat)}</p>\n${coverageOverview(report)}\n${report.coverage.map(frameworkMatrix).join('\n')}`
    : '<p>No framework mappings were selected.</p>';
  return `<section id="coverage"><h2>Coverage by framework</h2>\n${body}\n</section>`;
}

function coverageOverview(report: ScanReport): string {
  const head = EVIDENCE_ORDER.map((e) => `<th class="num">${h(EVIDENCE_LABEL[e])}</th>`).join('');
  const rows = report.coverage
    .map(
      (fw) =>
        `<tr><td>${h(fw.title)} <span class="meta">(${h(fw.framework)})</span></td><td class="num">${fw.controls.length}</td>${EVIDENCE_ORDER.map((e) => `<td class="num e-${e}">${fw.counts[e]}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table id="coverage-matrix"><thead><tr><th>Framework</th><th class="num">Controls</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>\n${coverageBars(report)}`;
}

function frameworkMatrix(fw: FrameworkCoverage): string {
  const said = (label: string, ids: string[]): string => (ids.length ? `${label} ${ids.join(', ')}` : '');
  const rows = fw.controls
    .map((ctl) => {
      const r = ctl.rules;
      const rules =
        [
          said('supporting', r.supporting),
          said('contradicting', r.contradicting),
          said('waived', r.waived),
          said('unsettled', r.unsettled),
          said('examined nothing', r.examinedNothing),
          said('not run', r.notRun),
        ]
          .filter(Boolean)
          .join('; ') || '—';
      return `<tr><td class="mono id">${h(ctl.id)}</td><td>${h(ctl.title)}</td><td>${badge(`e-${ctl.evidence}`, EVIDENCE_LABEL[ctl.evidence])}</td><td>${h(ctl.scope)}</td><td>${h(ctl.assessorExamines)}</td><td class="mono">${h(rules)}</td></tr>`;
    })
    .join('\n');
  return `<h3>${h(fw.title)} <span class="meta">(${h(fw.framework)}, version ${h(fw.version)})</span></h3>
<table><thead><tr><th>Control</th><th>Title</th><th>Evidence</th><th>Scope of the checks</th><th>Assessor still examines</th><th>Rules</th></tr></thead><tbody>
${rows}
</tbody></table>`;
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

/**
 * Evidence cards per rule; past this, the rule's remaining results are one line each (address, message) behind a
 * click. Fifty cards show the pattern; thousands more of the same made the report at 50k resources 80 MB. The JSON
 * output keeps every result's evidence.
 */
export const CARDS_PER_RULE = 50;

function* restOf(findings: Finding[]): Generator<string> {
  const rest = findings.length - CARDS_PER_RULE;
  if (rest <= 0) return;
  yield `\n<details class="rest"><summary>${rest} more result${rest === 1 ? '' : 's'} of this rule (evidence in the JSON output)</summary><table><thead><tr><th>Resource</th><th>Message</th></tr></thead><tbody>`;
  for (let i = CARDS_PER_RULE; i < findings.length; i++) {
    const f = findings[i];
    yield `<tr><td class="mono">${h(f.resource.address)}</td><td>${h(f.message)}</td></tr>`;
  }
  yield '</tbody></table></details>';
}

/** Non-passing results grouped by rule, most urgent first; each rule's remediation sits under its heading. */
function* ruleGroups(report: ScanReport, status: Finding['status']): Generator<string> {
  const rules = rulesById(report);
  const list = sortedFindings(report.findings.filter((f) => f.status === status));
  if (!list.length) return;
  const byRule = new Map<string, Finding[]>();
  for (const f of list) {
    const group = byRule.get(f.ruleId);
    if (group) group.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  yield `<h3 class="s-${status}" id="findings-${status}">${STATUS_LABEL[status]} (${list.length})</h3>`;
  for (const [ruleId, findings] of byRule) {
    const rule = rules.get(ruleId);
    const remediation =
      rule && status !== 'pass' ? `<p class="remediation"><b>Remediation:</b> ${h(rule.remediation)}</p>` : '';
    yield `\n<div class="rule" id="rule-${h(status)}-${h(ruleId)}"><h4>${h(ruleId)} ${h(rule?.title ?? '')} <span class="meta">(${findings.length})</span></h4>
${remediation}
${findings
  .slice(0, CARDS_PER_RULE)
  .map((f) => findingBlock(f, rule?.title ?? ''))
  .join('\n')}`;
    yield* restOf(findings);
    yield '</div>';
  }
}

/**
 * Passes, one row per rule with the count; the resources are a click away in a <details> (closed, so also collapsed
 * in print). A pass needs no evidence card: at 50k resources the cards were most of an 80 MB report.
 */
function* passesSection(report: ScanReport): Generator<string> {
  const rules = rulesById(report);
  const byRule = new Map<string, string[]>();
  for (const f of report.findings) {
    if (f.status !== 'pass') continue;
    const addresses = byRule.get(f.ruleId);
    if (addresses) addresses.push(f.resource.address);
    else byRule.set(f.ruleId, [f.resource.address]);
  }
  yield '<section id="passes"><h2>Passing results, per rule</h2>\n';
  if (byRule.size === 0) yield '<p>No passing results.</p>';
  else {
    yield '<table class="passes"><thead><tr><th>Rule</th><th>Title</th><th class="num">Passed</th><th>Resources</th></tr></thead><tbody>\n';
    const sorted = [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (let r = 0; r < sorted.length; r++) {
      const [ruleId, addresses] = sorted[r];
      addresses.sort();
      yield `${r > 0 ? '\n' : ''}<tr><td class="mono id">${h(ruleId)}</td><td>${h(rules.get(ruleId)?.title ?? '')}</td><td class="num">${addresses.length}</td><td><details><summary>${addresses.length} resource${addresses.length === 1 ? '' : 's'}</summary><ul class="addresses mono">`;
      for (const a of addresses) yield `<li>${h(a)}</li>`;
      yield '</ul></details></td></tr>';
    }
    yield '\n</tbody></table>';
  }
  yield '\n</section>';
}

function* findingsSection(report: ScanReport): Generator<string> {
  const compared = baselineLines(report)
    .map((l) => `<p class="meta">${h(l)}</p>`)
    .join('\n');
  yield `<section id="findings"><h2>Findings with evidence</h2>\n${compared}`;
  let any = false;
  for (const status of ['fail', 'not-assessed', 'waived'] as const) {
    for (const piece of ruleGroups(report, status)) {
      // Groups are separated by a line, as they were when joined.
      yield any && piece.startsWith('<h3') ? `\n${piece}` : piece;
      any = true;
    }
  }
  if (!any) yield '<p>No failing, not-assessed or waived results.</p>';
  yield '\n</section>';
}

/** The settings that shaped the verdicts, with the hash the manifest records. */
function configurationSection(report: ScanReport): string {
  const c = report.configuration;
  const overrides = Object.entries(c.settings.severityOverrides);
  const elsewhere = Object.entries(c.settings.providedElsewhere);
  const row = (k: string, v: string): string => `<tr><th scope="row">${h(k)}</th><td class="mono">${h(v)}</td></tr>`;
  return `<section id="configuration"><h2>Configuration</h2>
<p>These settings shaped the verdicts. SHA-256 of the effective configuration: <span class="mono">${h(c.sha256)}</span> (also in manifest.json).</p>
<table class="kv"><tbody>
${row('Config file', c.files.config ?? 'none (defaults)')}
${row('Waivers file', c.files.waivers ?? 'none')}
${row('Baseline', c.files.baseline ?? 'none (every finding counts for the gate)')}
${row('Custom rules directory', c.files.rulesDir ?? 'none')}
${row('Profile', c.profile)}
${row('Gate', `fail on ${c.failOn}${c.failOnNotAssessed ? ', fail on not assessed' : ''}`)}
${row('Waivers judged as of', `${c.asOf}${c.ignoreWaivers ? ' (ignored: --ignore-waivers)' : ''}`)}
${row('Severity overrides', overrides.map(([r, s]) => `${r} → ${s}`).join(', ') || 'none')}
${row('Provided elsewhere', elsewhere.map(([r, s]) => `${r}: ${s}`).join('; ') || 'none')}
${row('Allowed regions', c.settings.allowedRegions.join(', ') || 'any')}
${row('Trusted accounts', c.settings.trustedAccounts.join(', ') || 'none')}
${row('Boundary VPCs', c.settings.boundaryVpcs.join(', ') || 'every VPC')}
${row('Selection', [c.selection.only && `only ${c.selection.only.join(', ')}`, c.selection.skip && `skip ${c.selection.skip.join(', ')}`, c.selection.resource && `resource ${c.selection.resource}`].filter(Boolean).join('; ') || 'the profile')}
${row('Frameworks', c.frameworks.join(', ') || 'none')}
${row('Rules that ran', c.rules.join(', '))}
${row('Waivers', String(c.waivers.length))}
</tbody></table>
</section>`;
}

const TOC: Array<[string, string]> = [
  ['verdict-section', 'Air-gap verdict'],
  ['summary', 'Executive summary'],
  ['coverage', 'Coverage by framework'],
  ['findings', 'Findings with evidence'],
  ['passes', 'Passing results'],
  ['waivers', 'Waivers'],
  ['configuration', 'Configuration'],
  ['inputs', 'Inputs and tool'],
];

function tableOfContents(report: ScanReport): string {
  const sub = (['fail', 'not-assessed', 'waived'] as const)
    .filter((s) => report.findings.some((f) => f.status === s))
    .map((s) => `<li><a href="#findings-${s}">${STATUS_LABEL[s]}</a></li>`)
    .join('');
  return `<nav id="toc"><h2>Contents</h2><ol>${TOC.map(
    ([id, title]) => `<li><a href="#${id}">${h(title)}</a>${id === 'findings' && sub ? `<ol>${sub}</ol>` : ''}</li>`,
  ).join('')}</ol></nav>`;
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
  return [...htmlPieces(report)].join('');
}

/** The report in pieces: the findings and the passes, the parts that grow with the estate, one rule at a time. */
export function* htmlPieces(report: ScanReport): Generator<string> {
  const title = `Air-gap evidence report — ${report.profile}`;
  yield `<!DOCTYPE html>
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
${tableOfContents(report)}
<main>
${verdictSection(report)}
${summarySection(report)}
${coverageSection(report)}
`;
  yield* findingsSection(report);
  yield '\n';
  yield* passesSection(report);
  yield `
${waiversSection(report)}
${configurationSection(report)}
${inputsSection(report)}
</main>
</body>
</html>
`;
}
