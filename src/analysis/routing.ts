/** Whether a route opens a path to the internet. */
import { resolve, type Inventory } from '../model/inventory.js';
import type { Route } from '../model/types.js';
import { isAnyAddress } from './cidr.js';

/** Route targets that put traffic on the public internet without leaving the input's sight. */
export const INTERNET_TARGETS = new Set<Route['target']>([
  'internet-gateway',
  'egress-only-internet-gateway',
  'nat-gateway',
  'instance',
  'network-interface',
]);

export function isDefaultRoute(route: Route): boolean {
  return route.destination !== undefined && isAnyAddress(route.destination);
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
