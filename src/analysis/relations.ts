/**
 * Relations rules ask for many times (resources per VPC, route tables per subnet), indexed once per
 * inventory so a rule stays linear in the number of resources.
 */
import { ofKind, resolve, type Inventory } from '../model/inventory.js';
import type { EntityKind, EntityOf, Ref, RouteTable } from '../model/types.js';

/** A stable key for what a ref names: the resolved entity's address, else the raw id or address. */
export function refKey<K extends EntityKind>(inventory: Inventory, ref: Ref | undefined, kind: K): string | undefined {
  if (!ref) return undefined;
  const e = resolve(inventory, ref, kind);
  if (e) return e.meta.address;
  return ref.id ? `id:${ref.id}` : ref.address;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Items grouped by the VPC they reference, keyed like `refKey(…, 'Vpc')` of the VPC itself. */
export function byVpc<T>(
  inventory: Inventory,
  items: readonly T[],
  vpcOf: (item: T) => Ref | undefined,
): Map<string, T[]> {
  return groupBy(items, (i) => refKey(inventory, vpcOf(i), 'Vpc'));
}

export function vpcKey(vpc: EntityOf<'Vpc'>): string {
  return vpc.meta.address;
}

interface RouteIndex {
  bySubnet: Map<string, RouteTable[]>;
  mainByVpc: Map<string, RouteTable[]>;
}

const routeIndexes = new WeakMap<Inventory, RouteIndex>();

function routeIndex(inventory: Inventory): RouteIndex {
  let idx = routeIndexes.get(inventory);
  if (idx) return idx;
  const bySubnet = new Map<string, RouteTable[]>();
  const tables = ofKind(inventory, 'RouteTable');
  for (const t of tables) {
    for (const s of t.subnets) {
      const k = refKey(inventory, s, 'Subnet');
      if (!k) continue;
      const list = bySubnet.get(k);
      if (list) list.push(t);
      else bySubnet.set(k, [t]);
    }
  }
  idx = {
    bySubnet,
    mainByVpc: byVpc(
      inventory,
      tables.filter((t) => t.main),
      (t) => t.vpc,
    ),
  };
  routeIndexes.set(inventory, idx);
  return idx;
}

/** The route tables that apply to a subnet: its explicit associations, else its VPC's main table. */
export function routeTablesForSubnet(inventory: Inventory, subnetRef: Ref): RouteTable[] {
  const idx = routeIndex(inventory);
  const explicit = idx.bySubnet.get(refKey(inventory, subnetRef, 'Subnet') ?? '');
  if (explicit) return explicit;
  const subnet = resolve(inventory, subnetRef, 'Subnet');
  const vk = refKey(inventory, subnet?.vpc, 'Vpc');
  return vk ? (idx.mainByVpc.get(vk) ?? []) : [];
}
