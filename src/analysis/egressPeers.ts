/**
 * Where a security-group egress CIDR may send traffic: inside the boundary (a boundary VPC's range or
 * private address space), or out to the internet. `0.0.0.0/1` + `128.0.0.0/1` is the internet too,
 * so any range that reaches public address space counts, not only the literal `/0`.
 */
import { cidrWithin, isAnyAddress } from './cidr.js';

/** Private and shared IPv4 space: not routable on the internet. */
const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];

export type PeerVerdict = 'internal' | 'internet' | 'review';

export function classifyEgressCidr(cidr: string, vpcCidrs: readonly string[]): PeerVerdict {
  const c = cidr.trim();
  if (isAnyAddress(c)) return 'internet';
  if (vpcCidrs.some((v) => cidrWithin(c, v))) return 'internal';
  if (c.includes(':')) {
    // Unique local addresses (fc00::/7) stay private; other IPv6 ranges are global unicast.
    return /^f[cd][0-9a-f]{0,2}:/i.test(c) ? 'internal' : 'review';
  }
  if (PRIVATE_V4.some((p) => cidrWithin(c, p))) return 'internal';
  return /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(c) ? 'internet' : 'review';
}
