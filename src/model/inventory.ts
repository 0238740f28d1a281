/**
 * The inventory: every entity of every input, indexed so that following a reference costs constant
 * time (by kind, by address, by cloud id / ARN / name).
 */
import type { Entity, EntityKind, EntityOf, LoadProblem, Ref, Trail } from './types.js';
import { originOfField, sensitiveField } from './values.js';

export interface InputInfo {
  kind: 'terraform-plan' | 'terraform-state' | 'aws-account';
  path: string;
  sha256?: string;
  bytes?: number;
  formatVersion?: string;
  terraformVersion?: string;
}

/** Account context of the provider configurations (plan) or the caller identity (live). */
export interface ProviderAccount {
  key: string;
  region?: string;
  /** The account the provider writes to, from allowed_account_ids or an assume-role ARN. */
  account?: string;
  /** Whether the region came from a literal, a variable value, or nowhere. */
  regionKnown: boolean;
}

/**
 * A part of the input that could not be read (live: AccessDenied, region not enabled) or was not read
 * (a service the scan was told to leave out). Rules that read the affected kinds report not-assessed for
 * that scope instead of judging an absence.
 */
export interface CollectionGap {
  kinds: EntityKind[];
  region?: string;
  /**
   * The API call that failed, e.g. `ec2:DescribeInternetGateways`; for a service not collected at all
   * (`not-collected`), the service, e.g. `lambda`.
   */
  call: string;
  reason: 'access-denied' | 'region-not-enabled' | 'error' | 'not-collected';
  detail: string;
  /** The account the call was made in (live scans); absent: the inventory's only account. */
  account?: string;
}

/**
 * Accounts the input shows to be members of one AWS Organization: listed together by
 * organizations:ListAccounts, or seeing the organization trail of the management account.
 */
export interface Organization {
  /** The management account, when the input names it (the owner of an organization trail seen). */
  management?: string;
  accounts: string[];
}

export interface Inventory {
  entities: Entity[];
  problems: LoadProblem[];
  gaps: CollectionGap[];
  inputs: InputInfo[];
  providers: ProviderAccount[];
  /** Accounts named by default providers (workload accounts), first one wins for absences. */
  accounts: string[];
  /** Regions scanned live, or named by providers. */
  regions: string[];
  /** Organization membership the input tells (live scans); empty: membership is not known. */
  organizations: Organization[];
  /** A sharded live scan (`--shard I/N`): this inventory holds only shard `index` of `count`. */
  shard?: { index: number; count: number };
  byKind: Map<EntityKind, Entity[]>;
  byAddress: Map<string, Entity>;
  /** Address without its last instance key -> instances (`aws_vpc.main` -> `aws_vpc.main[0]`, ...). */
  byBaseAddress: Map<string, Entity[]>;
  byId: Map<string, Entity>;
}

export function createInventory(): Inventory {
  return {
    entities: [],
    problems: [],
    gaps: [],
    inputs: [],
    providers: [],
    accounts: [],
    regions: [],
    organizations: [],
    byKind: new Map(),
    byAddress: new Map(),
    byBaseAddress: new Map(),
    byId: new Map(),
  };
}

