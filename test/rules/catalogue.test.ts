/** The rules in rules/ are exactly the catalogue's stable ids, in catalogue order (src/engine/catalogue.ts). */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { RULE_IDS } from '../../src/engine/catalogue.js';

describe('rule catalogue', () => {
  it('rules/ implements exactly the catalogue ids, in order', () => {
    expect(allRules.map((r) => r.meta.id)).toEqual([...RULE_IDS]);
  });
});
