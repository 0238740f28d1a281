/**
 * `--format text`: grouped by air-gap condition and blueprint layer, severity coloured (chalk honours
 * NO_COLOR and a non-TTY), failures first, a summary line last. Passes are counted, not listed.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
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
  const out = [`  ${tag}${baselineMark(f)} ${c.bold(f.ruleId)} ${f.resource.address}`, `      ${f.message}`];
  for (const e of f.evidence.slice(0, 3)) {
    const observed = typeof e.observed === 'string' ? e.observed : JSON.stringify(e.observed);
    out.push(c.gray(`      ${e.path}: ${truncate(observed ?? 'null', 160)} (expected ${e.expected}) [${e.source}]`));
  }
  if (f.waiver) out.push(c.magenta(`      waived until ${f.waiver.expires} by ${f.waiver.owner}: ${f.waiver.reason}`));
  return out;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function renderText(report: ScanReport, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`airgap-audit ${report.tool.version} — profile ${report.profile}`));
  for (const i of report.inputs)
    out.push(c.gray(`input: ${i.path} (${i.kind}${i.sha256 ? `, sha256 ${i.sha256.slice(0, 16)}…` : ''})`));
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
  const s = report.summary;
  if (report.coverage.length) {
    out.push('', c.underline('Framework coverage'));
    for (const f of report.coverage) {
      out.push(
        `  ${f.framework.padEnd(16)} satisfied ${f.counts.satisfied}, not satisfied ${f.counts['not-satisfied']}, not assessed ${f.counts['not-assessed']}, manual ${f.counts.manual}`,
      );
    }
  }
  for (const w of report.waivers.filter((w) => w.state !== 'applied')) {
    out.push(
      c.yellow(
        `waiver ${w.state}: ${w.waiver.ruleId} ${w.waiver.resource} (expires ${w.waiver.expires}, owner ${w.waiver.owner})`,
      ),
    );
  }
  const compared = baselineLines(report);
  if (compared.length) out.push('', ...compared);
  const fails = s.byStatus.fail;
  const sev = (['critical', 'high', 'medium', 'low'] as const).map((k) => `${s.failBySeverity[k]} ${k}`).join(', ');
  out.push(
    '',
    `${fails ? c.red.bold(`${fails} failed`) : c.green.bold('0 failed')} (${sev}), ${s.byStatus.pass} passed, ${s.byStatus['not-assessed']} not assessed, ${s.byStatus.waived} waived — ${s.total} results from ${report.rules.length} rules`,
  );
  return `${out.join('\n')}\n`;
}
