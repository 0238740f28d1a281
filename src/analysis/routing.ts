/** Which route tables govern a subnet, and whether a table opens a path to the internet. */
import { ofKind, resolve, sameRef, type Inventory } from '../model/inventory.js';
import type { Ref, Route, RouteTable, Subnet } from '../model/types.js';
import { isAnyAddress } from './cidr.js';

/** Route targets that put traffic on the public internet without leaving the input's sight. */
export const INTERNET_TARGETS = new Set<Route['target']>(['internet-gateway', 'egress-only-internet-gateway', 'nat-gateway', 'instance', 'network-interface']);

export function isDefaultRoute(route: Route): boolean {
  return route.destination !== undefined && isAnyAddress(route.destination);
}

/** The route tables that apply to a subnet: its explicit associations, else its VPC's main table. */
export function routeTablesForSubnet(inventory: Inventory, subnetRef: Ref): RouteTable[] {
  const tables = ofKind(inventory, 'RouteTable');
  const explicit = tables.filter((t) => t.subnets.some((s) => sameRef(inventory, s, subnetRef)));
  if (explicit.length) return explicit;
  const subnet: Subnet | undefined = resolve(inventory, subnetRef, 'Subnet');
  if (!subnet?.vpc) return [];
  return tables.filter((t) => t.main && sameRef(inventory, t.vpc, subnet.vpc));
}

/** Whether a route reaches the internet, taking a private NAT gateway for what it is. */
export function routeReachesInternet(inventory: Inventory, route: Route): boolean {
  if (!isDefaultRoute(route) || !INTERNET_TARGETS.has(route.target)) return false;
  if (route.target === 'nat-gateway') {
    const nat = resolve(inventory, route.targetRef, 'NatGateway');
    if (nat?.connectivityType === 'private') return false;
  }
  return true;
}
