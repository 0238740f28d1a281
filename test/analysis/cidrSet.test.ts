/**
 * `CidrSet` must answer exactly as the one-by-one comparison it replaces, and `cidrWithin` must agree with Node's own
 * address matcher (`net.BlockList`) for IPv4 and IPv6. Inputs are seeded and clustered so that nesting, equal ranges,
 * host bits set under the prefix, and text that is no CIDR at all all occur often.
 */
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CidrSet, cidrWithin } from '../../src/analysis/cidr.js';
import { createRandom, type Random } from '../input/randomJson.js';

function v4Text(random: Random, bases: readonly number[]): string {
  // Near one of a few bases, so that ranges nest; sometimes with the prefix left off (a single address).
  const base = random.pick(bases);
  const address = (base + random.int(0, 1) * random.int(0, 2 ** random.int(0, 20))) >>> 0;
  const dotted = [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
  return random.next() < 0.1 ? dotted : `${dotted}/${random.int(0, 32)}`;
}

function v6Text(random: Random, bases: readonly bigint[]): string {
  const base = random.pick(bases);
  const address = (base + BigInt(random.int(0, 1)) * (1n << BigInt(random.int(0, 100)))) & ((1n << 128n) - 1n);
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Full form or compressed at the longest run of zero groups, upper or lower case.
  let text = groups.join(':');
  const zeroRun = /(^|:)0(:0)+(:|$)/.exec(text);
  if (zeroRun && random.next() < 0.7) text = text.replace(zeroRun[0], '::');
  if (random.next() < 0.2) text = text.toUpperCase();
  return `${text}/${random.int(0, 128)}`;
}

const JUNK = ['', 'pl-12345678', 'sg-0abc', '10.0.0.0/33', '10.0.0/8', '::1::2/64', '10.0.0.0/', ' 10.0.0.0/8 '];

function randomCidr(random: Random, bases4: readonly number[], bases6: readonly bigint[]): string {
  const roll = random.next();
  if (roll < 0.05) return random.pick(JUNK);
  return roll < 0.55 ? v4Text(random, bases4) : v6Text(random, bases6);
}

/** Node's matcher as the reference: inside when no shorter and the inner address falls in the outer subnet. */
function referenceWithin(inner: string, outer: string): boolean {
  const [innerAddress = '', innerBits] = inner.split('/');
  const [outerAddress = '', outerBits = ''] = outer.split('/');
  const family = innerAddress.includes(':') ? 'ipv6' : 'ipv4';
  if (family !== (outerAddress.includes(':') ? 'ipv6' : 'ipv4')) return false;
  const list = new BlockList();
  list.addSubnet(outerAddress, Number(outerBits), family);
  const innerLength = innerBits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(innerBits);
  return innerLength >= Number(outerBits) && list.check(innerAddress, family);
}

describe('cidrWithin', () => {
  it('agrees with net.BlockList on seeded IPv4 and IPv6 ranges', () => {
    const random = createRandom(15);
    const bases4 = [0x0a000000, 0xac100000, 0xc0a80000, 0x08080808];
    const bases6 = [0x20010db8n << 96n, 0xfd00n << 112n, 0x26001f18n << 96n];
    let inside = 0;
    for (let i = 0; i < 10_000; i++) {
      const inner = random.next() < 0.5 ? v4Text(random, bases4) : v6Text(random, bases6);
      const outer = random.next() < 0.5 ? v4Text(random, bases4) : v6Text(random, bases6);
      const outerWithPrefix = outer.includes('/') ? outer : `${outer}/32`;
      const expected = referenceWithin(inner, outerWithPrefix);
      expect(cidrWithin(inner, outerWithPrefix), `${inner} in ${outerWithPrefix}`).toBe(expected);
      if (expected) inside++;
    }
    // The inputs must actually exercise containment, not only disjoint ranges.
    expect(inside).toBeGreaterThan(500);
  });

  it('compares text that is no CIDR as text, and never nests across families', () => {
    expect(cidrWithin('pl-12345678', 'pl-12345678')).toBe(true);
    expect(cidrWithin('10.0.0.0/', '10.0.0.0/8')).toBe(false);
    expect(cidrWithin('10.1.0.0/16', '10.0.0.0/')).toBe(false);
    expect(cidrWithin('::ffff:10.0.0.1/128', '10.0.0.0/8')).toBe(false);
    expect(cidrWithin('2001:db8:1::/48', '2001:DB8::/32')).toBe(true);
    expect(cidrWithin('2001:db9::/48', '2001:db8::/32')).toBe(false);
  });
});

describe('CidrSet', () => {
  it('answers exactly as ranges.some(cidrWithin) on seeded mixed input', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = createRandom(seed);
      const bases4 = Array.from({ length: 6 }, () => random.int(0, 2 ** 32 - 1));
      const bases6 = Array.from({ length: 4 }, () => BigInt(random.int(0, 2 ** 32 - 1)) << 96n);
      const ranges = Array.from({ length: random.int(0, 300) }, () => randomCidr(random, bases4, bases6));
      const set = new CidrSet(ranges);
      let inside = 0;
      for (let i = 0; i < 1_000; i++) {
        const inner = random.next() < 0.3 && ranges.length ? random.pick(ranges) : randomCidr(random, bases4, bases6);
        const expected = ranges.some((r) => cidrWithin(inner, r));
        expect(set.contains(inner), `seed ${seed}: ${inner}`).toBe(expected);
        if (expected) inside++;
      }
      if (ranges.length > 50) expect(inside).toBeGreaterThan(100);
    }
  });
});
