/**
 * Artefacts a workload pulls at runtime, from both sources: plan adapters emit `ArtifactSource`
 * entities (with the consumer and, for references, the local resource that provides them); live
 * collectors fill `ComputeWorkload.layers` / `imageUri`, turned into the same shape here.
 */
import { resourceOf } from '../engine/ruleKit.js';
import type { ResourceRef } from '../engine/types.js';
import { isUnknown, ofKind, resolve, type Inventory } from '../model/inventory.js';
import type { ArtifactSource, ComputeWorkload, Entity, Ref } from '../model/types.js';

export interface PulledArtifact {
  /** What a finding names: the consumer (function, task definition) or the source itself. */
  resource: ResourceRef;
  /** The entity the evidence reads. */
  holder: Entity;
  field: 'location' | 'layers' | 'imageUri';
  artifactKind: ArtifactSource['artifactKind'];
  location?: string;
  unknown: boolean;
  providedBy?: Ref;
}

export function pulledArtifacts(inventory: Inventory): PulledArtifact[] {
  const out: PulledArtifact[] = [];
  const consumers = new Set<Entity>();
  for (const a of ofKind(inventory, 'ArtifactSource')) {
    const consumer = a.consumer ? resolve(inventory, a.consumer, 'ComputeWorkload') : undefined;
    if (consumer) consumers.add(consumer);
    // A consumer that is no model entity (a task definition, a SageMaker model) is named by its address.
    const resource = consumer
      ? resourceOf(consumer)
      : a.consumer?.address
        ? { ...resourceOf(a), address: a.consumer.address }
        : resourceOf(a);
    out.push({
      resource,
      holder: a,
      field: 'location',
      artifactKind: a.artifactKind,
      location: a.location,
      unknown: isUnknown(a, 'location'),
      providedBy: a.providedBy,
    });
  }
  for (const fn of ofKind(inventory, 'ComputeWorkload')) {
    if (fn.computeKind !== 'lambda' || consumers.has(fn)) continue;
    out.push(...fromWorkload(fn));
  }
  return out;
}

function fromWorkload(fn: ComputeWorkload): PulledArtifact[] {
  const out: PulledArtifact[] = (fn.layers ?? []).map((location) => ({
    resource: resourceOf(fn),
    holder: fn,
    field: 'layers',
    artifactKind: 'lambda-layer',
    location,
    unknown: false,
  }));
  if (isUnknown(fn, 'layers'))
    out.push({ resource: resourceOf(fn), holder: fn, field: 'layers', artifactKind: 'lambda-layer', unknown: true });
  if (fn.imageUri || isUnknown(fn, 'imageUri'))
    out.push({
      resource: resourceOf(fn),
      holder: fn,
      field: 'imageUri',
      artifactKind: 'container-image',
      location: fn.imageUri,
      unknown: !fn.imageUri,
    });
  return out;
}

/** `123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag` -> account and region. */
export function ecrImageAccount(uri: string): { account: string; region: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//.exec(uri);
  return m ? { account: m[1], region: m[2] } : undefined;
}

/** `arn:aws:lambda:us-east-1:123456789012:layer:name:3` -> owning account. */
export function layerAccount(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\d{12}):layer:/.exec(arn);
  return m ? m[1] : undefined;
}
