import { describe, it } from 'vitest';
import type { PlanSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const P = 'provider["registry.terraform.io/hashicorp/aws"]';

function withConstraint(versionConstraint?: string): PlanSpec {
  return {
    providers: { aws: { region: 'us-east-1', ...(versionConstraint ? { versionConstraint } : {}) } },
    resources: [],
  };
}

const cases: RuleCase[] = [
  { name: 'an exact version passes', plan: withConstraint('5.82.2'), expect: { [P]: 'pass' } },
  { name: '"= 5.82.2" passes', plan: withConstraint('= 5.82.2'), expect: { [P]: 'pass' } },
  { name: 'a pessimistic constraint fails', plan: withConstraint('~> 5.0'), expect: { [P]: 'fail' } },
  { name: 'a range fails', plan: withConstraint('>= 5.0, < 6.0'), expect: { [P]: 'fail' } },
  { name: 'no constraint fails', plan: withConstraint(), expect: { [P]: 'fail' } },
];

describe('UPD-002 provider versions exact', () => {
  for (const c of cases) it(c.name, () => checkCase('UPD-002', c));
});
