/**
 * Where a security-group egress CIDR may send traffic: inside the boundary (a boundary VPC's range or
 * private address space), or out to the internet. `0.0.0.0/1` + `128.0.0.0/1` is the internet too,
 * so any range that reaches public address space counts, not only the literal `/0`.
 */
import { CidrSet, isAnyAddress } from './cidr.js';

/** Private and shared IPv4 space: not routable on the internet. */
const PRIVATE_V4 = new CidrSet(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16']);

export type PeerVerdict = 'internal' | 'internet' | 'review';

/**
 * A rule passes the same list of VPC CIDRs for every security group, so the index over it is built once per list.
 * The list is read-only to this module: it must not change after its first use.
 */
const indexes = new WeakMap<readonly string[], CidrSet>();

function indexOf(vpcCidrs: readonly string[] | CidrSet): CidrSet {
  if (vpcCidrs instanceof CidrSet) return vpcCidrs;
  let index = indexes.get(vpcCidrs);
  if (!index) indexes.set(vpcCidrs, (index = new CidrSet(vpcCidrs)));
  return index;
}

export function classifyEgressCidr(cidr: string, vpcCidrs: readonly string[] | CidrSet): PeerVerdict {
  const c = cidr.trim();
  if (isAnyAddress(c)) return 'internet';
  if (indexOf(vpcCidrs).contains(c)) return 'internal';
  if (c.includes(':')) {
    // Unique local addresses (fc00::/7) stay private; other IPv6 ranges are global unicast.
    return /^f[cd][0-9a-f]{0,2}:/i.test(c) ? 'internal' : 'review';
  }
  if (PRIVATE_V4.contains(c)) return 'internal';
  return /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(c) ? 'internet' : 'review';
}
