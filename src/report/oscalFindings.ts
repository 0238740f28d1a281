/** OSCAL observations and risks for scan findings, shared by the assessment results and the POA&M. */
import type { Finding, RuleMeta } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import { evidenceLine, waiverText } from './reportView.js';
import {
  documentUuid,
  oscalString,
  originOf,
  prop,
  UuidFactory,
  type JsonObject,
  type SharedIds,
} from './oscalCommon.js';
import { uuidV5 } from './uuid.js';
import { lazyMap, type LazyArray } from './jsonStream.js';

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

/** The uuid of the inventory item that stands for one assessed resource (Terraform address or ARN). */
export function resourceUuid(report: ScanReport, address: string): string {
  return uuidV5(documentUuid(report, 'assessment-plan'), `resource:${address}`);
}

/** One inventory item per assessed resource, for the documents whose observations name them as subjects. */
export function inventoryItems(report: ScanReport, findings: readonly Finding[]): LazyArray<JsonObject> {
  // The first finding of each resource, its item made while the document is written (jsonStream.ts).
  const seen = new Set<string>();
  const firsts: Finding[] = [];
  for (const f of findings) {
    if (seen.has(f.resource.address)) continue;
    seen.add(f.resource.address);
    firsts.push(f);
  }
  return lazyMap(
    firsts,
    (f): JsonObject => ({
      uuid: resourceUuid(report, f.resource.address),
      description: oscalString(`${f.resource.type} ${f.resource.address}`),
      props: [
        prop('resource-address', f.resource.address),
        prop('resource-type', f.resource.type),
        ...(f.resource.region ? [prop('region', f.resource.region)] : []),
        ...(f.resource.account ? [prop('account', f.resource.account)] : []),
      ],
    }),
  );
}

/** Each input as the source of an observation: its path (relative reference) and digest. */
function inputEvidence(report: ScanReport): JsonObject[] {
  return report.inputs.map((i) => ({
    ...(i.path !== '-' && i.kind !== 'aws-account'
      ? { href: i.path.split(/[\\/]/).map(encodeURIComponent).join('/') }
      : {}),
    description: oscalString(`Source: ${i.kind} ${i.path}${i.sha256 ? ` (SHA-256 ${i.sha256})` : ''}`),
  }));
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
  // One subject: the assessed resource itself (an inventory item of the document), not the input file.
  obs.subjects = [
    {
      'subject-uuid': resourceUuid(report, f.resource.address),
      type: 'inventory-item',
      title: oscalString(f.resource.address),
    },
  ];
  const evidence = [...f.evidence.map((e) => ({ description: evidenceLine(e) })), ...inputEvidence(report)];
  if (evidence.length) obs['relevant-evidence'] = evidence;
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
      // The controls the failing rule's evidence bears on, as `<framework> <id as the framework writes it>`.
      ...f.controls.map((c) => prop('control', `${c.framework} ${c.id}`)),
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
