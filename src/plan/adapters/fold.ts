/**
 * Folding: Terraform splits one cloud resource over several (`aws_s3_bucket` + `_policy` +
 * `_versioning`..., `aws_vpc_endpoint` + `aws_vpc_endpoint_policy`). Folders run after every
 * primary resource exists and write into the parent entity, so findings name the parent and the
 * evidence names the split resource.
 */
import { resolve } from '../../model/inventory.js';
import type { Entity, EntityKind, EntityOf } from '../../model/types.js';
import type { RawResource } from '../planLoader.js';
import { refsAt, unknownAt, sensitiveAt, type AdapterContext, type Path } from './context.js';

export type Folder = (raw: RawResource, ctx: AdapterContext) => void;

/** The parent entity named by the attribute at `path` (by id, or by configuration reference). */
export function findParent<K extends EntityKind>(
  ctx: AdapterContext,
  raw: RawResource,
  path: Path,
  kind: K,
): EntityOf<K> | undefined {
  for (const ref of refsAt(ctx, raw, path, false)) {
    const found = resolve(ctx.inventory, ref, kind);
    if (found) return found;
  }
  return undefined;
}

/** Carry the split resource's unknown / sensitive state over to the parent's field. */
export function addUnknown(parent: Entity, raw: RawResource, field: string, path: Path): void {
  if (unknownAt(raw, path)) (parent.meta.unknown ??= []).push(field);
  else if (parent.meta.unknown) parent.meta.unknown = parent.meta.unknown.filter((f) => f !== field);
  if (sensitiveAt(raw, path)) (parent.meta.sensitive ??= []).push(field);
}
