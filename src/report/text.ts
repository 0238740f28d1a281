/**
 * `--format text`: grouped by air-gap condition and blueprint layer, severity coloured (chalk honours
 * NO_COLOR and a non-TTY), failures first, a summary line last. Passes are counted, not listed.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import type { GroupState } from '../engine/airGap.js';
import { terminalText as t } from './escape.js';
import { groupLine, STATE_TEXT } from './reportView.js';
import type { ScanReport } from './scanReport.js';
import { EVIDENCE_LABEL, EVIDENCE_ORDER } from './coverageLabels.js';
import { baselineLines, baselineMark } from './reportView.js';

const GROUPS: Array<[string, (m: RuleMeta) => boolean]> = [
  ['AG-1 No public internet egress', (m) => m.condition === 'AG-1'],
  ['AG-2 No vendor phone-home', (m) => m.condition === 'AG-2'],
  ['AG-3 No external dependency at runtime', (m) => m.condition === 'AG-3'],
  ["AG-4 Updates on the customer's schedule", (m) => m.condition === 'AG-4'],
  ['Layer 1 Network', (m) => !m.condition && m.layer === 1],
  ['Layer 2 Cryptography', (m) => !m.condition && m.layer === 2],
  ['Layer 3 Identity', (m) => !m.condition && m.layer === 3],
  ['Layer 4 Audit', (m) => !m.condition && m.layer === 4],
  ['Layer 5 Enclaves', (m) => !m.condition && m.layer === 5],
  ['Data residency', (m) => !m.condition && m.layer === undefined],
];

function colourFor(c: ChalkInstance, s: Severity): ChalkInstance {
  return s === 'critical' ? c.bgRed.white.bold : s === 'high' ? c.red.bold : s === 'medium' ? c.yellow : c.cyan;
}

function line(c: ChalkInstance, f: Finding): string[] {
  const tag =
    f.status === 'fail'
      ? colourFor(c, f.severity)(`FAIL ${f.severity.toUpperCase()}`)
      : f.status === 'waived'
        ? c.magenta('WAIVED')
        : c.gray(`NOT ASSESSED (${f.reason ?? '?'})`);
  const out = [`  ${tag}${baselineMark(f)} ${c.bold(f.ruleId)} ${t(f.resource.address)}`, `      ${t(f.message)}`];
  for (const e of f.evidence.slice(0, 3)) {
    const observed = typeof e.observed === 'string' ? e.observed : JSON.stringify(e.observed);
    out.push(
      c.gray(
        `      ${t(e.path)}: ${truncate(t(observed ?? 'null'), 160)} (expected ${t(e.expected)}) [${t(e.source)}]`,
      ),
    );
  }
  if (f.waiver)
    out.push(c.magenta(`      waived until ${t(f.waiver.expires)} by ${t(f.waiver.owner)}: ${t(f.waiver.reason)}`));
  return out;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function stateColour(c: ChalkInstance, state: GroupState): ChalkInstance {
  return state === 'satisfied' ? c.green : state === 'not-satisfied' ? c.red.bold : c.yellow;
}

function gateColour(c: ChalkInstance, report: ScanReport): ChalkInstance {
  return report.gate.verdict === 'fail' ? c.red.bold : report.gate.failing > 0 ? c.yellow.bold : c.green.bold;
}

/** The headline: the air-gap answer, each condition with the rules behind it, the layer scorecard, the gate. */
function verdictBlock(c: ChalkInstance, report: ScanReport): string[] {
  const v = report.airGap;
  const head = v.airGappable === 'yes' ? c.green.bold : v.airGappable === 'no' ? c.red.bold : c.yellow.bold;
  return [
    head(v.headline.toUpperCase().slice(0, 'air-gappable:'.length) + v.headline.slice('air-gappable:'.length)),
    ...v.conditions.map((g) => `  ${stateColour(c, g.state)(groupLine(g))}`),
    `  Layers: ${v.layers.map((l) => stateColour(c, l.state)(`${l.id} ${l.title} ${STATE_TEXT[l.state]}`)).join(' · ')}`,
    gateColour(c, report)(report.gate.headline),
    ...(report.merge ? [c.yellow(report.merge.note)] : []),
  ];
}

