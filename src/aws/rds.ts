/**
 * RDS collector: DB instances and DB clusters (Aurora, Multi-AZ DB clusters, and the DocumentDB and
 * Neptune clusters the same API describes), with storage encryption and automatic minor version upgrades.
 *
 * As in the plan (datastores.ts, upgrades.ts), an instance that belongs to a cluster is not a store of
 * its own: its upgrade setting upgrades the cluster's engine, so it is folded into the cluster, whose
 * finding then names the instance in its evidence. Two listings per region, nothing per resource.
 */
import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import { citeDefault, DEFAULTS } from '../model/defaults.js';
import type { DataStore } from '../model/types.js';
import { collectPages, markUnknown, type ScanContext, tagsOf } from './context.js';
import { unencrypted, withKey, withServiceKey } from './storeFields.js';

const INSTANCES = 'rds:DescribeDBInstances';
const CLUSTERS = 'rds:DescribeDBClusters';

/** Statuses of a store on its way out, as a destroyed plan resource is. */
const GONE = new Set(['deleting', 'deleted']);

export async function collectRds(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('rds', region, (config) => new RDSClient(config));
  const [instances, clusters] = await Promise.all([
    ctx.call({ call: INSTANCES, kinds: ['DataStore'], region }, () =>
      collectPages(paginateDescribeDBInstances({ client }, {}), (p) => p.DBInstances),
    ),
    ctx.call({ call: CLUSTERS, kinds: ['DataStore'], region }, () =>
      collectPages(paginateDescribeDBClusters({ client }, {}), (p) => p.DBClusters),
    ),
  ]);
  const members = new Map<string, DBInstance[]>();
  if (instances.state === 'ok') {
    for (const i of instances.value) {
      if (!i.DBInstanceIdentifier || GONE.has(i.DBInstanceStatus ?? '')) continue;
      if (i.DBClusterIdentifier) {
        const list = members.get(i.DBClusterIdentifier) ?? [];
        list.push(i);
        members.set(i.DBClusterIdentifier, list);
      } else ctx.add(instanceStore(ctx, region, i));
    }
  }
  if (clusters.state !== 'ok') return;
  for (const c of clusters.value) {
    if (!c.DBClusterIdentifier || GONE.has(c.Status ?? '')) continue;
    const store = clusterStore(ctx, region, c);
    const own = instances.state === 'ok' ? (members.get(c.DBClusterIdentifier) ?? []) : undefined;
    clusterUpgrades(store, c, own);
    clusterPublicAccess(store, c, own);
    ctx.add(store);
  }
}

function instanceStore(ctx: ScanContext, region: string, i: DBInstance): DataStore {
  const id = i.DBInstanceIdentifier ?? '';
  const arn = i.DBInstanceArn ?? `arn:${ctx.partition}:rds:${region}:${ctx.account}:db:${id}`;
  const store: DataStore = {
    kind: 'DataStore',
    storeKind: 'rds',
    meta: ctx.meta('aws_db_instance', arn, region, {}),
    id: arn,
    arn,
    name: id,
    tags: tagsOf(i.TagList),
  };
  storage(store, i.StorageEncrypted, i.KmsKeyId, INSTANCES);
  if (i.PubliclyAccessible !== undefined) {
    store.publiclyAccessible = i.PubliclyAccessible;
    (store.meta.origin ??= {}).publiclyAccessible = INSTANCES;
  } else {
    store.publiclyAccessible = DEFAULTS.rdsPubliclyAccessible.value;
    (store.meta.defaults ??= {}).publiclyAccessible = citeDefault(DEFAULTS.rdsPubliclyAccessible);
  }
  if (i.AutoMinorVersionUpgrade !== undefined) {
    store.autoMinorVersionUpgrade = i.AutoMinorVersionUpgrade;
    (store.meta.origin ??= {}).autoMinorVersionUpgrade = INSTANCES;
  } else {
    store.autoMinorVersionUpgrade = DEFAULTS.rdsAutoMinorVersionUpgrade.value;
    (store.meta.defaults ??= {}).autoMinorVersionUpgrade = citeDefault(DEFAULTS.rdsAutoMinorVersionUpgrade);
  }
  return store;
}

/** Terraform's resource type and the store kind for a cluster's engine. */
function clusterType(engine: string | undefined): { type: string; storeKind: string } {
  if (engine === 'docdb') return { type: 'aws_docdb_cluster', storeKind: 'docdb' };
  if (engine === 'neptune') return { type: 'aws_neptune_cluster', storeKind: 'neptune' };
  return { type: 'aws_rds_cluster', storeKind: 'aurora' };
}

