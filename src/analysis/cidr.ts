/**
 * IPv4/IPv6 CIDR helpers: "is this the whole internet", "is this range inside that one", and `CidrSet`, which answers
 * "is this range inside any of these" in time independent of how many ranges the set holds (an estate can have
 * thousands of VPC CIDRs, and every security-group rule asks).
 */

export function isAnyAddress(cidr: string): boolean {
  const c = cidr.trim();
  return c === '0.0.0.0/0' || c === '::/0';
}

/**
 * A parsed range: `network` is the address shifted right to its prefix, so two ranges of one family nest exactly when
 * the longer one's address, shifted to the shorter one's prefix, equals the shorter one's network. IPv4 fits a double;
 * IPv6 needs a bigint.
 */
type ParsedCidr = { family: 4; address: number; bits: number } | { family: 6; address: bigint; bits: number };

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

/** RFC 4291 text form (with `::` and an optional dotted IPv4 tail) to a 128-bit integer. */
function ipv6ToBigInt(ip: string): bigint | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (text: string): number[] | undefined => {
    if (text === '') return [];
    const groups: number[] = [];
    const parts = text.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = ipv4ToInt(part);
        if (v4 === undefined) return undefined;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) groups.push(Number.parseInt(part, 16));
      else return undefined;
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let n = 0n;
  for (const g of [...head, ...new Array<number>(missing).fill(0), ...tail]) n = (n << 16n) | BigInt(g);
  return n;
}

function parseUncached(cidr: string): ParsedCidr | undefined {
  const [ip = '', bitsText, extra] = cidr.split('/');
  if (extra !== undefined) return undefined;
  const family = ip.includes(':') ? 6 : 4;
  const width = family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return undefined;
  if (family === 4) {
    const address = ipv4ToInt(ip);
    return address === undefined ? undefined : { family, address, bits };
  }
  const address = ipv6ToBigInt(ip);
  return address === undefined ? undefined : { family, address, bits };
}

const parsed = new Map<string, ParsedCidr | undefined>();

/** Rules compare the same few CIDRs many times: parse each once. */
function parse(cidr: string): ParsedCidr | undefined {
  if (parsed.has(cidr)) return parsed.get(cidr);
  const result = parseUncached(cidr);
  if (parsed.size < 100_000) parsed.set(cidr, result);
  return result;
}

/** The range's address shifted right so only its first `bits` bits remain. */
function prefixOf(c: ParsedCidr, bits: number): number | bigint {
  return c.family === 4 ? Math.floor(c.address / 2 ** (32 - bits)) : c.address >> BigInt(128 - bits);
}

/** Text that is not a CIDR is compared as text, so an unparsed value still matches itself. */
const textKey = (cidr: string): string => cidr.trim().toLowerCase();

/** Whether `inner` lies inside `outer` (IPv4 or IPv6; text that parses as neither compares textually). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parse(inner);
  const b = parse(outer);
  if (!a || !b) return textKey(inner) === textKey(outer);
  if (a.family !== b.family || a.bits < b.bits) return false;
  return prefixOf(a, b.bits) === prefixOf(b, b.bits);
}

/**
 * A set of ranges answering `contains(inner)` exactly as `ranges.some((r) => cidrWithin(inner, r))` would, with one
 * hash lookup per distinct prefix length in the set (at most 33 for IPv4, 129 for IPv6) instead of one comparison per
 * range.
 */
export class CidrSet {
  /** Per family, prefix length -> the networks of that length. */
  private readonly v4 = new Map<number, Set<number>>();
  private readonly v6 = new Map<number, Set<bigint>>();
  /** Ranges that did not parse, by text. */
  private readonly unparsed = new Set<string>();
  /** Every range by text: an inner value that does not parse matches only by text. */
  private readonly all = new Set<string>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];

  constructor(ranges: Iterable<string>) {
    for (const range of ranges) {
      this.all.add(textKey(range));
      const c = parse(range);
      if (!c) this.unparsed.add(textKey(range));
      else if (c.family === 4) addTo(this.v4, c.bits, prefixOf(c, c.bits) as number);
      else addTo(this.v6, c.bits, prefixOf(c, c.bits) as bigint);
    }
    this.v4Lengths = [...this.v4.keys()].sort((x, y) => x - y);
    this.v6Lengths = [...this.v6.keys()].sort((x, y) => x - y);
  }

  contains(inner: string): boolean {
    const a = parse(inner);
    if (!a) return this.all.has(textKey(inner));
    if (this.unparsed.has(textKey(inner))) return true;
    if (a.family === 4) {
      for (const bits of this.v4Lengths) {
        if (bits > a.bits) break;
        if (this.v4.get(bits)?.has(prefixOf(a, bits) as number)) return true;
      }
      return false;
    }
    for (const bits of this.v6Lengths) {
      if (bits > a.bits) break;
      if (this.v6.get(bits)?.has(prefixOf(a, bits) as bigint)) return true;
    }
    return false;
  }
}

function addTo<T>(index: Map<number, Set<T>>, bits: number, network: T): void {
  let set = index.get(bits);
  if (!set) index.set(bits, (set = new Set()));
  set.add(network);
}
