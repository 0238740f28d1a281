/**
 * The RDS, DynamoDB, OpenSearch, SQS, SNS and EBS collectors against moto, field by field: each store
 * of storesA.deployment.ts in the model as the plan adapters would write it (kind, Terraform type,
 * encryption fields with their origin and default citation, automatic upgrades), no gap, and the
 * API calls spent per store.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { citeDefault, DEFAULTS } from '../../src/model/defaults.js';
import { ofKind, type Inventory } from '../../src/model/inventory.js';
import type { DataStore } from '../../src/model/types.js';
import { fieldValue } from '../../src/model/values.js';
import { startFaultProxy, type FaultProxy } from './faultProxy.js';
import { isolateAwsEnv, startMoto, type Moto } from './motoServer.js';
import {
  deployStoresA,
  STORES_A,
  STORES_ACCOUNT,
  STORES_OTHER_REGION,
  STORES_REGION,
  type StoresDeployment,
} from './storesA.deployment.js';
import { failedGaps } from './gaps.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const SERVICES = ['kms', 'rds', 'dynamodb', 'opensearch', 'sqs', 'sns', 'ebs'] as const;
const STORE_SERVICES = new Set(['rds', 'dynamodb', 'es', 'sqs', 'sns', 'ec2']);

let moto: Moto;
let proxy: FaultProxy;
let d: StoresDeployment;
let inv: Inventory;

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  d = await deployStoresA(moto.url);
  proxy = await startFaultProxy(moto.url);
  inv = await collectAws({ endpointUrl: proxy.url, regions: [STORES_REGION, STORES_OTHER_REGION], services: SERVICES });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const arn = (service: string, resource: string, region = STORES_REGION): string =>
  `arn:aws:${service}:${region}:${STORES_ACCOUNT}:${resource}`;

function store(address: string): DataStore {
  const e = inv.byAddress.get(address);
  if (e?.kind !== 'DataStore')
    throw new Error(
      `no store ${address}; have ${ofKind(inv, 'DataStore')
        .map((s) => s.meta.address)
        .join(', ')}`,
    );
  return e;
}

/** The encryption fields KMS-001 reads, and where each came from. */
function encryption(s: DataStore): Record<string, unknown> {
  return {
    encrypted: s.encrypted,
    kmsKey: s.kmsKey,
    kmsKeyRaw: s.kmsKeyRaw,
    defaultEncryption: s.defaultEncryption,
    encryptedState: fieldValue(s, 'encrypted').state,
    kmsKeyState: fieldValue(s, 'kmsKey').state,
    origin: fieldValue(s, 'kmsKey').origin,
  };
}

