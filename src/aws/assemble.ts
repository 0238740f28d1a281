/**
 * The inventory of a live scan, assembled from its accounts' contexts once every collector has answered:
 * entities sorted and deduplicated, gaps merged per call and region (and account), and the accounts,
 * regions and providers this process read (a shard's share only).
 */
import {
  addEntity,
  createInventory,
  type CollectionGap,
  type Inventory,
  type Organization,
} from '../model/inventory.js';
import type { Entity } from '../model/types.js';
import type { ScanContext } from './context.js';
import type { Shard } from './shard.js';

/** Code-unit order: unlike localeCompare it does not change with the machine's locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Gaps of one call in one region (per-resource refusals: one per key or bucket) are reported once. */
function mergeGaps(gaps: CollectionGap[]): CollectionGap[] {
  const byKey = new Map<string, { gap: CollectionGap; details: string[] }>();
  for (const g of gaps) {
    const key = `${g.account ?? ''}\u0000${g.call}\u0000${g.region ?? ''}\u0000${g.reason}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { gap: { ...g, kinds: [...g.kinds] }, details: [g.detail] });
    else {
      for (const k of g.kinds) if (!seen.gap.kinds.includes(k)) seen.gap.kinds.push(k);
      seen.details.push(g.detail);
    }
  }
  const out = [...byKey.values()].map(({ gap, details }) => {
    const sorted = [...new Set(details)].sort();
    gap.detail =
      sorted.length === 1
        ? sorted[0]
        : `${sorted[0]} (and ${sorted.length - 1} more: ${sorted.slice(1, 4).join('; ')}${sorted.length > 4 ? '; ...' : ''})`;
    return gap;
  });
  return out.sort(
    (a, b) => cmp(a.account ?? '', b.account ?? '') || cmp(a.region ?? '', b.region ?? '') || cmp(a.call, b.call),
  );
}

/** One account's part of the scan: its context (credentials, settings, gaps) and what this shard reads. */
export interface AccountScan {
  account: string;
  ctx?: ScanContext;
  /** Regions of the account this process reads (its shard's share). */
  regions: string[];
  global: boolean;
  /** A gap that stands for the whole account (its role could not be assumed). */
  refused?: CollectionGap;
}

export interface AssembleOptions {
  /** This process reads one shard of the scan. */
  shard?: Shard;
  /** Gaps carry their account (several accounts, or --accounts given). */
  nameAccounts: boolean;
  /**
   * The gaps of services the scan leaves out, repeated for each account by the shard that reads its global
   * collectors (or reports its refused role), so that shards together report each once.
   */
  excluded: readonly CollectionGap[];
  /** Every account organizations:ListAccounts answered (`--accounts organizations`): one organization. */
  organization?: readonly string[];
}

/**
 * Organization membership the accounts' own answers show: an account that sees an organization trail
 * another account owns is a member of that account's organization (the owner is its management account).
 */
function observedOrganizations(scans: AccountScan[]): Organization[] {
  const members = new Map<string, Set<string>>();
  for (const scan of scans)
    for (const e of scan.ctx?.entities ?? []) {
      const owner = e.meta.account;
      if (e.kind !== 'Trail' || e.isOrganizationTrail !== true || !owner || owner === scan.account) continue;
      let set = members.get(owner);
      if (!set) members.set(owner, (set = new Set([owner])));
      set.add(scan.account);
    }
  return [...members]
    .sort(([a], [b]) => cmp(a, b))
    .map(([management, accounts]) => ({ management, accounts: [...accounts].sort(cmp) }));
}

export function buildInventory(scans: AccountScan[], options: AssembleOptions): Inventory {
  const { shard, nameAccounts, excluded } = options;
  const inv = createInventory();
  const entities: Entity[] = [];
  const gaps: CollectionGap[] = [];
  const awsManagedKeys = new Map<string, string>();
  for (const scan of scans) {
    if (scan.refused) gaps.push(scan.refused);
    if (scan.refused || scan.global)
      for (const g of excluded) gaps.push(nameAccounts ? { ...g, account: scan.account } : { ...g });
    if (!scan.ctx) continue;
    // Folds that wait for every collector of the account (DNS Firewall associations into its VPCs).
    scan.ctx.runJoins();
    entities.push(...scan.ctx.entities);
    for (const g of scan.ctx.gaps) {
      // Every shard lists the account's regions; the shard of its global pair alone reports that listing's gap.
      if (g.call === 'ec2:DescribeRegions' && !scan.global) continue;
      gaps.push(nameAccounts ? { ...g, account: scan.account } : g);
    }
    for (const [k, v] of scan.ctx.awsManagedKeys) awsManagedKeys.set(k, v);
  }
  // Answers arrive in whatever order the pool finishes them; sorting keeps the output deterministic.
  // Of copies of one resource (a trail seen from several regions) the most complete comes first.
  entities.sort(
    (a, b) =>
      cmp(a.kind, b.kind) ||
      cmp(a.meta.address, b.meta.address) ||
      Object.keys(a.meta.unreadable ?? {}).length - Object.keys(b.meta.unreadable ?? {}).length,
  );
  const seen = new Set<string>();
  for (const e of entities) {
    // A trail seen from several regions is one trail.
    // Kind and address: a SageMaker notebook and its storage volume share one address, as in a plan.
    const key = `${e.kind}\u0000${e.meta.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Every artefact kind: an AWS-managed key named by ARN is only recognisable through its alias.
    if ((e.kind === 'DataStore' || e.kind === 'Bucket' || e.kind === 'Trail') && e.kmsKey?.id) {
      const alias = awsManagedKeys.get(e.kmsKey.id);
      if (alias) e.kmsKeyRaw = alias;
    }
    // Collectors fill fields from parallel calls; key order must not depend on which answered first.
    if (e.meta.origin) e.meta.origin = Object.fromEntries(Object.entries(e.meta.origin).sort(([a], [b]) => cmp(a, b)));
    e.meta.unknown?.sort();
    addEntity(inv, e);
  }
  inv.gaps.push(...mergeGaps(gaps));
  for (const scan of scans) {
    // An account this shard reads nothing of belongs to another shard's report.
    if (!scan.refused && !scan.global && scan.regions.length === 0) continue;
    inv.inputs.push({ kind: 'aws-account', path: `aws://${scan.account}` });
    inv.accounts.push(scan.account);
    for (const region of scan.regions) {
      if (!inv.regions.includes(region)) inv.regions.push(region);
      inv.providers.push({ key: `aws://${scan.account}/${region}`, region, account: scan.account, regionKnown: true });
    }
  }
  if (options.organization) inv.organizations.push({ accounts: [...options.organization].sort(cmp) });
  inv.organizations.push(...observedOrganizations(scans));
  if (shard) inv.shard = { index: shard.index, count: shard.count };
  return inv;
}
