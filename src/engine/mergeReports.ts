/**
 * The pure parts of `airgap-audit merge`: the union of several runs' inventories (shards of one organisation scan),
 * which the engine then judges as one scan would, and the combination of findings when the runs carried no
 * inventory to judge. No I/O: src/merge.ts reads the reports and builds the merged report.
 */
import { addEntity, createInventory, type CollectionGap, type InputInfo, type Inventory } from '../model/inventory.js';
import type { Entity } from '../model/types.js';
import type { Finding, Status } from './types.js';

/** Code-unit order: unlike localeCompare it does not change with the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How much a copy of a resource says: fewer fields unreadable or unknown first, then more fields set. Shards that
 * each read a global service (IAM, a multi-region trail) hold copies of one resource; the fullest one is kept, as
 * the live collector keeps the fullest of a trail seen from several regions.
 */
function completeness(e: Entity): [number, number, number] {
  return [
    Object.keys(e.meta.unreadable ?? {}).length,
    e.meta.unknown?.length ?? 0,
    -Object.values(e).filter((v) => v !== undefined).length,
  ];
}

function fuller(a: Entity, b: Entity): boolean {
  const [x, y] = [completeness(a), completeness(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

function unionInto<T>(target: T[], items: readonly T[], key: (t: T) => string): void {
  const seen = new Set(target.map(key));
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    target.push(item);
  }
}

/**
 * The same call refused in the same region of the same account by several shards is one gap, with the kinds
 * and details of all. Gaps of different accounts stay apart: each covers only its own account.
 */
function mergeGaps(gaps: readonly CollectionGap[]): CollectionGap[] {
  const byKey = new Map<string, CollectionGap>();
  for (const g of gaps) {
    const key = `${g.account ?? ''}\u0000${g.call}\u0000${g.region ?? ''}\u0000${g.reason}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...g, kinds: [...g.kinds] });
    else {
      for (const k of g.kinds) if (!seen.kinds.includes(k)) seen.kinds.push(k);
      if (!seen.detail.includes(g.detail)) seen.detail = `${seen.detail}; ${g.detail}`;
    }
  }
  return [...byKey.values()];
}

function inputKey(i: InputInfo): string {
  return `${i.kind}\u0000${i.path}\u0000${i.sha256 ?? ''}`;
}

/**
 * One inventory from several: entities deduplicated by kind, input and address (the fullest copy kept), gaps concatenated
 * and merged, inputs, providers, accounts and regions unioned in the order given. When every input is a live account
 * the entities are sorted by kind and address as the live collector sorts them, so the rules meet them in the order
 * one unsharded scan would; plan inventories keep their order.
 */
export function mergeInventories(parts: readonly Inventory[]): Inventory {
  const all = parts.flatMap((p) => p.entities);
  const live = parts.every((p) => p.inputs.every((i) => i.kind === 'aws-account'));
  const chosen = new Map<string, Entity>();
  for (const e of all) {
    // Two plans may both hold `provider["aws"]`: an entity is one resource of one input.
    const key = `${e.kind}\u0000${e.meta.input ?? ''}\u0000${e.meta.address}`;
    const held = chosen.get(key);
    if (!held || fuller(e, held)) chosen.set(key, e);
  }
  // A Map keeps the position of the first copy even when a fuller one replaces it.
  let entities = [...chosen.values()];
  if (live) entities = entities.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.meta.address, b.meta.address));
  const merged = createInventory();
  for (const e of entities) addEntity(merged, e);
  const gaps = mergeGaps(parts.flatMap((p) => p.gaps));
  // In the order the live collector sorts them (assemble.ts), so a merged scan lists them as an unsharded one.
  merged.gaps.push(
    ...(live
      ? gaps.sort(
          (a, b) => cmp(a.account ?? '', b.account ?? '') || cmp(a.region ?? '', b.region ?? '') || cmp(a.call, b.call),
        )
      : gaps),
  );
  for (const p of parts) {
    unionInto(merged.problems, p.problems, (x) => JSON.stringify(x));
    unionInto(merged.inputs, p.inputs, inputKey);
    // Whole entries: every plan has its own `aws` provider configuration, each with its own region.
    unionInto(merged.providers, p.providers, (x) => JSON.stringify(x));
    unionInto(merged.accounts, p.accounts, (x) => x);
    unionInto(merged.regions, p.regions, (x) => x);
    unionInto(merged.organizations, p.organizations, (x) => JSON.stringify(x));
  }
  return merged;
}

/**
 * Of two results with one fingerprint (a global resource each shard judged), the one that says least in the
 * resource's favour stands: a failure over a gap, a gap over a waiver, a waiver over a pass.
 */
const STATUS_WEIGHT: Record<Status, number> = { fail: 3, 'not-assessed': 2, waived: 1, pass: 0 };

/**
 * Findings of several reports, deduplicated by fingerprint and input (without an inventory the result key a
 * fingerprint was built from is gone, so two plans' findings that share a fingerprint stay apart by input). Baseline
 * marks of the reports are dropped: the merge compares with its own baseline, if any.
 */
export function mergeFindings(lists: ReadonlyArray<readonly Finding[]>): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const list of lists)
    for (const f of list) {
      const { baseline: _mark, ...finding } = f;
      const key = `${f.fingerprint}\u0000${f.resource.input ?? ''}`;
      const held = byKey.get(key);
      if (!held || STATUS_WEIGHT[finding.status] > STATUS_WEIGHT[held.status]) byKey.set(key, finding);
    }
  return [...byKey.values()];
}
