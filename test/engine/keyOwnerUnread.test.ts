/**
 * A pass about a KMS key whose manager the input does not settle (live: the calls that would tell an AWS managed key
 * failed; a plan: known only after apply) is not-assessed naming why, whatever rule passed it; a fail stays a fail,
 * and a pass about a settled key is untouched.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';
import type { Inventory } from '../../src/model/inventory.js';
import { markUnknown, markUnreadable } from '../../src/model/values.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { buildPlan } from '../support/planBuilder.js';
import { kmsKey, plan } from '../rules/kmsFixtures.js';

function keysInventory(): Inventory {
  return inventoryFromPlans([
    loadPlan(buildPlan(plan(kmsKey('unread'), kmsKey('later'), kmsKey('settled'))), 'plan.json'),
  ]);
}

function findingsOf(inventory: Inventory, ruleId: string): Map<string, Finding> {
  const rules = allRules.filter((r) => r.meta.id === ruleId);
  const findings = runRules(inventory, rules, { config: defaultConfig(), profile: 'highest-trust' });
  return new Map(findings.map((f) => [f.resource.address, f]));
}

describe('passes about keys of unknown manager', () => {
  it('turns a pass into not-assessed naming the failed call or the plan-time unknown', () => {
    const inventory = keysInventory();
    const byAddress = (address: string) => inventory.entities.find((e) => e.meta.address === address);
    const unread = byAddress('aws_kms_key.unread');
    const later = byAddress('aws_kms_key.later');
    if (unread?.kind !== 'KmsKey' || later?.kind !== 'KmsKey') throw new Error('keys not loaded');
    markUnreadable(unread, 'customerManaged', 'kms:ListAliases');
    markUnknown(later, 'customerManaged');

    const rotation = findingsOf(inventory, 'KMS-004');
    const before = findingsOf(keysInventory(), 'KMS-004');
    expect(before.get('aws_kms_key.unread')?.status).toBe('pass');
    expect(rotation.get('aws_kms_key.unread')).toMatchObject({
      status: 'not-assessed',
      reason: 'access-denied',
      message: `Not judged: whether this key is customer-managed is not known (kms:ListAliases failed); the rule alone would say: ${before.get('aws_kms_key.unread')?.message}`,
      evidence: before.get('aws_kms_key.unread')?.evidence,
    });
    expect(rotation.get('aws_kms_key.later')).toMatchObject({
      status: 'not-assessed',
      reason: 'unknown-at-plan',
      message: expect.stringMatching(
        /^Not judged: .*\(its manager is known only after apply\); the rule alone would say: /,
      ),
    });
    expect(rotation.get('aws_kms_key.settled')).toEqual(before.get('aws_kms_key.settled'));
  });

  it('leaves a fail about such a key a fail', () => {
    const inventory = inventoryFromPlans([
      loadPlan(buildPlan(plan(kmsKey('off', { enable_key_rotation: false }))), 'plan.json'),
    ]);
    const key = inventory.entities.find((e) => e.kind === 'KmsKey');
    if (key?.kind !== 'KmsKey') throw new Error('key not loaded');
    markUnreadable(key, 'customerManaged', 'kms:ListAliases');
    expect(findingsOf(inventory, 'KMS-004').get('aws_kms_key.off')?.status).toBe('fail');
  });
});
