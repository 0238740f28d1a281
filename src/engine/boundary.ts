/**
 * The boundary: every VPC the inventory knows, narrowed by `boundaryVpcs` (address globs, `vpc-`
 * ids, `tag:Key=Value`). Resources are in the boundary when their VPC is, or when their VPC cannot
 * be told (a plan with no VPC still has to keep its gateways shut).
 */
import { ofKind, resolve, type Inventory } from '../model/inventory.js';
import type { Ref, Vpc } from '../model/types.js';
import type { AuditConfig } from '../config/config.js';
import { globMatch } from './glob.js';

function matches(vpc: Vpc, pattern: string): boolean {
  if (pattern.startsWith('tag:')) {
    const [k, v] = pattern.slice(4).split('=');
    return vpc.tags?.[k] !== undefined && (v === undefined || vpc.tags[k] === v);
  }
  if (pattern.startsWith('vpc-')) return vpc.id === pattern;
  return globMatch(pattern, vpc.meta.address);
}

export function boundaryVpcs(inventory: Inventory, config: AuditConfig): Vpc[] {
  const all = ofKind(inventory, 'Vpc');
  if (config.boundaryVpcs.length === 0) return all;
  return all.filter((v) => config.boundaryVpcs.some((p) => matches(v, p)));
}

/** Whether a resource attached to `vpcRef` is inside the boundary. */
export function inBoundary(inventory: Inventory, config: AuditConfig, vpcRef: Ref | undefined): boolean {
  if (config.boundaryVpcs.length === 0) return true;
  const vpc = resolve(inventory, vpcRef, 'Vpc');
  if (!vpc) {
    // A VPC named only by id (not managed here) can still match an id pattern.
    return vpcRef?.id !== undefined && config.boundaryVpcs.includes(vpcRef.id);
  }
  return config.boundaryVpcs.some((p) => matches(vpc, p));
}
