/**
 * What a CloudTrail trail records, from its classic or advanced event selectors. A trail with neither
 * records every management event, read and write (CloudTrail's default). Advanced selectors replace
 * classic ones; the classic `data_resource` takes only S3, Lambda and DynamoDB types, so Bedrock data
 * events need advanced selectors.
 */
import type { Trail } from '../model/types.js';

type AdvancedSelector = Trail['advancedEventSelectors'][number];
type FieldSelector = AdvancedSelector['fieldSelectors'][number];

export interface TrailCoverage {
  managementRead: boolean;
  managementWrite: boolean;
  /** Data resource types recorded in full (read and write, every resource). */
  dataTypes: Set<string>;
  /** Data resource types recorded only in part, with why (narrowed by ARN, event name, ...). */
  partialDataTypes: Map<string, string>;
}

function field(s: AdvancedSelector, name: string): FieldSelector | undefined {
  return s.fieldSelectors.find((f) => f.field === name);
}

/** readOnly values a selector admits: both unless it narrows to one. */
function readOnlyValues(s: AdvancedSelector): { read: boolean; write: boolean } {
  const f = field(s, 'readOnly');
  if (!f) return { read: true, write: true };
  const admits = (v: string): boolean =>
    (f.equals ? f.equals.includes(v) : true) &&
    !(f.notEquals ?? []).includes(v) &&
    (f.startsWith ? f.startsWith.some((p) => v.startsWith(p)) : true);
  return { read: admits('true'), write: admits('false') };
}

/** Fields other than these narrow a selector to part of the events it would otherwise record. */
const UNNARROWING = new Set(['eventCategory', 'resources.type', 'readOnly']);

function narrowing(s: AdvancedSelector): string[] {
  return s.fieldSelectors.filter((f) => !UNNARROWING.has(f.field)).map((f) => f.field);
}

function equalsValues(f: FieldSelector | undefined): string[] {
  return f?.equals ?? [];
}

export function trailCoverage(trail: Trail): TrailCoverage {
  const cov: TrailCoverage = {
    managementRead: false,
    managementWrite: false,
    dataTypes: new Set(),
    partialDataTypes: new Map(),
  };
  if (trail.advancedEventSelectors.length > 0) {
    const dataRW = new Map<string, { read: boolean; write: boolean }>();
    for (const s of trail.advancedEventSelectors) {
      const category = equalsValues(field(s, 'eventCategory'));
      const rw = readOnlyValues(s);
      const narrowedBy = narrowing(s);
      if (category.includes('Management')) {
        // Management selectors accept only eventCategory, readOnly and eventSource exclusions.
        const excludesSources = narrowedBy.length > 0;
        if (!excludesSources || !(field(s, 'eventSource')?.notEquals ?? []).some((src) => src.startsWith('bedrock'))) {
          cov.managementRead ||= rw.read;
          cov.managementWrite ||= rw.write;
        }
      }
      if (category.includes('Data')) {
        for (const type of equalsValues(field(s, 'resources.type'))) {
          if (narrowedBy.length > 0) {
            cov.partialDataTypes.set(
              type,
              `narrowed by ${narrowedBy.join(', ')}${s.name ? ` in selector "${s.name}"` : ''}`,
            );
            continue;
          }
          const prev = dataRW.get(type) ?? { read: false, write: false };
          dataRW.set(type, { read: prev.read || rw.read, write: prev.write || rw.write });
        }
      }
    }
    for (const [type, rw] of dataRW) {
      if (rw.read && rw.write) {
        cov.dataTypes.add(type);
        cov.partialDataTypes.delete(type);
      } else if (!cov.partialDataTypes.has(type))
        cov.partialDataTypes.set(type, rw.read ? 'read-only events only' : 'write-only events only');
    }
    return cov;
  }
  if (trail.eventSelectors.length === 0) return { ...cov, managementRead: true, managementWrite: true };
  for (const s of trail.eventSelectors) {
    const rw = s.readWriteType ?? 'All';
    const read = rw === 'All' || rw === 'ReadOnly';
    const write = rw === 'All' || rw === 'WriteOnly';
    if (s.includeManagementEvents !== false) {
      cov.managementRead ||= read;
      cov.managementWrite ||= write;
    }
    for (const type of s.dataResourceTypes) if (read && write) cov.dataTypes.add(type);
  }
  return cov;
}