/** Strip a trailing `[key]` instance key from an address, respecting quoted keys. */
export function baseAddress(address: string): string {
  if (!address.endsWith(']')) return address;
  let depth = 0;
  let inString = false;
  for (let i = address.length - 1; i >= 0; i--) {
    const c = address[i];
    if (c === '"' && address[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    if (c === ']') depth++;
    else if (c === '[') {
      depth--;
      if (depth === 0) return address.slice(0, i);
    }
  }
  return address;
}

export function addEntity(inv: Inventory, entity: Entity): void {
  inv.entities.push(entity);
  let list = inv.byKind.get(entity.kind);
  if (!list) inv.byKind.set(entity.kind, (list = []));
  list.push(entity);
  inv.byAddress.set(entity.meta.address, entity);
  const base = baseAddress(entity.meta.address);
  if (base !== entity.meta.address) {
    let instances = inv.byBaseAddress.get(base);
    if (!instances) inv.byBaseAddress.set(base, (instances = []));
    instances.push(entity);
  }
  for (const key of [entity.id, entity.arn]) {
    if (key && !inv.byId.has(key)) inv.byId.set(key, entity);
  }
}

export function ofKind<K extends EntityKind>(inv: Inventory, kind: K): EntityOf<K>[] {
  return (inv.byKind.get(kind) ?? []) as EntityOf<K>[];
}

/** Follow a reference; `kind` narrows the answer (a ref to a subnet never yields a VPC). */
export function resolve<K extends EntityKind>(inv: Inventory, ref: Ref | undefined, kind: K): EntityOf<K> | undefined {
  if (!ref) return undefined;
  const candidates: Array<Entity | undefined> = [];
  if (ref.address) {
    candidates.push(inv.byAddress.get(ref.address));
    const instances = inv.byBaseAddress.get(ref.address);
    if (instances && instances.length >= 1) candidates.push(instances[0]);
  }
  if (ref.id) candidates.push(inv.byId.get(ref.id));
  for (const c of candidates) if (c && c.kind === kind) return c as EntityOf<K>;
  return undefined;
}

/**
 * The collection gap that left a kind unread where a resource lives (live scans): an absence of that
 * kind there is no evidence, so a pass that rests on it must become not-assessed naming the call.
 * A gap is confined to its region and account when it names them; one that names neither (or a
 * resource that does not tell its own) matches everywhere, so a gap is never overlooked.
 */
export function unreadKind(
  inv: Inventory,
  kind: EntityKind,
  region: string | undefined,
  account: string | undefined,
): CollectionGap | undefined {
  return inv.gaps.find(
    (g) =>
      g.kinds.includes(kind) &&
      (g.region === undefined || region === undefined || g.region === region) &&
      (g.account === undefined || account === undefined || g.account === account),
  );
}

/**
 * Whether the input shows `account` to be a member of the organization whose management account is
 * `management`: what lets an organization trail there stand for a trail of the member's own. `false`
 * means not shown, never shown not to be.
 */
export function inOrganizationOf(inv: Inventory, account: string, management: string): boolean {
  return inv.organizations.some(
    (o) =>
      o.accounts.includes(account) &&
      (o.management === management || (o.management === undefined && o.accounts.includes(management))),
  );
}

/**
 * Whether a trail records an account's activity: its own trail, or an organization trail of the management
 * account of an organization the input shows the account in. `account` undefined: the inventory's single
 * scope, which every trail serves.
 */
export function trailRecords(inv: Inventory, trail: Trail, account: string | undefined): boolean {
  const owner = trail.meta.account;
  if (account === undefined || owner === account) return true;
  return trail.isOrganizationTrail === true && owner !== undefined && inOrganizationOf(inv, account, owner);
}

/** What left the kind unread, for a message: `kms:ListAliases failed`, `kms was not collected`. */
export function gapCause(gap: CollectionGap): string {
  return gap.reason === 'not-collected' ? `${gap.call} was not collected` : `${gap.call} failed`;
}

/** Whether a field is unsettled (unknown until apply, or unreadable live). Prefer `fieldValue` in new code. */
export function isUnknown(entity: Entity, field: string): boolean {
  if (entity.meta.unreadable?.[field] !== undefined) return true;
  const u = entity.meta.unknown;
  if (!u) return false;
  for (const f of u) if (f === field || field.startsWith(`${f}.`) || f.startsWith(`${field}.`)) return true;
  return false;
}

export function isSensitive(entity: Entity, field: string): boolean {
  return sensitiveField(entity.meta, field);
}

/** Where a model field was set: the folded resource or API call, else `<address>.<field>`. */
export function originOf(entity: Entity, field: string): string {
  return originOfField(entity.meta, field);
}
