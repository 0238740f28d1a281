/** IPv4/IPv6 CIDR helpers: "is this the whole internet", "is this range inside that one". */

export function isAnyAddress(cidr: string): boolean {
  const c = cidr.trim();
  return c === '0.0.0.0/0' || c === '::/0';
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

const parsed = new Map<string, { base: number; bits: number } | undefined>();

/** Rules compare the same few CIDRs many times: parse each once. */
function parseV4(cidr: string): { base: number; bits: number } | undefined {
  if (parsed.has(cidr)) return parsed.get(cidr);
  const result = parseV4Uncached(cidr);
  if (parsed.size < 100_000) parsed.set(cidr, result);
  return result;
}

function parseV4Uncached(cidr: string): { base: number; bits: number } | undefined {
  const [ip, bitsText] = cidr.split('/');
  const base = ipv4ToInt(ip ?? '');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  return { base, bits };
}

/** Whether `inner` lies inside `outer` (IPv4 only; IPv6 compares textually). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseV4(inner);
  const b = parseV4(outer);
  if (!a || !b) return inner.trim().toLowerCase() === outer.trim().toLowerCase();
  if (a.bits < b.bits) return false;
  const size = 2 ** (32 - b.bits);
  return Math.floor(a.base / size) === Math.floor(b.base / size);
}