function clusterStore(ctx: ScanContext, region: string, c: DBCluster): DataStore {
  const id = c.DBClusterIdentifier ?? '';
  const arn = c.DBClusterArn ?? `arn:${ctx.partition}:rds:${region}:${ctx.account}:cluster:${id}`;
  const { type, storeKind } = clusterType(c.Engine);
  const store: DataStore = {
    kind: 'DataStore',
    storeKind,
    meta: ctx.meta(type, arn, region, {}),
    id: arn,
    arn,
    name: id,
    tags: tagsOf(c.TagList),
  };
  storage(store, c.StorageEncrypted, c.KmsKeyId, CLUSTERS);
  return store;
}

function storage(store: DataStore, encrypted: boolean | undefined, key: string | undefined, call: string): void {
  // The API answers StorageEncrypted for every instance and cluster; without it nothing is claimed
  // and KMS-001 says the input does not tell.
  if (encrypted === undefined) return;
  if (!encrypted) unencrypted(store, 'storage not encrypted (StorageEncrypted false)', call);
  else if (key) withKey(store, key, call);
  else withServiceKey(store, DEFAULTS.rdsKey.value, call, citeDefault(DEFAULTS.rdsKey));
}

/**
 * The cluster upgrades its engine when the cluster says so (Multi-AZ DB clusters) or any of its
 * instances does (Aurora, DocumentDB, Neptune: the setting lives on each instance).
 */
function clusterUpgrades(store: DataStore, c: DBCluster, instances: DBInstance[] | undefined): void {
  const origin = (store.meta.origin ??= {});
  if (c.AutoMinorVersionUpgrade === true) {
    store.autoMinorVersionUpgrade = true;
    origin.autoMinorVersionUpgrade = CLUSTERS;
    return;
  }
  // The instances could not be listed: whether one of them upgrades the engine is not known.
  if (!instances) {
    markUnknown(store.meta, 'autoMinorVersionUpgrade', INSTANCES);
    return;
  }
  const upgrading = instances.find((i) => i.AutoMinorVersionUpgrade !== false);
  if (upgrading) {
    store.autoMinorVersionUpgrade = true;
    const arn = upgrading.DBInstanceArn ?? upgrading.DBInstanceIdentifier;
    origin.autoMinorVersionUpgrade = `${INSTANCES} ${arn}`;
    // An instance that does not answer the setting takes the documented default (on).
    if (upgrading.AutoMinorVersionUpgrade === undefined)
      (store.meta.defaults ??= {}).autoMinorVersionUpgrade = citeDefault(DEFAULTS.rdsAutoMinorVersionUpgrade);
    return;
  }
  if (instances.length > 0 || c.AutoMinorVersionUpgrade === false) {
    store.autoMinorVersionUpgrade = false;
    origin.autoMinorVersionUpgrade = instances.length > 0 ? `${INSTANCES} (every instance of the cluster)` : CLUSTERS;
  }
  // An Aurora cluster without instances runs no engine to upgrade and has no setting of its own: UPD-003
  // has nothing to judge there until an instance is added.
}

/**
 * A cluster is reachable from the internet when any of its instances is (as the plan folds
 * `aws_rds_cluster_instance.publicly_accessible` into its cluster); a Multi-AZ DB cluster answers it itself.
 */
function clusterPublicAccess(store: DataStore, c: DBCluster, instances: DBInstance[] | undefined): void {
  const origin = (store.meta.origin ??= {});
  if (c.PubliclyAccessible === true) {
    store.publiclyAccessible = true;
    origin.publiclyAccessible = CLUSTERS;
    return;
  }
  if (!instances) {
    markUnknown(store.meta, 'publiclyAccessible', INSTANCES);
    return;
  }
  const open = instances.find((i) => i.PubliclyAccessible === true);
  if (open) {
    store.publiclyAccessible = true;
    origin.publiclyAccessible = `${INSTANCES} ${open.DBInstanceArn ?? open.DBInstanceIdentifier}`;
    return;
  }
  if (instances.length > 0 || c.PubliclyAccessible === false) {
    store.publiclyAccessible = false;
    origin.publiclyAccessible = instances.length > 0 ? `${INSTANCES} (every instance of the cluster)` : CLUSTERS;
  }
  // A cluster without instances has no endpoint address to judge.
}
