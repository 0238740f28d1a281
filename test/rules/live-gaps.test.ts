/**
 * Live scans where a listing call failed: a pass that would rest on the unread kind becomes not-assessed
 * naming the call (NET-001 without DescribeInternetGateways, DEP-003 without DescribeRouteTables).
 * Entities are built as the live collectors fill them; the gap is the one ScanContext records.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import { addEntity, type CollectionGap, createInventory } from '../../src/model/inventory.js';
import type { Entity } from '../../src/model/types.js';

const R = 'us-east-1';
const meta = (address: string, type: string) => ({ source: 'aws' as const, address, type, region: R });

function run(ruleId: string, entities: Entity[], gaps: CollectionGap[]) {
  const inv = createInventory();
  for (const e of entities) addEntity(inv, e);
  inv.gaps.push(...gaps);
  inv.regions.push(R);
  return runRules(
    inv,
    allRules.filter((r) => r.meta.id === ruleId),
    { config: defaultConfig(), profile: 'highest-trust' },
  ).filter((f) => !f.resource.address.startsWith('account/'));
}

const vpc: Entity = {
  kind: 'Vpc',
  meta: meta('arn:aws:ec2:us-east-1:1:vpc/vpc-1', 'aws_vpc'),
  id: 'vpc-1',
  cidrBlocks: ['10.0.0.0/16'],
};

function gap(call: string, kinds: CollectionGap['kinds']): CollectionGap {
  return { kinds, region: R, call, reason: 'access-denied', detail: 'UnauthorizedOperation' };
}

describe('NET-001 when internet gateways could not be read', () => {
  it('passes a VPC with no gateway when the listing was read', () => {
    expect(run('NET-001', [vpc], []).map((f) => f.status)).toEqual(['pass']);
  });
  it('does not pass it when ec2:DescribeInternetGateways failed in its region', () => {
    const [f] = run('NET-001', [vpc], [gap('ec2:DescribeInternetGateways', ['InternetGateway'])]);
    expect(`${f.status}/${f.reason}`).toBe('not-assessed/access-denied');
    expect(f.message).toContain('ec2:DescribeInternetGateways');
  });
  it('still passes it when the failure was in another region', () => {
    const other = { ...gap('ec2:DescribeInternetGateways', ['InternetGateway']), region: 'eu-west-1' };
    expect(run('NET-001', [vpc], [other]).map((f) => f.status)).toEqual(['pass']);
  });
});

const depEntities: Entity[] = [
  vpc,
  {
    kind: 'Subnet',
    meta: meta('arn:aws:ec2:us-east-1:1:subnet/subnet-1', 'aws_subnet'),
    id: 'subnet-1',
    vpc: { id: 'vpc-1' },
    cidrBlock: '10.0.1.0/24',
  },
  {
    kind: 'SecurityGroup',
    meta: meta('arn:aws:ec2:us-east-1:1:security-group/sg-1', 'aws_security_group'),
    id: 'sg-1',
    vpc: { id: 'vpc-1' },
    rules: [
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrs: ['10.0.0.0/16'],
        ipv6Cidrs: [],
        prefixLists: [],
        groups: [],
        origin: 'ec2:DescribeSecurityGroups',
      },
    ],
  },
  {
    kind: 'VpcEndpoint',
    meta: meta('arn:aws:ec2:us-east-1:1:vpc-endpoint/vpce-1', 'aws_vpc_endpoint'),
    id: 'vpce-1',
    vpc: { id: 'vpc-1' },
    endpointType: 'Interface',
    serviceName: 'com.amazonaws.us-east-1.kms',
    subnets: [{ id: 'subnet-1' }],
    securityGroups: [{ id: 'sg-1' }],
    routeTables: [],
    policy: { state: 'absent', origin: 'ec2:DescribeVpcEndpoints' },
  },
];

describe('DEP-003 when route tables could not be read', () => {
  const entities = depEntities;
  it('passes an endpoint in a subnet without internet routes when the tables were read', () => {
    expect(run('DEP-003', entities, []).map((f) => f.status)).toEqual(['pass']);
  });
  it('does not pass it when ec2:DescribeRouteTables was refused', () => {
    const [f] = run('DEP-003', entities, [gap('ec2:DescribeRouteTables', ['RouteTable'])]);
    expect(`${f.status}/${f.reason}`).toBe('not-assessed/access-denied');
    expect(f.message).toContain('ec2:DescribeRouteTables');
  });
});

/**
 * A scan of several accounts: a gap in one account (a listing refused there, a role that could not be
 * assumed) says nothing of another account's resources; a gap that names no account still covers all.
 */
describe('gaps of a scan of several accounts', () => {
  const A = '111111111111';
  const B = '222222222222';
  const inB = <E extends Entity>(e: E): E => ({ ...e, meta: { ...e.meta, account: B } });
  const igw = (account?: string): CollectionGap => ({
    ...gap('ec2:DescribeInternetGateways', ['InternetGateway']),
    ...(account ? { account } : {}),
  });

  it("NET-001 passes account B's VPC when only account A's gateways could not be read", () => {
    expect(run('NET-001', [inB(vpc)], [igw(A)]).map((f) => f.status)).toEqual(['pass']);
  });
  it("NET-001 does not pass it when account B's gateways, or an account the gap does not name, could not be read", () => {
    for (const g of [igw(B), igw()]) {
      const [f] = run('NET-001', [inB(vpc)], [g]);
      expect(`${f?.status}/${f?.reason}`).toBe('not-assessed/access-denied');
    }
  });
  it('DEP-003 judges the endpoint of account B on a route-table gap of account A, not on one of B', () => {
    const tables = (account: string): CollectionGap => ({ ...gap('ec2:DescribeRouteTables', ['RouteTable']), account });
    const entities = depEntities.map(inB);
    expect(run('DEP-003', entities, [tables(A)]).map((f) => f.status)).toEqual(['pass']);
    expect(run('DEP-003', entities, [tables(B)]).map((f) => `${f.status}/${f.reason}`)).toEqual([
      'not-assessed/access-denied',
    ]);
  });
  it("a key named by ARN is unread only when the key's own account could not list its aliases", () => {
    const key = `arn:aws:kms:${R}:${A}:key/k-1`;
    const secret: Entity = {
      kind: 'DataStore',
      storeKind: 'secret',
      meta: { ...meta(`arn:aws:secretsmanager:${R}:${B}:secret:s`, 'aws_secretsmanager_secret'), account: B },
      kmsKey: { id: key },
      kmsKeyRaw: key,
    };
    const aliases = (account: string): CollectionGap => ({ ...gap('kms:ListAliases', ['KmsKey']), account });
    const status = (g: CollectionGap) => run('KMS-001', [secret], [g]).map((f) => `${f.status}/${f.reason}`);
    // The secret is in B, its key in A: A's gap leaves the key unclassified, B's does not.
    expect(status(aliases(A))).toEqual(['not-assessed/access-denied']);
    expect(status(aliases(B))).not.toEqual(['not-assessed/access-denied']);
  });
});
