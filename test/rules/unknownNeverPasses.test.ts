/**
 * Unknown never passes: every rule is given one entity of every kind whose every field is unknown until
 * apply (a plan), then one whose every field could not be read (a live scan, with the listing calls
 * failed), and must yield no `pass`. The field lists are checked against the model at compile time, so
 * a field added to an entity without being listed here fails the build of this test.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import { addEntity, createInventory, type Inventory } from '../../src/model/inventory.js';
import type { Entity, EntityKind, EntityOf, Meta } from '../../src/model/types.js';
import type { FieldOf } from '../../src/model/values.js';

type FieldList = { [K in EntityKind]: readonly FieldOf<EntityOf<K>>[] };

const FIELDS = {
  Vpc: ['id', 'arn', 'name', 'tags', 'cidrBlocks', 'dnsFirewallAssociations'],
  Subnet: ['id', 'arn', 'name', 'tags', 'vpc', 'cidrBlock', 'mapPublicIpOnLaunch', 'assignIpv6OnCreation'],
  RouteTable: ['id', 'arn', 'name', 'tags', 'vpc', 'routes', 'subnets', 'main'],
  InternetGateway: ['id', 'arn', 'name', 'tags', 'egressOnly', 'vpc'],
  NatGateway: ['id', 'arn', 'name', 'tags', 'connectivityType', 'subnet'],
  PublicIp: ['id', 'arn', 'name', 'tags', 'via', 'domain'],
  SecurityGroup: ['id', 'arn', 'name', 'tags', 'vpc', 'rules'],
  VpcEndpoint: [
    'id',
    'arn',
    'name',
    'tags',
    'vpc',
    'serviceName',
    'endpointType',
    'privateDnsEnabled',
    'subnets',
    'securityGroups',
    'routeTables',
    'policy',
  ],
  FlowLog: ['id', 'arn', 'name', 'tags', 'target', 'targetKind', 'trafficType'],
  ComputeWorkload: [
    'id',
    'arn',
    'name',
    'tags',
    'computeKind',
    'vpcConfigured',
    'subnets',
    'securityGroups',
    'associatePublicIp',
    'directInternetAccess',
    'appNetworkAccessType',
    'enclaveEnabled',
    'runtime',
    'runtimeUpdateMode',
    'layers',
    'imageUri',
    'enclaveKeys',
  ],
  KmsKey: [
    'id',
    'arn',
    'name',
    'tags',
    'customerManaged',
    'keySpec',
    'keyUsage',
    'rotationEnabled',
    'rotationPeriodDays',
    'multiRegion',
    'replicaOf',
    'policy',
    'aliases',
    'keyOrigin',
    'aliasAddresses',
  ],
  Bucket: [
    'id',
    'arn',
    'name',
    'tags',
    'bucketName',
    'objectLockEnabled',
    'objectLockMode',
    'objectLockDays',
    'objectLockYears',
    'versioning',
    'sseAlgorithm',
    'kmsKey',
    'kmsKeyRaw',
    'policy',
    'publicAccessBlock',
  ],
  DataStore: [
    'id',
    'arn',
    'name',
    'tags',
    'storeKind',
    'encrypted',
    'kmsKey',
    'kmsKeyRaw',
    'defaultEncryption',
    'decidedByAccount',
    'modelArns',
    'retentionDays',
    'autoMinorVersionUpgrade',
    'autoSoftwareUpdate',
    'publiclyAccessible',
  ],
  Trail: [
    'id',
    'arn',
    'name',
    'tags',
    'bucket',
    'bucketName',
    'multiRegion',
    'logFileValidation',
    'includeGlobalEvents',
    'isOrganizationTrail',
    'logging',
    'kmsKey',
    'kmsKeyRaw',
    'eventSelectors',
    'advancedEventSelectors',
  ],
  InvocationLogging: [
    'id',
    'arn',
    'name',
    'tags',
    'textDelivery',
    'imageDelivery',
    'embeddingDelivery',
    's3Bucket',
    's3BucketName',
    'cloudWatchLogGroup',
  ],
  IamUser: [
    'id',
    'arn',
    'name',
    'tags',
    'hasConsolePassword',
    'accessKeys',
    'policies',
    'attachedPolicyArns',
    'attachedPolicies',
  ],
  IamRole: [
    'id',
    'arn',
    'name',
    'tags',
    'trustPolicy',
    'maxSessionDuration',
    'inlinePolicies',
    'attachedPolicies',
    'attachedPolicyArns',
  ],
  IamPolicy: ['id', 'arn', 'name', 'tags', 'policy'],
  OidcProvider: ['id', 'arn', 'name', 'tags', 'url', 'clientIds'],
  ResolverEndpoint: ['id', 'arn', 'name', 'tags', 'direction', 'vpc', 'targetIps', 'subnets', 'forwardingRules'],
  ArtifactSource: ['id', 'arn', 'name', 'tags', 'artifactKind', 'location', 'consumer', 'providedBy'],
  ModuleCall: ['id', 'arn', 'name', 'tags', 'source', 'version'],
  ProviderRequirement: ['id', 'arn', 'name', 'tags', 'provider', 'versionConstraint'],
} as const satisfies FieldList;

/** Every field of every kind is listed: adding a model field without listing it here is a compile error. */
type Unlisted = { [K in EntityKind]: Exclude<FieldOf<EntityOf<K>>, (typeof FIELDS)[K][number]> }[EntityKind];
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;

