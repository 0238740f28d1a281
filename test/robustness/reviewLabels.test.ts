/**
 * Small faults of the reliability review, each pinned: the reason a failed live call gives (a 500 or a garbled
 * answer is data left unread, not out of scope), a live value that could not be read is never "unknown until
 * apply", a port given as something other than a number is not printed `443-undefined`, and a provider name
 * that is not a string does not become `provider["[object Object]"]`.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import { gapReason } from '../../src/engine/ruleKit.js';
import { addEntity, type CollectionGap, createInventory } from '../../src/model/inventory.js';
import type { KmsKey } from '../../src/model/types.js';
import { markUnreadableMeta } from '../../src/model/values.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { findingsFor } from '../support/ruleTester.js';
import { buildPlan } from '../support/planBuilder.js';

const config = defaultConfig();

describe('reasons and labels', () => {
  it('gives a failed call other than a refusal the reason access-denied (unread), a disabled region out-of-scope', () => {
    const gap: Omit<CollectionGap, 'reason'> = { kinds: [], call: 's3:ListAllMyBuckets', detail: 'garbled' };
    expect(gapReason({ ...gap, reason: 'error' })).toBe('access-denied');
    expect(gapReason({ ...gap, reason: 'access-denied' })).toBe('access-denied');
    expect(gapReason({ ...gap, reason: 'region-not-enabled' })).toBe('out-of-scope');

    const inventory = createInventory();
    inventory.accounts.push('123456789012');
    inventory.gaps.push({ ...gap, kinds: ['Bucket'], reason: 'error' });
    const rule = allRules.filter((r) => r.meta.id === 'AUD-007');
    const f = runRules(inventory, rule, { config, profile: 'highest-trust' }).find(
      (x) => x.resource.type === 'aws_account',
    );
    expect(f).toMatchObject({ status: 'not-assessed', reason: 'access-denied' });
  });

  it('says a live key field whose call failed is not readable, not unknown until apply', () => {
    const key: KmsKey = {
      kind: 'KmsKey',
      meta: {
        source: 'aws',
        address: 'arn:aws:kms:us-east-1:123456789012:key/k',
        type: 'aws_kms_key',
        region: 'us-east-1',
      },
      id: 'k',
      arn: 'arn:aws:kms:us-east-1:123456789012:key/k',
      customerManaged: true,
      policy: { state: 'unreadable', call: 'kms:DescribeKey', origin: 'kms:DescribeKey (failed)', what: 'x' },
      aliases: [],
    };
    markUnreadableMeta(key.meta, 'keySpec', 'kms:DescribeKey');
    markUnreadableMeta(key.meta, 'rotationEnabled', 'kms:DescribeKey');
    const inventory = createInventory();
    addEntity(inventory, key);
    const rule = allRules.filter((r) => r.meta.id === 'KMS-004');
    const [f] = runRules(inventory, rule, { config, profile: 'highest-trust' });
    expect(f).toMatchObject({
      status: 'not-assessed',
      reason: 'access-denied',
      message: 'The key spec is not readable (kms:DescribeKey failed)',
    });
    expect(f?.evidence[0]?.observed).toBe('(not readable)');
  });

  it('prints a port given as a string as unstated, never undefined', () => {
    const findings = findingsFor('EGR-001', {
      resources: [
        {
          address: 'aws_security_group.s',
          values: {
            egress: [{ protocol: 'tcp', from_port: 443, to_port: 'x', cidr_blocks: ['0.0.0.0/0'] }],
          },
        },
      ],
    });
    const text = JSON.stringify(findings);
    expect(text).not.toContain('undefined');
    expect(text).toContain('443-(not stated)');
  });

  it('names a provider whose name is not a string by its configuration key', () => {
    const plan = buildPlan({ resources: [], providers: { aws: { region: 'us-east-1', versionConstraint: '5.0.0' } } });
    const config0 = plan.configuration as { provider_config: Record<string, Record<string, unknown>> };
    for (const p of Object.values(config0.provider_config)) {
      p.name = { not: 'a string' };
      delete p.full_name;
    }
    const inventory = inventoryFromPlans([loadPlan(plan, 'plan.json')]);
    const addresses = inventory.entities.filter((e) => e.kind === 'ProviderRequirement').map((e) => e.meta.address);
    expect(addresses).toEqual(['provider["aws"]']);
  });
});
