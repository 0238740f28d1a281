/**
 * A key policy the tool cannot read in a state file (no `configuration` section) must be not-assessed,
 * never judged the default key policy. These are the robustness review's reproducers, rebuilt: a
 * leading BOM, `Principal: ["*"]`, invalid JSON, a number. A policy that cannot be read is a value
 * state of its own (malformed), which no rule passes.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { assessInventory } from '../../src/scan.js';

const WIDE = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}';

function stateWithKeyPolicy(policy: unknown): Record<string, unknown> {
  return {
    format_version: '1.0',
    terraform_version: '1.9.0',
    values: {
      root_module: {
        resources: [
          {
            address: 'aws_kms_key.k',
            mode: 'managed',
            type: 'aws_kms_key',
            name: 'k',
            values: { enable_key_rotation: true, policy },
            sensitive_values: {},
          },
        ],
      },
    },
  };
}

const CASES: Array<[string, unknown]> = [
  ['a leading byte-order mark', `\uFEFF${WIDE}`],
  ['a principal list', WIDE.replace('"Principal":"*"', '"Principal":["*"]')],
  ['invalid JSON', WIDE.slice(0, -3)],
  ['a number', 42],
];

describe('unreadable key policies in state JSON', () => {
  for (const [what, policy] of CASES) {
    it(`are not judged the default policy: ${what}`, () => {
      const inventory = inventoryFromPlans([loadPlan(stateWithKeyPolicy(policy), 'state.json')]);
      const report = assessInventory(inventory, { config: defaultConfig(), profile: 'highest-trust' });
      const verdicts = report.findings
        .filter((f) => f.ruleId === 'KMS-002' || f.ruleId === 'KMS-003')
        .map((f) => `${f.ruleId} ${f.status}`);
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => v.endsWith(' pass'))).toEqual([]);
    });
  }
});
