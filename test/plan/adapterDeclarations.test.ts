/**
 * The plan adapters' declarations (Terraform type -> model kinds), from which `rules --format json` and
 * `explain` derive each rule's Terraform types, agree with what the adapters do: every dispatched type is
 * declared, every entity an adapter or folder emits is of a kind declared for its type (checked on the
 * real plans in fixtures/corpus and the breadth fixtures), and the rule table carries the covered types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { addEntity, createInventory } from '../../src/model/inventory.js';
import type { Entity } from '../../src/model/types.js';
import type { AdapterContext } from '../../src/plan/adapters/context.js';
import { ADAPTERS, FOLDERS, terraformFills } from '../../src/plan/adapters/registry.js';
import { loadPlan } from '../../src/plan/planLoader.js';
import { loadDeclarations, sourcesOf } from '../../src/ruleSources.js';

const fills = terraformFills();

describe('plan adapter declarations', () => {
  it('every type with an adapter or folder declares the kinds it fills', () => {
    const undeclared = [...ADAPTERS.keys(), ...FOLDERS.keys()].filter((t) => !fills.has(t));
    expect(undeclared).toEqual([]);
  });

  it('every entity emitted for a type is of a kind declared for that type', () => {
    const files = [
      ...readdirSync('fixtures/corpus')
        .filter((n) => n.endsWith('.json'))
        .map((n) => `fixtures/corpus/${n}`),
      ...readdirSync('fixtures/breadth')
        .filter((n) => n.endsWith('.json'))
        .map((n) => `fixtures/breadth/${n}`),
    ];
    const wrong: string[] = [];
    let emitted = 0;
    for (const f of files) {
      const plan = loadPlan(JSON.parse(readFileSync(f, 'utf8')), f);
      const inventory = createInventory();
      let current = '';
      const emit = (e: Entity): void => {
        emitted++;
        if (!fills.get(current)?.has(e.kind)) wrong.push(`${f}: ${current} emitted a ${e.kind}`);
        addEntity(inventory, e);
      };
      const ctx: AdapterContext = { plan, inventory, emit };
      for (const raw of plan.resources.filter((r) => r.mode === 'managed')) {
        current = raw.type;
        ADAPTERS.get(raw.type)?.(raw, ctx);
      }
      for (const raw of plan.resources.filter((r) => r.mode === 'managed')) {
        current = raw.type;
        for (const fold of FOLDERS.get(raw.type) ?? []) fold(raw, ctx);
      }
    }
    expect(emitted).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('the rule table names the types each breadth fixture covers', async () => {
    const declarations = await loadDeclarations();
    const typesOf = (id: string): string[] => {
      const rule = allRules.find((r) => r.meta.id === id);
      if (!rule) throw new Error(id);
      return sourcesOf(rule.meta, declarations).terraformTypes;
    };
    expect(typesOf('NET-005')).toEqual(
      expect.arrayContaining([
        'aws_db_instance',
        'aws_rds_cluster_instance',
        'aws_neptune_cluster_instance',
        'aws_redshift_cluster',
        'aws_dms_replication_instance',
      ]),
    );
    expect(typesOf('UPD-003')).toEqual(
      expect.arrayContaining(['aws_rds_cluster_instance', 'aws_neptune_cluster_instance', 'aws_neptune_cluster']),
    );
    expect(typesOf('KMS-001')).toEqual(
      expect.arrayContaining([
        'aws_docdb_cluster',
        'aws_neptune_cluster',
        'aws_redshift_cluster',
        'aws_dms_replication_instance',
        'aws_sagemaker_notebook_instance',
        'aws_sagemaker_domain',
        'aws_sagemaker_endpoint_configuration',
      ]),
    );
    expect(typesOf('IAM-003')).toEqual(
      expect.arrayContaining([
        'aws_iam_group',
        'aws_iam_group_policy',
        'aws_iam_group_policy_attachment',
        'aws_iam_group_membership',
        'aws_iam_user_group_membership',
      ]),
    );
    expect(typesOf('UPD-001')).toEqual(['module']);
    const live = sourcesOf({ reads: ['IamUser'] }, declarations).liveCalls;
    expect(live).toContain('iam:GetAccountAuthorizationDetails');
  });

  it('a new collector appears in the table by its declaration alone', () => {
    const declarations = {
      terraform: new Map(),
      live: [{ kinds: ['DataStore' as const], calls: ['rds:DescribeDBInstances'] }],
    };
    expect(sourcesOf({ reads: ['DataStore'] }, declarations).liveCalls).toEqual(['rds:DescribeDBInstances']);
    expect(sourcesOf({ reads: ['Vpc'] }, declarations).liveCalls).toEqual([]);
  });
});
