/**
 * A rule reads only the model kinds it declares (`meta.reads`), the declaration the per-rule source table
 * (`rules --format json`, `explain`) is derived from: run on an inventory holding only its declared kinds,
 * every rule must give exactly the results it gives on the whole inventory. A kind read without being
 * declared (by kind, by following a reference, by scanning every entity) changes a result and fails here.
 * Inputs: every real plan in fixtures/corpus, the example plans and the breadth fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import type { RuleResult } from '../../src/engine/types.js';
import { addEntity, createInventory, type Inventory } from '../../src/model/inventory.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';

const files = [
  ...readdirSync('fixtures/corpus')
    .filter((n) => n.endsWith('.json'))
    .map((n) => `fixtures/corpus/${n}`),
  ...readdirSync('fixtures/breadth')
    .filter((n) => n.endsWith('.json'))
    .map((n) => `fixtures/breadth/${n}`),
  'fixtures/examples/bedrock-airgapped.plan.json',
  'fixtures/examples/bedrock-looks-private.plan.json',
];

function restricted(full: Inventory, kinds: ReadonlySet<string>): Inventory {
  const inv = createInventory();
  for (const e of full.entities) if (kinds.has(e.kind)) addEntity(inv, e);
  inv.problems.push(...full.problems);
  inv.inputs.push(...full.inputs);
  inv.providers.push(...full.providers);
  inv.accounts.push(...full.accounts);
  inv.regions.push(...full.regions);
  return inv;
}

const comparable = (results: RuleResult[]): string[] =>
  results.map((r) => JSON.stringify([r.resource.address, r.key, r.status, r.reason, r.message])).sort();

describe('every rule reads only the kinds it declares', () => {
  const inventories = files.map((f) => ({
    f,
    inv: inventoryFromPlans([loadPlan(JSON.parse(readFileSync(f, 'utf8')), f)]),
  }));
  const context = { config: { ...defaultConfig(), allowedRegions: ['eu-west-1'] }, profile: 'highest-trust' as const };
  for (const rule of allRules.filter((r) => !r.meta.readsAll)) {
    it(`${rule.meta.id} reads ${rule.meta.reads.join(', ') || 'nothing'}`, () => {
      const kinds = new Set<string>(rule.meta.reads);
      for (const { f, inv } of inventories) {
        const whole = comparable(rule.check(inv, context));
        const declared = comparable(rule.check(restricted(inv, kinds), context));
        expect(declared, `${rule.meta.id} on ${f}`).toEqual(whole);
      }
    });
  }
});
