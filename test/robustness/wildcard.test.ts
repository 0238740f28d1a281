/**
 * The regex-free wildcard matchers agree with the regular expressions they replaced on random patterns
 * and values, and a pattern of any length (the fuzzer's 60 KB IAM action, a 50,000-character glob)
 * is matched, not thrown.
 */
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../src/engine/glob.js';
import { wildcardMatch } from '../../src/policy/analysis.js';
import { createRandom } from '../input/randomJson.js';
import { defaultConfig } from '../../src/config/config.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { assessInventory } from '../../src/scan.js';
import { buildPlan } from '../support/planBuilder.js';

function iamRegExp(pattern: string): RegExp {
  const src = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`, 'is');
}

function globRegExp(pattern: string): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      src += '.*';
      i++;
    } else if (c === '*') src += '[^.]*';
    else src += c.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 's');
}

describe('wildcard matching without regular expressions', () => {
  it('agrees with the regular-expression semantics on 10,000 random cases', () => {
    const rand = createRandom(1207).next;
    const alphabet = ['a', 'B', '.', ':', '*', '?', '[', '"'];
    const pick = (n: number, chars: string[]): string =>
      Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
    for (let i = 0; i < 10_000; i++) {
      const pattern = pick(Math.floor(rand() * 8), alphabet);
      const value = pick(Math.floor(rand() * 10), ['a', 'b', 'A', '.', ':', '[', '"', '*']);
      expect(wildcardMatch(pattern, value), `iam ${pattern} ~ ${value}`).toBe(
        pattern === '*' || iamRegExp(pattern).test(value),
      );
      expect(globMatch(pattern, value), `glob ${pattern} ~ ${value}`).toBe(
        pattern.includes('*') ? globRegExp(pattern).test(value) : pattern === value,
      );
    }
  });

  it('matches patterns of 60,000 characters in well under a second', () => {
    const started = Date.now();
    const longAction = `s3:${'Get'.repeat(20_000)}*`;
    expect(wildcardMatch(longAction, 's3:GetObject')).toBe(false);
    expect(wildcardMatch(`${'*'.repeat(60_000)}`, 's3:GetObject')).toBe(true);
    expect(wildcardMatch(`${'?*'.repeat(30_000)}`, 'x'.repeat(40_000))).toBe(true);
    expect(wildcardMatch(`${'?*'.repeat(30_000)}`, 'x'.repeat(20_000))).toBe(false);
    expect(globMatch(`aws_vpc.${'*'.repeat(50_000)}`, 'aws_vpc.main')).toBe(true);
    expect(globMatch(`**${'x'.repeat(50_000)}`, 'aws_vpc.main')).toBe(false);
    expect(globMatch(`${'*.'.repeat(25_000)}**`, 'a.b.c')).toBe(false);
    // Generous: a failure here is a hang, not a slow machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('scans a plan whose policy, waiver and --resource glob are 50,000+ characters', () => {
    const action = `s3:${'x'.repeat(60_000)}*`;
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: [action, '*'], Resource: '*' }] });
    const plan = buildPlan({ resources: [{ address: 'aws_iam_policy.p', values: { name: 'p', policy } }] });
    const inventory = inventoryFromPlans([loadPlan(plan, 'long.json')]);
    const glob = `aws_iam_policy.${'*'.repeat(50_000)}`;
    const waiver = { ruleId: 'IAM-004', resource: glob, reason: 'r', owner: 'o', expires: '2999-01-01' };
    const report = assessInventory(inventory, { config: defaultConfig(), waivers: [waiver], resource: glob });
    expect(report.findings.some((f) => f.resource.address === 'aws_iam_policy.p')).toBe(true);
  });
});
