/**
 * NIST OSCAL 1.1.3: assessment results, the assessment plan they import, and a POA&M for failures and
 * waivers. UUIDs are name-based (v5) on the report's content and timestamps come from `generatedAt`, so
 * the same report always yields the same bytes.
 *
 * Control findings: OSCAL knows only `satisfied` / `not-satisfied`. A control the rules could not assess
 * is `not-satisfied` with reason `other` and a `control-status` prop of `not-assessed`; `manual` controls
 * (no rule can assess them) appear in reviewed-controls but get no finding, as the tool made none.
 */
import { verdictLines } from './reportView.js';
import type { Finding } from '../engine/types.js';
import type { ControlStatus, ScanReport } from './scanReport.js';
import { buildAssessmentPlan } from './oscalPlan.js';
import { buildPoam } from './oscalPoam.js';
import { findingIds, needsAction, observationOf, riskOf } from './oscalFindings.js';
import {
  controlToken,
  documentUuid,
  metadata,
  originOf,
  prop,
  reviewedControls,
  sharedIds,
  UuidFactory,
  type JsonObject,
} from './oscalCommon.js';
import { rulesById } from './reportView.js';

export interface OscalDocuments {
  assessmentResults: string;
  assessmentPlan: string;
  poam: string;
}

const TARGET_STATE: Record<Exclude<ControlStatus, 'manual'>, { state: string; reason: string }> = {
  satisfied: { state: 'satisfied', reason: 'pass' },
  'not-satisfied': { state: 'not-satisfied', reason: 'fail' },
  'not-assessed': { state: 'not-satisfied', reason: 'other' },
};

/**
 * Indented for reading up to this many findings; compact beyond, where indentation alone would add about a
 * third to a document that already runs to hundreds of megabytes and nears V8's ~512 MB string limit.
 */
const PRETTY_MAX_FINDINGS = 20_000;

function serialise(doc: JsonObject, findings: number): string {
  return `${findings <= PRETTY_MAX_FINDINGS ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)}\n`;
}

/** `assessmentPlanHref`: where the plan is written relative to the results (the evidence package's file name). */
export function renderOscal(report: ScanReport, assessmentPlanHref: string): OscalDocuments {
  const ids = sharedIds(report);
  const rules = rulesById(report);
  const arUuid = documentUuid(report, 'assessment-results');
  const factory = new UuidFactory(arUuid);
  // Finding-level uuids live in the plan's namespace so the POA&M names the same observations and risks.
  const perFinding = findingIds(report.findings, documentUuid(report, 'assessment-plan'));

  const observations = report.findings.map((f) =>
    observationOf(f, perFinding.get(f)?.observation ?? factory.for('observation'), report, ids),
  );
  const actionable = report.findings.filter(needsAction);
  const risks = actionable.map((f) =>
    riskOf(f, perFinding.get(f) ?? { observation: '', risk: factory.for('risk') }, rules.get(f.ruleId), ids, factory),
  );

  const byControl = new Map<string, Finding[]>();
  for (const f of report.findings) {
    for (const c of f.controls) {
      const key = controlToken(c.framework, c.id);
      const list = byControl.get(key) ?? [];
      list.push(f);
      byControl.set(key, list);
    }
  }
  const findings: JsonObject[] = report.coverage.flatMap((fw) =>
    fw.controls
      .filter((c) => c.status !== 'manual')
      .map((c) => {
        const token = controlToken(fw.framework, c.id);
        const related = byControl.get(token) ?? [];
        const relatedRisks = related.filter(needsAction);
        const target = TARGET_STATE[c.status as Exclude<ControlStatus, 'manual'>];
        const finding: JsonObject = {
          uuid: factory.for(`finding:${token}`),
          title: `${fw.title} ${c.id}: ${c.title}`,
          description: c.rationale || c.title,
          props: [
            prop('framework', fw.framework),
            prop('control-id', c.id),
            prop('rule-ids', c.ruleIds.join(' ') || 'none'),
          ],
          origins: [originOf(ids)],
          target: {
            type: 'objective-id',
            'target-id': token,
            props: [prop('control-status', c.status)],
            status: { state: target.state, reason: target.reason },
          },
        };
        if (related.length)
          finding['related-observations'] = related.map((f) => ({
            'observation-uuid': perFinding.get(f)?.observation ?? '',
          }));
        if (relatedRisks.length)
          finding['related-risks'] = relatedRisks.map((f) => ({ 'risk-uuid': perFinding.get(f)?.risk ?? '' }));
        return finding;
      }),
  );

  const s = report.summary;
  const result: JsonObject = {
    uuid: factory.for('result'),
    title: `Air-gap scan, ${report.profile} profile`,
    description: `${s.total} results from ${report.rules.length} rules: ${s.byStatus.fail} failing, ${s.byStatus['not-assessed']} not assessed, ${s.byStatus.waived} waived, ${s.byStatus.pass} passing.`,
    start: report.generatedAt,
    end: report.generatedAt,
    props: [
      prop('fail', String(s.byStatus.fail)),
      prop('not-assessed', String(s.byStatus['not-assessed'])),
      prop('waived', String(s.byStatus.waived)),
      prop('pass', String(s.byStatus.pass)),
      // The air-gap verdict and the gate, as every other output states them (engine/airGap.ts, engine/gate.ts).
      prop('air-gappable', report.airGap.airGappable),
      ...report.airGap.conditions.map((c) => prop(`condition-${c.id.toLowerCase()}`, c.state)),
      ...report.airGap.layers.map((l) => prop(`layer-${l.id.slice(1)}`, l.state)),
      prop('gate', report.gate.verdict),
    ],
    remarks: verdictLines(report).join('\n'),
    'reviewed-controls': reviewedControls(report),
    ...(observations.length ? { observations } : {}),
    ...(risks.length ? { risks } : {}),
    ...(findings.length ? { findings } : {}),
  };
  const assessmentResults: JsonObject = {
    'assessment-results': {
      uuid: arUuid,
      metadata: metadata(report, `Air-gap assessment results (${report.profile} profile)`),
      'import-ap': { href: assessmentPlanHref },
      results: [result],
    },
  };

  return {
    assessmentResults: serialise(assessmentResults, report.findings.length),
    assessmentPlan: serialise(buildAssessmentPlan(report, ids), report.findings.length),
    poam: serialise(buildPoam(report, ids, perFinding), report.findings.length),
  };
}
