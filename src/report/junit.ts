/**
 * JUnit XML for CI test dashboards: one <testsuite> per rule that ran, one <testcase> per resource it
 * examined. When a rule has several results on one resource (a route, a statement), the testcase takes the
 * worst of them — fail, then not-assessed/waived (skipped), then pass — and its body lists every result.
 * No `time` attributes: the output must be byte-identical for the same report.
 */
import type { Finding, RuleMeta } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import { baselineMark, evidenceLine, groupLine, STATE_TEXT, STATUS_RANK, waiverText } from './reportView.js';
import { xmlAttr, xmlText } from './escape.js';

interface TestCase {
  address: string;
  results: Finding[];
}

function describe(f: Finding): string {
  const head =
    f.status === 'waived' && f.waiver
      ? `[waived] ${f.message} — waiver: ${waiverText(f.waiver)}`
      : f.status === 'not-assessed'
        ? `[not-assessed${f.reason ? `: ${f.reason}` : ''}] ${f.message}`
        : `[${f.status}] ${f.message}`;
  const lines = [`${head}${baselineMark(f)}`, ...f.evidence.map((e) => `  ${evidenceLine(e)}`)];
  if (f.controls.length) lines.push(`  controls: ${f.controls.map((c) => `${c.framework}:${c.id}`).join(', ')}`);
  return lines.join('\n');
}

function worst(results: Finding[]): Finding {
  return results.reduce((a, b) => (STATUS_RANK[b.status] < STATUS_RANK[a.status] ? b : a));
}

function testcaseXml(rule: RuleMeta, tc: TestCase): string {
  const head = `    <testcase classname="${xmlAttr(rule.id)}" name="${xmlAttr(tc.address)}"`;
  const top = worst(tc.results);
  const body = tc.results.map(describe).join('\n');
  if (top.status === 'pass') return `${head}>\n      <system-out>${xmlText(body)}</system-out>\n    </testcase>`;
  if (top.status === 'fail') {
    return `${head}>\n      <failure message="${xmlAttr(top.message)}" type="${xmlAttr(top.severity)}">${xmlText(body)}</failure>\n    </testcase>`;
  }
  const message =
    top.status === 'waived' && top.waiver
      ? `waived: ${waiverText(top.waiver)}`
      : `not assessed (${top.reason ?? 'no reason given'}): ${top.message}`;
  return `${head}>\n      <skipped message="${xmlAttr(message)}"/>\n      <system-out>${xmlText(body)}</system-out>\n    </testcase>`;
}

/**
 * The verdict as the first suite: its properties carry the air-gap answer, each condition and layer, and the gate;
 * one testcase per condition (failure when not satisfied, skipped when the input cannot tell).
 */
function verdictSuite(report: ScanReport): { xml: string; tests: number; failures: number; skipped: number } {
  const v = report.airGap;
  const g = report.gate;
  const property = (name: string, value: string): string =>
    `      <property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`;
  const props = [
    property('air-gappable', v.airGappable),
    property('air-gap-headline', v.headline),
    ...v.conditions.map((c) => property(c.id, STATE_TEXT[c.state])),
    ...v.layers.map((l) => property(`layer-${l.id.slice(1)}`, STATE_TEXT[l.state])),
    property('gate', g.verdict),
    property('gate-label', g.label),
    property('gate-headline', g.headline),
    property('fail-on', g.failOn),
    property('fail-on-not-assessed', String(g.failOnNotAssessed)),
    ...(report.merge ? [property('merge-note', report.merge.note)] : []),
  ];
  const cases = v.conditions.map((c) => {
    const head = `    <testcase classname="air-gap" name="${xmlAttr(`${c.id} ${c.title}`)}"`;
    if (c.state === 'satisfied')
      return `${head}>\n      <system-out>${xmlText(groupLine(c))}</system-out>\n    </testcase>`;
    if (c.state === 'not-satisfied')
      return `${head}>\n      <failure message="${xmlAttr(groupLine(c))}" type="air-gap">${xmlText(groupLine(c))}</failure>\n    </testcase>`;
    return `${head}>\n      <skipped message="${xmlAttr(groupLine(c))}"/>\n    </testcase>`;
  });
  const failures = v.conditions.filter((c) => c.state === 'not-satisfied').length;
  const skipped = v.conditions.filter((c) => c.state === 'not-assessed').length;
  const open = `  <testsuite name="Air-gap verdict" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${xmlAttr(report.generatedAt.replace(/Z$/, ''))}">`;
  const xml = [open, '    <properties>', ...props, '    </properties>', ...cases, '  </testsuite>'].join('\n');
  return { xml, tests: cases.length, failures, skipped };
}

export function renderJunit(report: ScanReport): string {
  return [...junitPieces(report)].join('');
}

/** The XML in pieces: one test case per resource and rule, so a large estate is never one string. */
export function* junitPieces(report: ScanReport): Generator<string> {
  const byRule = new Map<string, Map<string, TestCase>>();
  for (const f of report.findings) {
    let cases = byRule.get(f.ruleId);
    if (!cases) byRule.set(f.ruleId, (cases = new Map()));
    let tc = cases.get(f.resource.address);
    if (!tc) cases.set(f.resource.address, (tc = { address: f.resource.address, results: [] }));
    tc.results.push(f);
  }
  const rules = [...report.rules];
  for (const id of byRule.keys()) {
    if (!rules.some((r) => r.id === id)) {
      const sample = byRule.get(id)?.values().next().value?.results[0];
      rules.push({
        id,
        title: id,
        severity: sample?.severity ?? 'low',
        profiles: [],
        rationale: '',
        remediation: '',
        references: [],
        reads: [],
      });
    }
  }
  const verdict = verdictSuite(report);
  let tests = verdict.tests;
  let failures = verdict.failures;
  let skipped = verdict.skipped;
  // Counts first (the root element carries the totals), then each suite written one test case at a time.
  const suites = rules.map((rule) => {
    const cases = [...(byRule.get(rule.id)?.values() ?? [])];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const tc of cases) {
      const status = worst(tc.results).status;
      if (status === 'fail') suiteFailures++;
      else if (status === 'not-assessed' || status === 'waived') suiteSkipped++;
    }
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    return { rule, cases, suiteFailures, suiteSkipped };
  });
  const root = `<testsuites name="${xmlAttr(`${report.tool.name} ${report.tool.version} (${report.profile})`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${verdict.xml}\n`;
  for (const { rule, cases, suiteFailures, suiteSkipped } of suites) {
    const open = `  <testsuite name="${xmlAttr(`${rule.id} ${rule.title}`)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" timestamp="${xmlAttr(report.generatedAt.replace(/Z$/, ''))}">`;
    const props = `    <properties>\n      <property name="severity" value="${xmlAttr(rule.severity)}"/>${rule.condition ? `\n      <property name="condition" value="${xmlAttr(rule.condition)}"/>` : ''}${rule.layer ? `\n      <property name="layer" value="${rule.layer}"/>` : ''}\n    </properties>`;
    yield `${open}\n${props}\n`;
    for (const tc of cases) yield `${testcaseXml(rule, tc)}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
