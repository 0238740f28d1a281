/**
 * The OSCAL POA&M: one item per failing or waived finding, with its observation and risk, the controls it bears on
 * (props and links into the package's catalogs) and the per-control findings it comes from. The schema
 * requires at least one poam-item, so a scan with nothing to plan says so in a single closing item.
 */
import type { Finding } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import { findingIds, inventoryItems, needsAction, observationOf, riskOf, type FindingIds } from './oscalFindings.js';
import { catalogFileName } from './oscalCatalog.js';
import { controlFindings } from './oscalControls.js';
import {
  controlToken,
  documentUuid,
  metadata,
  originOf,
  prop,
  UuidFactory,
  type JsonObject,
  type SharedIds,
} from './oscalCommon.js';
import { rulesById, waiverText } from './reportView.js';
import { lazyMap } from './jsonStream.js';

export function buildPoam(report: ScanReport, ids: SharedIds, perFinding?: Map<Finding, FindingIds>): JsonObject {
  const uuid = documentUuid(report, 'poam');
  const factory = new UuidFactory(uuid);
  const rules = rulesById(report);
  const idsOf = perFinding ?? findingIds(report.findings, documentUuid(report, 'assessment-plan'));
  const actionable = report.findings.filter(needsAction);

  // The controls the failures and waivers contradict, each a finding the items point at (never a "satisfied" one).
  const { findings, uuidByControl } = controlFindings(
    report,
    ids,
    idsOf,
    actionable,
    (token) => factory.for(`finding:${token}`),
    new Set(['contradicts', 'contradicted-waived']),
  );
  // Controls for which the framework allows no plan of action (CMMC: 32 CFR 170.21(a)(2)(iii)).
  const ineligible = new Set(
    report.coverage.flatMap((fw) =>
      fw.controls.filter((c) => c.poamIneligible).map((c) => controlToken(fw.framework, c.id)),
    ),
  );
  // Made one at a time while the document is written (jsonStream.ts): a large estate has as many items as failures.
  const idOf = (f: Finding): FindingIds =>
    idsOf.get(f) ?? { observation: factory.for('observation'), risk: factory.for('risk') };
  const observations = lazyMap(actionable, (f) => observationOf(f, idOf(f).observation, report, ids));
  const risks = lazyMap(actionable, (f) => riskOf(f, idOf(f), rules.get(f.ruleId), ids, factory));
  const itemOf = (f: Finding): JsonObject => {
    const id = idOf(f);
    const rule = rules.get(f.ruleId);
    const relatedFindings = [
      ...new Set(
        f.controls.map((c) => uuidByControl.get(controlToken(c.framework, c.id))).filter((u) => u !== undefined),
      ),
    ].map((u) => ({ 'finding-uuid': u }));
    return {
      uuid: factory.for(`poam-item:${f.fingerprint}`),
      title: `${f.ruleId}${rule ? ` ${rule.title}` : ''}: ${f.resource.address}`,
      description: f.waiver
        ? `${f.message} Waived: ${waiverText(f.waiver)}`
        : `${f.message} Remediation: ${rule?.remediation ?? 'see the rule catalogue'}`,
      props: [
        prop('rule-id', f.ruleId),
        prop('severity', f.severity),
        prop('result', f.status),
        ...f.controls.map((c) => prop('control', `${c.framework} ${c.id}`)),
        ...f.controls
          .filter((c) => ineligible.has(controlToken(c.framework, c.id)))
          .map((c) => prop('poam-ineligible-control', `${c.framework} ${c.id}`)),
        ...(f.waiver ? [prop('waiver-owner', f.waiver.owner), prop('waiver-expires', f.waiver.expires)] : []),
      ],
      // The controls the failing rule's evidence bears on, each a link into its framework's catalog in the package.
      ...(f.controls.length
        ? {
            links: f.controls.map((c) => ({
              href: `${catalogFileName(c.framework)}#${controlToken(c.framework, c.id)}`,
              rel: 'related',
              text: `${c.framework} ${c.id}`,
            })),
          }
        : {}),
      origins: [originOf(ids)],
      ...(relatedFindings.length ? { 'related-findings': relatedFindings } : {}),
      'related-observations': [{ 'observation-uuid': id.observation }],
      'related-risks': [{ 'risk-uuid': id.risk }],
    };
  };
  const items =
    actionable.length > 0
      ? lazyMap(actionable, itemOf)
      : [
          {
            uuid: factory.for('poam-item:none'),
            title: 'No open findings',
            description: 'The scan found no failing or waived results: nothing needs a plan of action.',
            props: [prop('result', 'none')],
          },
        ];
  return {
    'plan-of-action-and-milestones': {
      uuid,
      metadata: metadata(report, `Air-gap plan of action and milestones (${report.profile} profile)`),
      'system-id': { 'identifier-type': 'http://ietf.org/rfc/rfc4122', id: ids.systemId },
      ...(actionable.length ? { 'local-definitions': { 'inventory-items': inventoryItems(report, actionable) } } : {}),
      ...(actionable.length ? { observations, risks } : {}),
      ...(findings.length ? { findings } : {}),
      'poam-items': items,
    },
  };
}
