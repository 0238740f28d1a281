/**
 * The example plans under fixtures/examples/ are generated from the scenario builders, so they stay
 * in the exact `terraform show -json` shape. `npm run examples` rewrites them; this test fails when
 * a committed file differs from what the builders produce.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../support/planBuilder.js';
import { repoRoot } from '../support/cli.js';
import { blueprintPlan, leakyPlan, scenarioConfig } from '../support/scenarios/index.js';

const files: Array<[string, () => unknown]> = [
  ['bedrock-airgapped.plan.json', () => buildPlan(blueprintPlan())],
  ['bedrock-looks-private.plan.json', () => buildPlan(leakyPlan())],
  ['airgap-audit.config.json', () => scenarioConfig],
];

describe('shipped example plans', () => {
  for (const [name, build] of files) {
    it(`${name} matches its builder`, () => {
      const path = join(repoRoot, 'fixtures', 'examples', name);
      const text = `${JSON.stringify(build(), null, 1)}\n`;
      if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(path, text);
      expect(readFileSync(path, 'utf8')).toBe(text);
    });
  }
});