function summaryLine(c: ChalkInstance, report: ScanReport): string {
  const s = report.summary;
  const fails = s.byStatus.fail;
  const sev = SEVERITIES.map((k) => `${s.failBySeverity[k]} ${k}`).join(', ');
  return `${fails ? c.red.bold(`${fails} failed`) : c.green.bold('0 failed')} (${sev}), ${s.byStatus.pass} passed, ${s.byStatus['not-assessed']} not assessed, ${s.byStatus.waived} waived — ${s.total} results from ${report.rules.length} rules`;
}

/** What the console shows while `--output-dir` writes the files: the verdict, the counts, the gate. */
export function renderTextSummary(report: ScanReport, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return `${[...verdictBlock(c, report), summaryLine(c, report)].join('\n')}\n`;
}

export function renderText(report: ScanReport, options: { color: boolean }): string {
  return `${textLines(report, options).join('\n')}\n`;
}

/** The report a line at a time, in chunks: one line per non-passing result is more than one string holds at scale. */
export function* textPieces(report: ScanReport, options: { color: boolean }): Generator<string> {
  let chunk: string[] = [];
  for (const l of textLines(report, options)) {
    chunk.push(l);
    if (chunk.length >= 1024) {
      yield `${chunk.join('\n')}\n`;
      chunk = [];
    }
  }
  if (chunk.length) yield `${chunk.join('\n')}\n`;
}

function textLines(report: ScanReport, options: { color: boolean }): string[] {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`airgap-audit ${report.tool.version} — profile ${report.profile}`));
  for (const i of report.inputs)
    out.push(c.gray(`input: ${t(i.path)} (${i.kind}${i.sha256 ? `, sha256 ${i.sha256.slice(0, 16)}…` : ''})`));
  if (report.shard)
    out.push(
      c.gray(`shard ${report.shard.index}/${report.shard.count}: one part of a sharded scan; merge the shards' JSON`),
    );
  out.push('', ...verdictBlock(c, report));
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  for (const [title, test] of GROUPS) {
    const rules = report.rules.filter(test);
    if (rules.length === 0) continue;
    const body: string[] = [];
    for (const r of rules) {
      const fs = byRule.get(r.id) ?? [];
      const shown = fs
        .filter((f) => f.status !== 'pass')
        .sort((a, b) => (a.status === 'fail' ? 0 : 1) - (b.status === 'fail' ? 0 : 1));
      const passed = fs.length - shown.length;
      body.push(
        `  ${c.bold(r.id)} ${r.title} ${c.gray(`(${passed} passed, ${shown.length} other${fs.length === 0 ? ', nothing to examine' : ''})`)}`,
      );
      for (const f of shown) body.push(...line(c, f));
    }
    out.push('', c.underline(title), ...body);
  }
  out.push(...coverageText(c, report));
  for (const w of report.waivers.filter((w) => w.state !== 'applied')) {
    out.push(
      c.yellow(
        `waiver ${w.state}: ${t(w.waiver.ruleId)} ${t(w.waiver.resource)} (expires ${t(w.waiver.expires)}, owner ${t(w.waiver.owner)})`,
      ),
    );
  }
  const compared = baselineLines(report);
  if (compared.length) out.push('', ...compared.map(t));
  out.push('', summaryLine(c, report), gateColour(c, report)(report.gate.headline));
  return out;
}

/**
 * Coverage in evidence language: counts per framework, then every control the rules said something about (support,
 * contradiction, waived contradiction) on one line with its scope, and the caveat once. What the assessor still
 * examines is in the HTML, Markdown, JSON and OSCAL outputs; the terminal keeps to one line per control.
 */
function coverageText(c: ChalkInstance, report: ScanReport): string[] {
  if (!report.coverage.length) return [];
  const out = ['', c.underline('Framework coverage (evidence for an assessor, not a verdict)')];
  for (const f of report.coverage) {
    out.push(`  ${c.bold(f.framework)} ${EVIDENCE_ORDER.map((e) => `${EVIDENCE_LABEL[e]} ${f.counts[e]}`).join(', ')}`);
    for (const ctl of f.controls) {
      if (ctl.evidence === 'manual' || ctl.evidence === 'not-evidenced') continue;
      out.push(`    ${ctl.id} ${EVIDENCE_LABEL[ctl.evidence]} ${c.gray(`(scope: ${ctl.scope})`)}`);
    }
  }
  const [first] = report.coverage;
  if (first) out.push(c.gray(`  ${first.caveat}`));
  return out;
}
