/**
 * The same unsettled values, once as a plan leaves them (unknown until apply) and once as a live scan does (the
 * call that would have read them failed, or the answer left them out): the live messages name the failed call or
 * say the answer did not state the value, and never say "until apply"; the plan messages keep saying it.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';
import type { Inventory } from '../../src/model/inventory.js';
import { markUnreadableMeta } from '../../src/model/values.js';
import { inventoryFromPlans } from '../../src/plan/planInventory.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { auditBucket, LOG_ARCHIVE_KEY, PROVIDERS, trail } from '../support/auditFixtures.js';
import { buildPlan, ref, type PlanSpec } from '../support/planBuilder.js';
import { role, plan as iamPlan, trustService } from './iamFixtures.js';
import { kmsKey, plan as kmsPlan } from './kmsFixtures.js';

const CALL = 'test:Describe';

/**
 * The plan's inventory as a live scan would hold it: every field unknown until apply becomes one whose call
 * failed, or (`failed: false`) one the answer did not state.
 */
function asLive(inventory: Inventory, failed: boolean): Inventory {
  for (const e of inventory.entities) {
    e.meta.source = 'aws';
    const unknown = e.meta.unknown ?? [];
    e.meta.unknown = undefined;
    for (const f of unknown)
      if (failed) markUnreadableMeta(e.meta, f, CALL);
      else delete (e as unknown as Record<string, unknown>)[f];
  }
  return inventory;
}

function run(ruleId: string, spec: PlanSpec, source: 'plan' | 'live' | 'live-unstated'): Finding[] {
  const inventory = inventoryFromPlans([loadPlan(buildPlan(spec), 'plan.json')]);
  if (source !== 'plan') asLive(inventory, source === 'live');
  const rules = allRules.filter((r) => r.meta.id === ruleId);
  return runRules(inventory, rules, { config: defaultConfig(), profile: 'highest-trust' });
}

function said(findings: Finding[], address: string): string[] {
  return findings.filter((f) => f.resource.address === address).map((f) => `${f.status}/${f.reason}: ${f.message}`);
}

const BUCKET = 'aws_s3_bucket.trail';

/**
 * An audit bucket used by a trail, with the split resource `split` (`aws_s3_bucket_<split>.trail`) setting
 * `attr` from a variable: unknown until apply.
 */
function auditBucketWithUnknown(split: string, attr: string, lock: null | undefined): PlanSpec {
  const bucket = auditBucket({ name: 'org-trail-logs', address: BUCKET, providerKey: LOG_ARCHIVE_KEY, lock });
  return {
    providers: PROVIDERS,
    resources: [
      ...bucket.map((r) =>
        r.address === `aws_s3_bucket_${split}.trail`
          ? {
              ...r,
              values: {},
              unknown: { ...r.unknown, [attr]: true },
              expressions: { ...r.expressions, [attr]: ref(`var.${attr}`) },
            }
          : r,
      ),
      trail({ bucketAddress: BUCKET }),
    ],
  };
}

const CASES: Array<{ rule: string; address: string; spec: PlanSpec; live: RegExp }> = [
  {
    rule: 'AUD-004',
    address: BUCKET,
    spec: auditBucketWithUnknown('object_lock_configuration', 'rule', undefined),
    live: /^not-assessed\/access-denied: Object Lock settings not readable \(test:Describe failed\): /,
  },
  {
    rule: 'AUD-007',
    address: BUCKET,
    // Without Object Lock, which keeps versioning on by itself.
    spec: auditBucketWithUnknown('versioning', 'versioning_configuration', null),
    live: /^not-assessed\/access-denied: Audit bucket settings not readable \(test:Describe failed\): versioning$/,
  },
  {
    rule: 'KMS-004',
    address: 'aws_kms_key.k',
    spec: kmsPlan({
      ...kmsKey('k', { rotation_period_in_days: null }),
      unknown: { id: true, arn: true, key_id: true, policy: true, rotation_period_in_days: true },
      expressions: { enable_key_rotation: { constant_value: true }, rotation_period_in_days: ref('var.days') },
    }),
    live: /^not-assessed\/access-denied: The rotation period is not readable \(test:Describe failed\)$/,
  },
  {
    rule: 'DEP-001',
    address: 'aws_vpc.main',
    spec: {
      resources: [
        { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } },
        {
          address: 'aws_vpc_endpoint.e',
          values: { vpc_endpoint_type: 'Interface' },
          unknown: { id: true, vpc_id: true, service_name: true },
          expressions: { vpc_id: ref('aws_vpc.main.id'), service_name: ref('var.service') },
        },
      ],
    },
    live: /^not-assessed\/access-denied: Missing .* with a service name not readable \(test:Describe failed\) provides it$/,
  },
];

