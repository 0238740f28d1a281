import type { ScanReport } from './scanReport.js';
import { EVIDENCE_ORDER } from './coverageLabels.js';
import { verdictLines } from './reportView.js';
import { buildAssessmentPlan } from './oscalPlan.js';
import { buildPoam } from './oscalPoam.js';
import type { Finding } from '../engine/types.js';
import { findingIds, inventoryItems, needsAction, observationOf, riskOf, type FindingIds } from './oscalFindings.js';
import { catalogResources } from './oscalCatalog.js';
import { controlFindings } from './oscalControls.js';
import {
  documentUuid,
  metadata,
  prop,
  reviewedControls,
  sharedIds,
  UuidFactory,
  type JsonObject,
  type SharedIds,
} from './oscalCommon.js';
import { rulesById } from './reportView.js';
import { chunked, jsonPieces, lazyMap, repeatable } from './jsonStream.js';

/** The three documents, as strings (renderOscal) or in pieces (oscalPieces). */
export interface OscalDocuments<T = string> {
  assessmentResults: T;
  assessmentPlan: T;
  poam: T;
}

/**
 * Indented for reading up to this many findings; compact beyond, where indentation alone would add about a
 * third to a document that already runs to hundreds of megabytes.
 */
const PRETTY_MAX_FINDINGS = 20_000;

/**
 * Lazy: the document is built when its first piece is asked for, so the three never exist at once; built afresh on
 * each iteration, since its uuid factory counts what it has made.
 */
function serialise(build: () => JsonObject, findings: number): Iterable<string> {
  return repeatable(() => chunked(jsonPieces(build(), { compact: findings > PRETTY_MAX_FINDINGS })));
}

/** Each document as one string: for tests and small reports (the CLI writes oscalPieces). */
export function renderOscal(report: ScanReport, assessmentPlanHref: string): OscalDocuments {
  const docs = oscalPieces(report, assessmentPlanHref);
  const text = (pieces: Iterable<string>): string => [...pieces].join('');
  return {
    assessmentResults: text(docs.assessmentResults),
    assessmentPlan: text(docs.assessmentPlan),
    poam: text(docs.poam),
  };
}

/**
 * Each document in pieces (jsonStream.ts): at 200k resources one document alone runs past V8's string limit.
 * `assessmentPlanHref`: where the plan is written relative to the results (the evidence package's file name).
 */
export function oscalPieces(report: ScanReport, assessmentPlanHref: string): OscalDocuments<Iterable<string>> {
  const ids = sharedIds(report);
  // Finding-level uuids live in the plan's namespace so the POA&M names the same observations and risks.
  const perFinding = findingIds(report.findings, documentUuid(report, 'assessment-plan'));
  const n = report.findings.length;
  return {
    assessmentResults: serialise(() => buildResults(report, assessmentPlanHref, ids, perFinding), n),
    assessmentPlan: serialise(() => buildAssessmentPlan(report, ids), n),
    poam: serialise(() => buildPoam(report, ids, perFinding), n),
  };
}

function buildResults(
  report: ScanReport,
  assessmentPlanHref: string,
  ids: SharedIds,
  perFinding: Map<Finding, FindingIds>,
): JsonObject {
  const rules = rulesById(report);
  const arUuid = documentUuid(report, 'assessment-results');
  const factory = new UuidFactory(arUuid);

  // Observations and risks are made one at a time while the document is written (jsonStream.ts).
  const observations = lazyMap(report.findings, (f) =>
    observationOf(f, perFinding.get(f)?.observation ?? factory.for('observation'), report, ids),
  );
  const actionable = report.findings.filter(needsAction);
  const risks = lazyMap(actionable, (f) =>
    riskOf(f, perFinding.get(f) ?? { observation: '', risk: factory.for('risk') }, rules.get(f.ruleId), ids, factory),
  );

  const { findings } = controlFindings(report, ids, perFinding, report.findings, (token) =>
    factory.for(`finding:${token}`),
  );
  const evidenceCounts = EVIDENCE_ORDER.map((e) =>
    prop(`controls-${e}`, String(report.coverage.reduce((n, fw) => n + fw.counts[e], 0))),
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
      ...evidenceCounts,
      // The air-gap verdict and the gate, as every other output states them (engine/airGap.ts, engine/gate.ts).
      prop('air-gappable', report.airGap.airGappable),
      ...report.airGap.conditions.map((c) => prop(`condition-${c.id.toLowerCase()}`, c.state)),
      ...report.airGap.layers.map((l) => prop(`layer-${l.id.slice(1)}`, l.state)),
      prop('gate', report.gate.verdict),
    ],
    remarks: [...verdictLines(report), ...(report.coverage[0] ? [report.coverage[0].caveat] : [])].join('\n'),
    ...(report.findings.length
      ? { 'local-definitions': { 'inventory-items': inventoryItems(report, report.findings) } }
      : {}),
    'reviewed-controls': reviewedControls(report),
    ...(observations.length ? { observations } : {}),
    ...(risks.length ? { risks } : {}),
    ...(findings.length ? { findings } : {}),
  };
  return {
    'assessment-results': {
      uuid: arUuid,
      metadata: metadata(report, `Air-gap assessment results (${report.profile} profile)`),
      'import-ap': { href: assessmentPlanHref },
      results: [result],
      ...(report.coverage.length ? { 'back-matter': { resources: catalogResources(report) } } : {}),
    },
  };
}
