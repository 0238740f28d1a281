/**
 * Pieces shared by the three OSCAL 1.1.3 documents: identifiers, metadata, the subjects (one component per
 * input), the activities (one per rule) and the reviewed controls. All derived from the ScanReport alone.
 */
import type { LazyArray } from './jsonStream.js';
import { createHash } from 'node:crypto';
import type { RuleMeta } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import { URL_NAMESPACE, uuidV5 } from './uuid.js';

export const OSCAL_VERSION = '1.1.3';
/** Namespace of the tool's own OSCAL props (OSCAL requires a `ns` for names it does not define). */
export const PROP_NS = 'https://airgap-audit.dev/ns/oscal';
const ROOT_NAMESPACE = uuidV5(URL_NAMESPACE, PROP_NS);

/** A LazyArray is a list made while the document is written (jsonStream.ts). */
export type Json = string | number | boolean | null | Json[] | LazyArray<Json> | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Issues uuids under one document namespace; a repeated name gets a counter so uuids stay unique. */
export class UuidFactory {
  private readonly seen = new Map<string, number>();
  constructor(readonly namespace: string) {}
  for(name: string): string {
    const n = this.seen.get(name) ?? 0;
    this.seen.set(name, n + 1);
    return uuidV5(this.namespace, n === 0 ? name : `${name}#${n}`);
  }
}

const seeds = new WeakMap<ScanReport, string>();

/** A digest of everything that distinguishes one scan from another, seeding every document's uuids. */
export function scanSeed(report: ScanReport): string {
  const known = seeds.get(report);
  if (known) return known;
  const hash = createHash('sha256');
  hash.update(
    `${report.tool.name}\0${report.tool.version}\0${report.tool.rulesVersion}\0${report.generatedAt}\0${report.profile}\0`,
  );
  for (const input of report.inputs) hash.update(`${input.kind}\0${input.path}\0${input.sha256 ?? ''}\0`);
  for (const f of report.findings) hash.update(`${f.fingerprint}\0${f.status}\0`);
  const seed = hash.digest('hex');
  seeds.set(report, seed);
  return seed;
}

export function documentUuid(report: ScanReport, kind: 'assessment-plan' | 'assessment-results' | 'poam'): string {
  return uuidV5(ROOT_NAMESPACE, `${kind}:${scanSeed(report)}`);
}

/** OSCAL's StringDatatype forbids leading/trailing whitespace and (through `.`) line breaks. */
export function oscalString(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length ? flat : '-';
}

export function prop(name: string, value: string): JsonObject {
  return { name, ns: PROP_NS, value: oscalString(value) };
}

/**
 * OSCAL control ids are tokens (a letter or `_` first; letters, digits, `.`, `-`, `_`). Framework ids such as
 * 800-171's `3.1.1` are not, and several frameworks can share an id, so the token is `<framework>_<id>` with
 * anything else replaced by `_`; the official id travels in a `control-id` prop / the framework mapping.
 */
export function controlToken(framework: string, id: string): string {
  const token = `${framework}_${id}`.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(token) ? token : `_${token}`;
}

/** The assessment objective, in the framework's generated catalog, that stands for the automated part of a control. */
export function automatedObjectiveId(framework: string, id: string): string {
  return `${controlToken(framework, id)}_obj.automated`;
}

export function metadata(report: ScanReport, title: string): JsonObject {
  return {
    title,
    'last-modified': report.generatedAt,
    version: `${report.tool.version}+rules.${report.tool.rulesVersion}`,
    'oscal-version': OSCAL_VERSION,
    props: [prop('profile', report.profile), prop('fail-on', report.failOn)],
  };
}

/** Identifiers shared across documents (AP defines them, AR and POA&M reference them). */
export interface SharedIds {
  platform: string;
  components: string[];
  activities: Map<string, string>;
  systemId: string;
}

export function sharedIds(report: ScanReport): SharedIds {
  const ns = documentUuid(report, 'assessment-plan');
  const ids = new UuidFactory(ns);
  return {
    platform: ids.for('platform'),
    components: report.inputs.map((input) => ids.for(`component:${input.kind}:${input.path}:${input.sha256 ?? ''}`)),
    activities: new Map(report.rules.map((rule) => [rule.id, ids.for(`activity:${rule.id}`)])),
    // The system under assessment, as the inputs identify it (stable across rescans of the same inputs).
    systemId: uuidV5(ROOT_NAMESPACE, `system:${report.inputs.map((i) => i.sha256 ?? i.path).join(',')}`),
  };
}

export function reviewedControls(report: ScanReport): JsonObject {
  const controls = report.coverage.flatMap((fw) =>
    fw.controls.map((c) => ({ 'control-id': controlToken(fw.framework, c.id) })),
  );
  const unique = [...new Map(controls.map((c) => [c['control-id'], c])).values()];
  return {
    description: oscalString(
      `Controls of ${report.coverage.map((fw) => `${fw.title} ${fw.version}`).join('; ') || 'no framework'} that the air-gap rules evidence.`,
    ),
    'control-selections': [unique.length ? { 'include-controls': unique } : { 'include-all': {} }],
  };
}

export function subjectsOf(ids: SharedIds): JsonObject[] {
  return ids.components.map((uuid) => ({ 'subject-uuid': uuid, type: 'component' }));
}

export function originOf(ids: SharedIds): JsonObject {
  return { actors: [{ type: 'tool', 'actor-uuid': ids.platform }] };
}

/** Controls each rule evidences, from the coverage matrix (mappings point at rules, never the reverse). */
export function controlsByRule(report: ScanReport): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const fw of report.coverage) {
    for (const c of fw.controls) {
      for (const ruleId of c.rules.mapped) {
        const list = out.get(ruleId) ?? [];
        list.push(controlToken(fw.framework, c.id));
        out.set(ruleId, list);
      }
    }
  }
  return out;
}

export function ruleTitle(rule: RuleMeta | undefined, ruleId: string): string {
  return rule ? `${rule.id}: ${rule.title}` : ruleId;
}