/**
 * One entity per kind with only the members the type requires, each empty: the values a source writes
 * when it knows nothing. Kinds with a discriminating member get each variant.
 */
function blanks(meta: (kind: string, n: number) => Meta): Entity[] {
  const m = meta;
  const out: Entity[] = [
    { kind: 'Vpc', meta: m('aws_vpc', 0), cidrBlocks: [] },
    { kind: 'Subnet', meta: m('aws_subnet', 0) },
    { kind: 'RouteTable', meta: m('aws_route_table', 0), routes: [], subnets: [] },
    { kind: 'InternetGateway', meta: m('aws_internet_gateway', 0), egressOnly: false },
    { kind: 'NatGateway', meta: m('aws_nat_gateway', 0) },
    { kind: 'PublicIp', meta: m('aws_eip', 0), via: 'elastic-ip' },
    { kind: 'SecurityGroup', meta: m('aws_security_group', 0), rules: [] },
    {
      kind: 'VpcEndpoint',
      meta: m('aws_vpc_endpoint', 0),
      endpointType: 'Interface',
      subnets: [],
      securityGroups: [],
      routeTables: [],
      policy: { state: 'unknown', origin: 'policy', what: 'policy unknown' },
    },
    { kind: 'FlowLog', meta: m('aws_flow_log', 0), targetKind: 'unknown' },
    {
      kind: 'KmsKey',
      meta: m('aws_kms_key', 0),
      customerManaged: true,
      policy: { state: 'unknown', origin: 'policy', what: 'policy unknown' },
      aliases: [],
    },
    { kind: 'Bucket', meta: m('aws_s3_bucket', 0) },
    { kind: 'Trail', meta: m('aws_cloudtrail', 0), eventSelectors: [], advancedEventSelectors: [] },
    { kind: 'InvocationLogging', meta: m('aws_bedrock_model_invocation_logging_configuration', 0) },
    { kind: 'IamUser', meta: m('aws_iam_user', 0), accessKeys: [], policies: [], attachedPolicyArns: [] },
    {
      kind: 'IamRole',
      meta: m('aws_iam_role', 0),
      inlinePolicies: [],
      attachedPolicies: [],
      attachedPolicyArns: [],
    },
    { kind: 'IamPolicy', meta: m('aws_iam_policy', 0) },
    { kind: 'OidcProvider', meta: m('aws_iam_openid_connect_provider', 0), clientIds: [] },
    { kind: 'ResolverEndpoint', meta: m('aws_route53_resolver_endpoint', 0), targetIps: [] },
    { kind: 'ModuleCall', meta: m('module', 0), source: '' },
    { kind: 'ProviderRequirement', meta: m('provider', 0), provider: 'aws' },
  ];
  const computeKinds = [
    'instance',
    'launch-template',
    'launch-configuration',
    'lambda',
    'sagemaker-notebook',
    'sagemaker-domain',
    'codebuild',
  ] as const;
  for (const [i, computeKind] of computeKinds.entries())
    out.push({ kind: 'ComputeWorkload', meta: m('aws_instance', i), computeKind, subnets: [], securityGroups: [] });
  const storeKinds = [
    'log-group',
    'secret',
    'dynamodb',
    'rds',
    'aurora',
    'opensearch',
    'ebs',
    'sqs',
    'sns',
    'elasticache',
  ];
  for (const [i, storeKind] of storeKinds.entries())
    out.push({ kind: 'DataStore', meta: m('aws_db_instance', i), storeKind });
  const artifactKinds = ['lambda-layer', 'container-image', 'ecr-pull-through', 'codeartifact-external'] as const;
  for (const [i, artifactKind] of artifactKinds.entries())
    out.push({ kind: 'ArtifactSource', meta: m('aws_lambda_layer_version', i), artifactKind });
  return out;
}

