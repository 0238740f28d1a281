/** OSCAL observations and risks for scan findings, shared by the assessment results and the POA&M. */
import type { Finding, RuleMeta } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import { evidenceLine, waiverText } from './reportView.js';
import { oscalString, originOf, prop, UuidFactory, type JsonObject, type SharedIds } from './oscalCommon.js';

export interface FindingIds {
  observation: string;
  risk: string;
}

/** Per-finding uuids from the fingerprint, identical in every document that mentions the finding. */
export function findingIds(findings: readonly Finding[], namespace: string): Map<Finding, FindingIds> {
  const ids = new UuidFactory(namespace);
  return new Map(
    findings.map((f) => [
      f,
      { observation: ids.for(`observation:${f.fingerprint}`), risk: ids.for(`risk:${f.fingerprint}`) },
    ]),
  );
}

export function needsAction(f: Finding): boolean {
  return f.status === 'fail' || f.status === 'waived';
}

export function observationOf(f: Finding, uuid: string, report: ScanReport, ids: SharedIds): JsonObject {
  const obs: JsonObject = {
    uuid,
    title: `${f.ruleId} ${f.status}: ${f.resource.address}`,
    description: f.message,
    props: [
      prop('rule-id', f.ruleId),
      prop('result', f.status),
      prop('severity', f.severity),
      prop('fingerprint', f.fingerprint),
      ...(f.baseline ? [prop('baseline-state', f.baseline)] : []),
      prop('resource-address', f.resource.address),
      prop('resource-type', f.resource.type),
      ...(f.reason ? [prop('not-assessed-reason', f.reason)] : []),
      ...(f.resource.region ? [prop('region', f.resource.region)] : []),
      ...(f.resource.account ? [prop('account', f.resource.account)] : []),
    ],
    methods: ['TEST'],
    ...(f.status === 'pass' ? {} : { types: ['finding'] }),
    origins: [originOf(ids)],
    collected: report.generatedAt,
  };
  if (ids.components.length) {
    obs.subjects = ids.components.map((uuid) => ({
      'subject-uuid': uuid,
      type: 'component',
      title: oscalString(f.resource.address),
    }));
  }
  if (f.evidence.length) obs['relevant-evidence'] = f.evidence.map((e) => ({ description: evidenceLine(e) }));
  if (f.waiver) obs.remarks = `Waived: ${waiverText(f.waiver)}`;
  return obs;
}

export function riskOf(
  f: Finding,
  id: FindingIds,
  rule: RuleMeta | undefined,
  ids: SharedIds,
  factory: UuidFactory,
): JsonObject {
  const risk: JsonObject = {
    uuid: id.risk,
    title: `${f.ruleId}${rule ? ` ${rule.title}` : ''}: ${f.resource.address}`,
    description: f.waiver ? `${f.message} Accepted by waiver: ${waiverText(f.waiver)}` : f.message,
    statement: rule?.rationale || f.message,
    props: [
      prop('rule-id', f.ruleId),
      prop('severity', f.severity),
      prop('fingerprint', f.fingerprint),
      ...(f.baseline ? [prop('baseline-state', f.baseline)] : []),
      ...(f.waiver ? [prop('waiver-owner', f.waiver.owner), prop('waiver-expires', f.waiver.expires)] : []),
    ],
    // A waiver is an accepted deviation, with its expiry as the deadline; a failure is open.
    status: f.status === 'waived' ? 'deviation-approved' : 'open',
    origins: [originOf(ids)],
    ...(f.waiver ? { deadline: `${f.waiver.expires}T23:59:59Z` } : {}),
    remediations: [
      {
        uuid: factory.for(`remediation:${f.fingerprint}`),
        lifecycle: 'recommendation',
        title: `Remediate ${f.ruleId}`,
        description: rule?.remediation || 'See the rule catalogue.',
        origins: [originOf(ids)],
      },
    ],
    'related-observations': [{ 'observation-uuid': id.observation }],
  };
  return risk;
}
