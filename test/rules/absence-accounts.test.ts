/**
 * Absences in a scan of several accounts: each account is judged on its own (a trail in A is no trail
 * of B), an organization trail stands for a member's own only when the inventory shows the membership,
 * and an account the scan could not read is not failed for what it could not see. Entities are built as
 * the live collectors fill them, each in its account.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig, type AuditConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import { addEntity, type CollectionGap, createInventory, type Inventory } from '../../src/model/inventory.js';
import type { ComputeWorkload, Entity, InvocationLogging, Trail } from '../../src/model/types.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const R = 'us-east-1';

function inventory(accounts: string[], entities: Entity[], gaps: CollectionGap[] = []): Inventory {
  const inv = createInventory();
  for (const e of entities) addEntity(inv, e);
  inv.gaps.push(...gaps);
  for (const a of accounts) {
    inv.accounts.push(a);
    inv.inputs.push({ kind: 'aws-account', path: `aws://${a}` });
    inv.providers.push({ key: `aws://${a}/${R}`, region: R, account: a, regionKnown: true });
  }
  inv.regions.push(R);
  return inv;
}

function verdicts(ruleId: string, inv: Inventory, config: Partial<AuditConfig> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const findings = runRules(
    inv,
    allRules.filter((r) => r.meta.id === ruleId),
    { config: { ...defaultConfig(), ...config }, profile: 'highest-trust' },
  );
  for (const f of findings) (out[f.resource.address] ??= []).push(f.reason ? `${f.status}/${f.reason}` : f.status);
  return out;
}

function trail(account: string, name: string, extra: Partial<Trail> = {}): Trail {
  const arn = `arn:aws:cloudtrail:${R}:${account}:trail/${name}`;
  return {
    kind: 'Trail',
    meta: { source: 'aws', address: arn, type: 'aws_cloudtrail', region: R, account },
    arn,
    name,
    multiRegion: true,
    logFileValidation: true,
    includeGlobalEvents: true,
    logging: true,
    eventSelectors: [],
    advancedEventSelectors: [
      { fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
      {
        fieldSelectors: [
          { field: 'eventCategory', equals: ['Data'] },
          { field: 'resources.type', equals: ['AWS::Bedrock::Model', 'AWS::Bedrock::AgentAlias'] },
        ],
      },
    ],
    ...extra,
  };
}

const orgTrail = trail(A, 'org', { isOrganizationTrail: true });
const scope = (account: string) => `account/${account}`;

describe('AUD-001 across accounts', () => {
  it("fails account B, which holds no trail, and passes account A's trail", () => {
    const inv = inventory([A, B], [trail(A, 'main')]);
    expect(verdicts('AUD-001', inv)).toEqual({ [trail(A, 'main').meta.address]: ['pass'], [scope(B)]: ['fail'] });
  });
  it("judges each account's trails against its own: A's compliant trail does not carry B's lacking one", () => {
    const lacking = trail(B, 'team', { logFileValidation: false });
    const inv = inventory([A, B], [trail(A, 'main'), lacking]);
    expect(verdicts('AUD-001', inv)[lacking.meta.address]).toEqual(['fail']);
  });
  it("passes a member account on the management account's organization trail when the accounts were listed as one organization", () => {
    const inv = inventory([A, B], [orgTrail]);
    inv.organizations.push({ accounts: [A, B, C] });
    expect(verdicts('AUD-001', inv)[scope(B)]).toEqual(['pass']);
  });
  it('passes it when the member itself saw the organization trail', () => {
    const inv = inventory([A, B], [orgTrail]);
    inv.organizations.push({ management: A, accounts: [A, B] });
    expect(verdicts('AUD-001', inv)[scope(B)]).toEqual(['pass']);
  });
  it('does not pass it when the inventory does not show the membership, nor fail it', () => {
    const inv = inventory([A, B], [orgTrail]);
    const [f] = runRules(
      inv,
      allRules.filter((r) => r.meta.id === 'AUD-001'),
      { config: defaultConfig(), profile: 'baseline' },
    ).filter((x) => x.resource.address === scope(B));
    expect(`${f?.status}/${f?.reason}`).toBe('not-assessed/needs-review');
    expect(f?.message).toContain(orgTrail.meta.address);
    // Another organization's management account does not stand for this one's.
    const other = inventory([A, B], [orgTrail]);
    other.organizations.push({ management: C, accounts: [C, B] });
    expect(verdicts('AUD-001', other)[scope(B)]).toEqual(['not-assessed/needs-review']);
  });
  it('fails a member whose organization trail lacks what the control needs', () => {
    const inv = inventory([A, B], [trail(A, 'org', { isOrganizationTrail: true, multiRegion: false })]);
    inv.organizations.push({ accounts: [A, B] });
    expect(verdicts('AUD-001', inv)[scope(B)]).toEqual(['fail']);
  });
  it('does not fail an account whose role could not be assumed: its gap says not assessed', () => {
    const refused: CollectionGap = {
      kinds: ['Trail', 'InvocationLogging'],
      call: 'sts:AssumeRole',
      reason: 'access-denied',
      detail: `account ${C}: cannot assume`,
      account: C,
    };
    const inv = inventory([A, C], [trail(A, 'main')], [refused]);
    inv.providers.splice(1);
    expect(verdicts('AUD-001', inv)[scope(C)]).toEqual(['not-assessed/access-denied']);
    expect(verdicts('AUD-003', inv)[scope(C)]).toEqual(['not-assessed/access-denied']);
  });
  it('keeps a single account as it was: the absence against the account, once', () => {
    expect(verdicts('AUD-001', inventory([A], []))).toEqual({ [scope(A)]: ['fail'] });
  });
  it('does not fail the absence of trails the scan was told not to read', () => {
    const skipped: CollectionGap = {
      kinds: ['Trail'],
      call: 'cloudtrail',
      reason: 'not-collected',
      detail: 'excluded by --services; what it fills (Trail) is not judged',
    };
    expect(verdicts('AUD-001', inventory([A], [], [skipped]))).toEqual({ [scope(A)]: ['not-assessed/out-of-scope'] });
  });
});

describe('AUD-002 across accounts', () => {
  it('fails an account with no logging trail; a member recorded by its organization trail passes', () => {
    const inv = inventory([A, B, C], [orgTrail]);
    inv.organizations.push({ management: A, accounts: [A, B] });
    const v = verdicts('AUD-002', inv);
    expect(v[orgTrail.meta.address]).toEqual(['pass']);
    expect(v[scope(B)]).toEqual(['pass']);
    // C is not shown in A's organization: the trail may record it, which is not a pass.
    expect(v[scope(C)]).toEqual(['not-assessed/needs-review']);
    expect(verdicts('AUD-002', inventory([A, B], [trail(A, 'main')]))[scope(B)]).toEqual(['fail']);
  });
  it('asks for the data types of the account that uses them, not of another', () => {
    const kb: Entity = {
      kind: 'DataStore',
      storeKind: 'knowledge-base',
      meta: {
        source: 'aws',
        address: `arn:aws:bedrock:${R}:${B}:knowledge-base/kb`,
        type: 'aws_bedrockagent_knowledge_base',
        region: R,
        account: B,
      },
    };
    const inv = inventory([A, B], [trail(A, 'main'), trail(B, 'main'), kb]);
    const v = verdicts('AUD-002', inv);
    expect(v[trail(A, 'main').meta.address]).toEqual(['pass']);
    expect(v[trail(B, 'main').meta.address]).toEqual(['fail']);
  });
});

describe('AUD-003 across accounts', () => {
  const logging = (account: string): InvocationLogging => ({
    kind: 'InvocationLogging',
    meta: { source: 'aws', address: `arn:aws:bedrock:${R}:${account}:logging`, type: 'x', region: R, account },
    textDelivery: true,
    s3BucketName: 'logs',
  });
  it("fails account B's region without logging; A's configuration does not stand for it", () => {
    const v = verdicts('AUD-003', inventory([A, B], [logging(A)]));
    expect(v).toEqual({ [logging(A).meta.address]: ['pass'], [`account/${B}/region/${R}`]: ['fail'] });
  });
});

describe('scope-wide statements across accounts', () => {
  it('RES-001 says allowedRegions is empty once per account that holds resources', () => {
    const inv = inventory([A, B], [trail(A, 'main'), trail(B, 'main')]);
    expect(verdicts('RES-001', inv, { allowedRegions: [] })).toEqual({
      [scope(A)]: ['not-assessed/not-applicable'],
      [scope(B)]: ['not-assessed/not-applicable'],
    });
  });
  it('RES-001 says nothing of an input without regional resources, one account or several', () => {
    for (const accounts of [[A], [A, B]])
      expect(verdicts('RES-001', inventory(accounts, []), { allowedRegions: [] })).toEqual({});
  });
  it('ENC-002 is inapplicable only in the accounts without an enclave tier', () => {
    const instance: ComputeWorkload = {
      kind: 'ComputeWorkload',
      computeKind: 'instance',
      meta: {
        source: 'aws',
        address: `arn:aws:ec2:${R}:${A}:instance/i-1`,
        type: 'aws_instance',
        region: R,
        account: A,
      },
      subnets: [],
      securityGroups: [],
      enclaveEnabled: true,
    };
    const v = verdicts('ENC-002', inventory([A, B], [instance]));
    expect(v[scope(B)]).toEqual(['not-assessed/not-applicable']);
    expect(v[scope(A)]).toBeUndefined();
  });
});