function inventoryOf(source: 'plan' | 'aws', listingsFailed = source === 'aws'): Inventory {
  const inv = createInventory();
  const meta = (type: string, n: number): Meta => ({
    source,
    address: `${type}.unknown_${n}`,
    type,
    region: 'us-east-1',
  });
  for (const e of blanks(meta)) {
    const fields: readonly string[] = FIELDS[e.kind];
    if (source === 'plan') e.meta.unknown = [...fields];
    else e.meta.unreadable = Object.fromEntries(fields.map((f) => [f, `read:${e.kind}`]));
    addEntity(inv, e);
  }
  if (listingsFailed) {
    // The listings themselves failed too: every kind is a collection gap in the scanned region.
    const kinds = [...new Set(inv.entities.map((e) => e.kind))];
    for (const kind of kinds)
      inv.gaps.push({
        kinds: [kind],
        region: 'us-east-1',
        call: `list:${kind}`,
        reason: 'access-denied',
        detail: 'denied',
      });
  }
  inv.regions.push('us-east-1');
  return inv;
}

describe('unknown never passes', () => {
  it('lists every model field', () => {
    expect(everyFieldListed).toBe(true);
  });
  for (const source of ['plan', 'aws'] as const) {
    describe(source === 'plan' ? 'every field unknown until apply' : 'every field and listing unreadable live', () => {
      for (const rule of allRules) {
        it(`${rule.meta.id} yields no pass`, () => {
          const findings = runRules(inventoryOf(source), [rule], { config: defaultConfig(), profile: 'highest-trust' });
          const passes = findings.filter((f) => f.status === 'pass').map((f) => `${f.resource.address}: ${f.message}`);
          expect(passes).toEqual([]);
        });
      }
    });
  }
});

/** Rules whose live wording is reworded separately; every other rule is held to it here. */
const WORDED_SEPARATELY = new Set([
  'AUD-001',
  'AUD-002',
  'AUD-003',
  'RES-001',
  'RES-002',
  'RES-003',
  'ENC-002',
  'EGR-002',
]);

describe('a live scan never says "until apply"', () => {
  for (const listingsFailed of [true, false])
    for (const rule of allRules.filter((r) => !WORDED_SEPARATELY.has(r.meta.id)))
      it(`${rule.meta.id}, every field unreadable${listingsFailed ? ' and every listing failed' : ''}`, () => {
        const inventory = inventoryOf('aws', listingsFailed);
        const findings = runRules(inventory, [rule], { config: defaultConfig(), profile: 'highest-trust' });
        const said = findings
          .filter((f) => /until apply|after apply/i.test(JSON.stringify([f.message, f.evidence])))
          .map((f) => `${f.resource.address}: ${f.message}`);
        expect(said).toEqual([]);
      });
});
