/**
 * Hostile and mutated plans never crash the scanner: real plans (the corpus and the shipped
 * examples) with random nodes replaced by values of the wrong type, run through the loader, every
 * rule of every profile and the text and JSON reporters. Only an InputError may come out.
 * Seeded, so a failure is reproducible from the printed seed and iteration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { InputError } from '../../src/input/inputError.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { assessInventory } from '../../src/scan.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { repoRoot } from '../support/cli.js';
import { createRandom } from '../input/randomJson.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const WRONG: Json[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  '*',
  '0.0.0.0/0',
  '{"Statement":',
  '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  [],
  [null],
  {},
  { constructor: 1 },
  { __proto__: { x: 1 } } as unknown as Json,
  'module.x["a.b"].aws_vpc.y[0]',
  // Prototype member names (as values that become keys) and a pattern no regular expression can hold.
  '__proto__',
  'constructor',
  'toString',
  `s3:${'Get'.repeat(20_000)}*`,
];

/** At least this many seeded cases run in CI (the robustness review's floor). */
const CASES = 2_000;

/** Every container node with its keys, for picking a node to replace. */
function containers(root: Json): Array<{ parent: Json[] | { [k: string]: Json }; key: string | number }> {
  const out: Array<{ parent: Json[] | { [k: string]: Json }; key: string | number }> = [];
  const stack: Json[] = [root];
  while (stack.length && out.length < 200_000) {
    const n = stack.pop() as Json;
    if (Array.isArray(n))
      n.forEach((v, i) => {
        out.push({ parent: n, key: i });
        stack.push(v);
      });
    else if (n && typeof n === 'object')
      for (const k of Object.keys(n)) {
        out.push({ parent: n, key: k });
        stack.push(n[k]);
      }
  }
  return out;
}

const dirs = [join(repoRoot, 'fixtures', 'corpus'), join(repoRoot, 'fixtures', 'examples')];
const plans = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.json') && f !== 'airgap-audit.config.json')
    .map((f) => join(d, f)),
);

describe('mutated plans never crash the scanner', () => {
  const rounds = Math.ceil(CASES / plans.length);
  it(`survives ${plans.length} plans × ${rounds} mutation rounds (${plans.length * rounds} cases)`, () => {
    const config = { ...defaultConfig(), allowedRegions: ['us-east-1'], auditBuckets: [{ name: 'x' }] };
    let runs = 0;
    let rejected = 0;
    plans.forEach((file, p) => {
      const text = readFileSync(file, 'utf8');
      for (let round = 0; round < rounds; round++) {
        const seed = p * 1000 + round + Number(process.env.MUTATION_SEED_BASE ?? 0);
        const rand = createRandom(seed).next;
        const doc = JSON.parse(text) as Json;
        const nodes = containers(doc);
        for (let m = 0; m < 1 + Math.floor(rand() * 8); m++) {
          const { parent, key } = nodes[Math.floor(rand() * nodes.length)];
          const value = WRONG[Math.floor(rand() * WRONG.length)];
          (parent as Record<string | number, Json>)[key] = value;
        }
        try {
          const inventory = inventoryFromPlans([loadPlan(doc, file)]);
          for (const profile of ['baseline', 'highest-trust'] as const) {
            const report = assessInventory(inventory, { config, profile });
            renderJson(report);
            renderText(report, { color: false });
          }
        } catch (err) {
          if (err instanceof InputError) {
            rejected++;
            continue;
          }
          throw new Error(`seed ${seed} (${file}): ${(err as Error).stack ?? String(err)}`);
        }
        runs++;
      }
    });
    expect(runs + rejected).toBeGreaterThanOrEqual(CASES);
    expect(runs).toBeGreaterThan(CASES / 2);
  }, 900_000);
});