describe('unsettled values are worded by their source', () => {
  for (const c of CASES) {
    it(`${c.rule}: a plan says "unknown until apply", a live scan names the failed call`, () => {
      expect(said(run(c.rule, c.spec, 'plan'), c.address).join('\n')).toMatch(
        /^not-assessed\/unknown-at-plan: .*until apply/,
      );
      const live = said(run(c.rule, c.spec, 'live'), c.address);
      expect(live).toHaveLength(1);
      expect(live[0]).toMatch(c.live);
    });
  }

  it('ENC-001: a live answer that leaves the value out is "not stated", never "until apply"', () => {
    const spec: PlanSpec = {
      resources: [
        {
          address: 'aws_instance.i',
          values: { ami: 'ami-1', instance_type: 'm5.xlarge' },
          unknown: { id: true, enclave_options: true },
          expressions: { enclave_options: [{ enabled: ref('var.enclaves') }] },
        },
      ],
    };
    expect(said(run('ENC-001', spec, 'plan'), 'aws_instance.i')).toEqual([
      'not-assessed/unknown-at-plan: Whether Nitro Enclaves are enabled is unknown until apply',
    ]);
    expect(said(run('ENC-001', spec, 'live'), 'aws_instance.i')).toEqual([
      'not-assessed/access-denied: Whether Nitro Enclaves are enabled is not readable (test:Describe failed)',
    ]);
    const unstated = run('ENC-001', spec, 'live-unstated').filter((f) => f.resource.address === 'aws_instance.i');
    expect(unstated.map((f) => f.message)).toEqual([
      'Whether Nitro Enclaves are enabled is not stated in the live answer',
    ]);
    expect(unstated[0]?.evidence[0]?.observed).not.toBe('(known after apply)');
  });

  it('NET-004: a live default route to a target of a kind not classified needs review, a plan one is unknown', () => {
    const spec: PlanSpec = {
      resources: [
        { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } },
        {
          address: 'aws_route_table.t',
          values: { route: [{ cidr_block: '0.0.0.0/0', local_gateway_id: 'lgw-0123' }] },
          unknown: { id: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.main.id') },
        },
      ],
    };
    expect(said(run('NET-004', spec, 'plan'), 'aws_route_table.t')).toEqual([
      'not-assessed/unknown-at-plan: Default route 0.0.0.0/0 to a target unknown until apply',
    ]);
    const live = said(run('NET-004', spec, 'live'), 'aws_route_table.t');
    expect(live).toHaveLength(1);
    expect(live[0]).toMatch(
      /^not-assessed\/needs-review: Default route 0\.0\.0\.0\/0 to a target of a kind this scan does not classify/,
    );
  });

  it('IAM-003 and IAM-004: a policy that cannot be read shows its own placeholder, not "(known after apply)"', () => {
    const spec = iamPlan(role('app', [trustService('ec2.amazonaws.com')]), {
      address: 'aws_iam_role_policy.app',
      values: { role: 'app', policy: '{"Statement": [' },
      unknown: { id: true },
      expressions: { role: ref('aws_iam_role.app.name') },
    });
    for (const rule of ['IAM-003', 'IAM-004']) {
      const [f] = run(rule, spec, 'plan').filter((x) => x.resource.address === 'aws_iam_role.app');
      expect(f?.status, rule).toBe('not-assessed');
      expect(
        f?.evidence.map((e) => e.observed),
        rule,
      ).toEqual(['(malformed)']);
    }
  });
});
