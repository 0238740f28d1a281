/** `--shard I/N`: the partition of (account x region) pairs is complete, disjoint, stable and balanced. */
import { describe, expect, it } from 'vitest';
import { GLOBAL_UNIT, parseShard, shardOfUnit, shareOf, unitsOf } from '../../src/aws/shard.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-west-2', 'ca-central-1'];
const ACCOUNTS = Array.from({ length: 40 }, (_, i) => String(100000000000 + i * 7919));

function pairsOf(shard: { index: number; count: number } | undefined, accounts = ACCOUNTS): string[] {
  const out: string[] = [];
  for (const a of accounts) {
    const share = shareOf(a, REGIONS, shard);
    if (share.global) out.push(`${a}/${GLOBAL_UNIT}`);
    for (const r of share.regions) out.push(`${a}/${r}`);
  }
  return out;
}

describe('shard partition', () => {
  for (const count of [1, 2, 3, 7, 64]) {
    it(`covers every pair exactly once in ${count} shard(s)`, () => {
      const all = pairsOf(undefined).sort();
      const seen: string[] = [];
      for (let index = 1; index <= count; index++) seen.push(...pairsOf({ index, count }));
      // Union == all pairs, and no pair twice (disjoint).
      expect([...seen].sort()).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
    });
  }

  it('runs the global collectors of each account in exactly one shard', () => {
    for (const a of ACCOUNTS) {
      const owners = [1, 2, 3].filter((index) => shareOf(a, REGIONS, { index, count: 3 }).global);
      expect(owners).toHaveLength(1);
    }
  });

  it('does not depend on the order regions or accounts were listed in, nor on other accounts', () => {
    const shuffled = [...REGIONS].reverse();
    for (const a of ACCOUNTS.slice(0, 5))
      for (let index = 1; index <= 4; index++)
        expect(shareOf(a, shuffled, { index, count: 4 })).toEqual(shareOf(a, REGIONS, { index, count: 4 }));
    const alone = pairsOf({ index: 2, count: 5 }, [ACCOUNTS[3] ?? '']);
    expect(pairsOf({ index: 2, count: 5 }).filter((p) => p.startsWith(`${ACCOUNTS[3]}/`))).toEqual(alone);
  });

  it('is the same on every machine: pinned assignments', () => {
    // A change here re-deals every running matrix: it must be deliberate.
    expect(unitsOf(['us-west-2', 'eu-west-1', 'us-west-2'])).toEqual([GLOBAL_UNIT, 'eu-west-1', 'us-west-2']);
    expect(
      ['111111111111', '123456789012', '222222222222'].map((a) => shardOfUnit(a, REGIONS, GLOBAL_UNIT, 3)),
    ).toEqual([3, 1, 2]);
  });

  it('spreads the work evenly', () => {
    const count = 4;
    const sizes = Array.from({ length: count }, (_, i) => pairsOf({ index: i + 1, count }).length);
    const total = ACCOUNTS.length * (REGIONS.length + 1);
    for (const n of sizes) expect(Math.abs(n - total / count)).toBeLessThanOrEqual(ACCOUNTS.length / 2);
  });
});

describe('--shard parsing', () => {
  it('reads I/N', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '-1/3', '1.5/3', '1/3/4', ''])
    it(`refuses "${bad}" with one line`, () => {
      expect(() => parseShard(bad)).toThrow(/^--shard: /);
    });
});