describe('data stores read live', () => {
  it('reads every store of both regions without a collection gap', () => {
    expect(failedGaps(inv)).toEqual([]);
    const kinds = ofKind(inv, 'DataStore').map((s) => `${s.meta.type} ${s.storeKind}`);
    expect(kinds.sort()).toEqual(
      [
        ...Array(3).fill('aws_dynamodb_table dynamodb'),
        ...Array(2).fill('aws_db_instance rds'),
        ...Array(2).fill('aws_rds_cluster aurora'),
        'aws_neptune_cluster neptune',
        ...Array(2).fill('aws_opensearch_domain opensearch'),
        ...Array(3).fill('aws_sqs_queue sqs'),
        ...Array(3).fill('aws_sns_topic sns'),
        ...Array(2).fill('aws_ebs_volume ebs'),
      ].sort(),
    );
    for (const s of ofKind(inv, 'DataStore')) {
      expect(s.meta.source).toBe('aws');
      expect(s.meta.account).toBe(STORES_ACCOUNT);
    }
  });

  it('RDS instances: storage encryption, key and minor version upgrades as DescribeDBInstances answers', () => {
    const cmk = store(arn('rds', `db:${STORES_A.db.cmk}`));
    expect(cmk).toMatchObject({ storeKind: 'rds', name: STORES_A.db.cmk, autoMinorVersionUpgrade: false });
    expect(encryption(cmk)).toEqual({
      encrypted: true,
      kmsKey: { id: d.dataKeyArn },
      kmsKeyRaw: d.dataKeyArn,
      defaultEncryption: undefined,
      encryptedState: 'explicit',
      kmsKeyState: 'explicit',
      origin: 'rds:DescribeDBInstances',
    });
    expect(fieldValue(cmk, 'autoMinorVersionUpgrade')).toMatchObject({
      state: 'explicit',
      origin: 'rds:DescribeDBInstances',
    });
    const plain = store(arn('rds', `db:${STORES_A.db.plain}`));
    expect(plain.autoMinorVersionUpgrade).toBe(true);
    expect(encryption(plain)).toMatchObject({
      encrypted: false,
      kmsKey: undefined,
      defaultEncryption: 'storage not encrypted (StorageEncrypted false)',
      encryptedState: 'explicit',
    });
    // Public access as each instance answers it (NET-005).
    expect(fieldValue(plain, 'publiclyAccessible')).toMatchObject({
      state: 'explicit',
      value: true,
      origin: 'rds:DescribeDBInstances',
    });
    expect(cmk.publiclyAccessible).toBe(false);
    // Aurora instances are not stores of their own: they fold into their cluster.
    expect(inv.byAddress.get(arn('rds', `db:${STORES_A.aurora.pinned.instance}`))).toBeUndefined();
  });

  it('Aurora clusters: encryption from DescribeDBClusters, upgrades from the cluster and its instances', () => {
    const pinned = store(arn('rds', `cluster:${STORES_A.aurora.pinned.id}`));
    expect(pinned).toMatchObject({
      storeKind: 'aurora',
      name: STORES_A.aurora.pinned.id,
      tags: { Name: STORES_A.aurora.pinned.id },
      autoMinorVersionUpgrade: false,
    });
    expect(pinned.meta.origin?.autoMinorVersionUpgrade).toBe('rds:DescribeDBInstances (every instance of the cluster)');
    expect(encryption(pinned)).toMatchObject({
      encrypted: true,
      kmsKey: { id: d.dataKeyArn },
      origin: 'rds:DescribeDBClusters',
    });
    const upgrading = store(arn('rds', `cluster:${STORES_A.aurora.upgrading.id}`));
    expect(upgrading.autoMinorVersionUpgrade).toBe(true);
    // The finding names the cluster; the evidence names the instance that upgrades it.
    expect(fieldValue(upgrading, 'autoMinorVersionUpgrade')).toMatchObject({
      state: 'explicit',
      origin: `rds:DescribeDBInstances ${arn('rds', `db:${STORES_A.aurora.upgrading.instance}`)}`,
    });
  });

  it('Aurora clusters are publicly accessible when any of their instances is', () => {
    const pinned = store(arn('rds', `cluster:${STORES_A.aurora.pinned.id}`));
    expect(pinned.publiclyAccessible).toBe(false);
    expect(pinned.meta.origin?.publiclyAccessible).toBe('rds:DescribeDBInstances (every instance of the cluster)');
    const upgrading = store(arn('rds', `cluster:${STORES_A.aurora.upgrading.id}`));
    expect(fieldValue(upgrading, 'publiclyAccessible')).toMatchObject({
      state: 'explicit',
      value: true,
      origin: `rds:DescribeDBInstances ${arn('rds', `db:${STORES_A.aurora.upgrading.instance}`)}`,
    });
  });

  it('Neptune clusters come through the RDS API as their own Terraform type', () => {
    const n = store(arn('rds', `cluster:${STORES_A.neptune}`, STORES_OTHER_REGION));
    expect(n).toMatchObject({ storeKind: 'neptune', encrypted: false, name: STORES_A.neptune });
    expect(n.meta.region).toBe(STORES_OTHER_REGION);
  });

  it('DynamoDB: the AWS owned key by documented default, a customer key, the AWS managed key', () => {
    const owned = store(arn('dynamodb', `table/${STORES_A.table.owned}`));
    expect(encryption(owned)).toEqual({
      encrypted: true,
      kmsKey: undefined,
      kmsKeyRaw: undefined,
      defaultEncryption: 'AWS owned key',
      encryptedState: 'default',
      kmsKeyState: 'default',
      origin: 'dynamodb:DescribeTable',
    });
    expect(fieldValue(owned, 'kmsKey')).toMatchObject({ basis: citeDefault(DEFAULTS.dynamodbEncryption) });
    expect(encryption(store(arn('dynamodb', `table/${STORES_A.table.cmk}`)))).toMatchObject({
      encrypted: true,
      kmsKey: { id: d.dataKeyArn },
      kmsKeyRaw: d.dataKeyArn,
      kmsKeyState: 'explicit',
    });
    // SSE-KMS without a key: DynamoDB's own aws/dynamodb key, named by ARN and recognised by its alias.
    expect(store(arn('dynamodb', `table/${STORES_A.table.managed}`)).kmsKeyRaw).toBe('alias/aws/dynamodb');
  });

  it('OpenSearch: encryption at rest and automatic software updates, a default where none is answered', () => {
    const cmk = store(arn('es', `domain/${STORES_A.domain.cmk}`));
    expect(cmk).toMatchObject({ name: STORES_A.domain.cmk, autoSoftwareUpdate: false });
    expect(fieldValue(cmk, 'autoSoftwareUpdate').state).toBe('explicit');
    expect(encryption(cmk)).toMatchObject({
      encrypted: true,
      kmsKey: { id: d.dataKeyArn },
      origin: 'es:DescribeDomains',
    });
    const plain = store(arn('es', `domain/${STORES_A.domain.plain}`));
    expect(encryption(plain)).toMatchObject({ encrypted: false, defaultEncryption: 'encryption at rest off' });
    expect(fieldValue(plain, 'autoSoftwareUpdate')).toMatchObject({
      state: 'default',
      value: false,
      basis: citeDefault(DEFAULTS.opensearchAutoSoftwareUpdate),
    });
  });

  it('SQS: SSE-SQS, a customer key, encryption switched off', () => {
    const sse = store(arn('sqs', STORES_A.queue.sse));
    expect(sse).toMatchObject({ name: STORES_A.queue.sse, id: d.queueUrls.sse });
    expect(encryption(sse)).toMatchObject({
      encrypted: true,
      kmsKey: undefined,
      defaultEncryption: 'SSE-SQS (AWS owned key)',
      origin: 'sqs:GetQueueAttributes',
    });
    expect(encryption(store(arn('sqs', STORES_A.queue.cmk)))).toMatchObject({ kmsKey: { id: d.messagingKeyArn } });
    expect(encryption(store(arn('sqs', STORES_A.queue.none)))).toMatchObject({
      encrypted: false,
      defaultEncryption: 'none',
    });
  });

  it('SNS: no key (not encrypted), a customer key, the AWS managed key by alias', () => {
    expect(encryption(store(arn('sns', STORES_A.topic.plain)))).toMatchObject({
      encrypted: false,
      defaultEncryption: 'none',
      origin: 'sns:GetTopicAttributes',
    });
    expect(store(arn('sns', STORES_A.topic.plain)).name).toBe(STORES_A.topic.plain);
    expect(encryption(store(arn('sns', STORES_A.topic.cmk)))).toMatchObject({ kmsKey: { id: d.messagingKeyArn } });
    expect(store(arn('sns', STORES_A.topic.managed)).kmsKeyRaw).toBe('alias/aws/sns');
  });

  it('EBS: each volume answers its own encryption; the account setting is evidence for an unencrypted one', () => {
    const cmk = store(arn('ec2', `volume/${d.volumeIds.cmk}`));
    expect(cmk).toMatchObject({ id: d.volumeIds.cmk, name: STORES_A.volume.cmk, tags: { Name: STORES_A.volume.cmk } });
    expect(encryption(cmk)).toMatchObject({
      encrypted: true,
      kmsKey: { id: d.dataKeyArn },
      origin: 'ec2:DescribeVolumes',
    });
    const plain = store(arn('ec2', `volume/${d.volumeIds.plain}`));
    expect(encryption(plain)).toMatchObject({
      encrypted: false,
      defaultEncryption: `none (EBS encryption by default is off in ${STORES_REGION})`,
      encryptedState: 'explicit',
    });
    expect(plain.meta.origin?.defaultEncryption).toBe('ec2:GetEbsEncryptionByDefault');
    // Nothing is left to the account for a volume that exists: it answers its own encryption.
    expect(plain.decidedByAccount).toBeUndefined();
  });

  it('spends at most two calls per store (listings shared, one read per queue, topic or table)', () => {
    const calls = proxy.seen.filter((s) => STORE_SERVICES.has(s.service));
    const stores = ofKind(inv, 'DataStore').length;
    const byService: Record<string, number> = {};
    for (const c of calls) byService[c.service] = (byService[c.service] ?? 0) + 1;
    // Per region: RDS 2 listings; DynamoDB 1 + 1 per table; OpenSearch 1 + 1 per 5 domains; SQS and
    // SNS 1 + 1 per queue or topic; EBS DescribeVolumes + GetEbsEncryptionByDefault.
    expect(byService).toEqual({ rds: 4, dynamodb: 2 + 3, es: 2 + 1, sqs: 2 + 3, sns: 2 + 3, ec2: 4 });
    console.info(
      `store collectors: ${calls.length} calls for ${stores} stores (${(calls.length / stores).toFixed(2)} per store)`,
    );
    expect(calls.length / stores).toBeLessThanOrEqual(2);
  });
});
