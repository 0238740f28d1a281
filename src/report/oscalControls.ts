/**
 * Per-control OSCAL findings, shared by the assessment results and the POA&M. A finding never targets a whole
 * control: it targets the control's automated-part objective in the framework's generated catalog (oscalCatalog.ts).
 */
import type { Finding } from '../engine/types.js';
import { EVIDENCE_LABEL } from './coverageLabels.js';
import type { FindingIds } from './oscalFindings.js';
import {
  automatedObjectiveId,
  controlToken,
  oscalString,
  originOf,
  prop,
  type JsonObject,
  type SharedIds,
} from './oscalCommon.js';
import type { ControlEvidence, ScanReport } from './scanReport.js';
import { lazyMap } from './jsonStream.js';

const TARGET_STATE: Partial<Record<ControlEvidence, { state: string; reason: string }>> = {
  supports: { state: 'satisfied', reason: 'pass' },
  contradicts: { state: 'not-satisfied', reason: 'fail' },
  'contradicted-waived': { state: 'not-satisfied', reason: 'other' },
};

export interface ControlFindings {
  findings: JsonObject[];
  /** Control token -> uuid of its finding, for documents that point at the findings. */
  uuidByControl: Map<string, string>;
}

/**
 * One finding per control whose evidence is in `evidence` (by default everything the rules said something about),
 * relating the observations and risks of `scanFindings` that bear on it.
 */
export function controlFindings(
  report: ScanReport,
  ids: SharedIds,
  perFinding: ReadonlyMap<Finding, FindingIds>,
  scanFindings: readonly Finding[],
  uuidFor: (token: string) => string,
  evidence: ReadonlySet<ControlEvidence> = new Set(['supports', 'contradicts', 'contradicted-waived']),
): ControlFindings {
  const byControl = new Map<string, Finding[]>();
  for (const f of scanFindings) {
    for (const c of f.controls) {
      const key = controlToken(c.framework, c.id);
      const list = byControl.get(key) ?? [];
      list.push(f);
      byControl.set(key, list);
    }
  }
  const uuidByControl = new Map<string, string>();
  const findings = report.coverage.flatMap((fw) =>
    fw.controls.flatMap((c) => {
      const target = TARGET_STATE[c.evidence];
      if (!target || !evidence.has(c.evidence)) return [];
      const token = controlToken(fw.framework, c.id);
      const related = byControl.get(token) ?? [];
      const relatedRisks = related.filter((f) => f.status === 'fail' || f.status === 'waived');
      const uuid = uuidFor(token);
      uuidByControl.set(token, uuid);
      const finding: JsonObject = {
        uuid,
        title: `${fw.title} ${c.id}: ${EVIDENCE_LABEL[c.evidence]}`,
        description: oscalString(`${c.title} Scope of the checks: ${c.scope}`),
        props: [
          prop('framework', fw.framework),
          prop('control-id', c.id),
          prop('evidence', c.evidence),
          prop('rule-ids', c.rules.mapped.join(' ') || 'none'),
        ],
        origins: [originOf(ids)],
        target: {
          type: 'objective-id',
          'target-id': automatedObjectiveId(fw.framework, c.id),
          props: [prop('control-evidence', c.evidence)],
          status: { state: target.state, reason: target.reason },
          remarks: `Assessor still examines: ${c.assessorExamines} ${fw.caveat}`,
        },
      };
      if (related.length)
        // A control many rules bear on relates to as many observations as there are resources: made while written.
        finding['related-observations'] = lazyMap(related, (f) => ({
          'observation-uuid': perFinding.get(f)?.observation ?? '',
        }));
      if (relatedRisks.length)
        finding['related-risks'] = lazyMap(relatedRisks, (f) => ({ 'risk-uuid': perFinding.get(f)?.risk ?? '' }));
      return [finding];
    }),
  );
  return { findings, uuidByControl };
}
