/**
 * Vendor-controlled automatic upgrades on data stores (UPD-003): RDS, Aurora, ElastiCache, Amazon MQ
 * and OpenSearch. These folders run after the primary adapters: they write the upgrade settings into
 * the store's `DataStore` entity, and add one (with what its encryption settings say) when no adapter
 * made it. Aurora instances fold into their cluster: each instance's setting upgrades the cluster's
 * engine, so the finding names the cluster and the evidence the instance.
 */
import { citeDefault, DEFAULTS, type DocumentedDefault } from '../../model/defaults.js';
import type { DataStore } from '../../model/types.js';
import type { LoadedPlan, RawResource } from '../planLoader.js';
import {
  bool,
  configSets,
  metaOf,
  referencedAddresses,
  refAt,
  str,
  tags,
  unknownAt,
  type AdapterContext,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import type { Folder } from './fold.js';

interface StoreShape {
  storeKind: string;
  /** Where the automatic-upgrade switch lives, and its provider default. */
  upgrade: {
    field: 'autoMinorVersionUpgrade' | 'autoSoftwareUpdate';
    path: Path;
    fallback: DocumentedDefault<boolean>;
  };
  /** Encryption at rest, for a store no other adapter has modelled. */
  encryptedPath?: Path;
  encryptedDefault?: boolean;
  kmsPath?: Path;
}

const SHAPES: Record<string, StoreShape> = {
  aws_db_instance: {
    storeKind: 'rds',
    upgrade: {
      field: 'autoMinorVersionUpgrade',
      path: ['auto_minor_version_upgrade'],
      fallback: DEFAULTS.rdsAutoMinorVersionUpgrade,
    },
    encryptedPath: ['storage_encrypted'],
    encryptedDefault: false,
    kmsPath: ['kms_key_id'],
  },
  aws_rds_cluster: {
    storeKind: 'aurora',
    upgrade: {
      field: 'autoMinorVersionUpgrade',
      path: ['auto_minor_version_upgrade'],
      fallback: DEFAULTS.rdsClusterAutoMinorVersionUpgrade,
    },
    encryptedPath: ['storage_encrypted'],
    encryptedDefault: false,
    kmsPath: ['kms_key_id'],
  },
  aws_elasticache_cluster: {
    storeKind: 'elasticache',
    upgrade: {
      field: 'autoMinorVersionUpgrade',
      path: ['auto_minor_version_upgrade'],
      fallback: DEFAULTS.elasticacheAutoMinorVersionUpgrade,
    },
  },
  aws_elasticache_replication_group: {
    storeKind: 'elasticache',
    upgrade: {
      field: 'autoMinorVersionUpgrade',
      path: ['auto_minor_version_upgrade'],
      fallback: DEFAULTS.elasticacheAutoMinorVersionUpgrade,
    },
    encryptedPath: ['at_rest_encryption_enabled'],
    encryptedDefault: false,
    kmsPath: ['kms_key_id'],
  },
  aws_mq_broker: {
    storeKind: 'mq',
    upgrade: {
      field: 'autoMinorVersionUpgrade',
      path: ['auto_minor_version_upgrade'],
      fallback: DEFAULTS.mqAutoMinorVersionUpgrade,
    },
    encryptedDefault: true,
    kmsPath: ['encryption_options', 0, 'kms_key_id'],
  },
  aws_opensearch_domain: {
    storeKind: 'opensearch',
    upgrade: {
      field: 'autoSoftwareUpdate',
      path: ['software_update_options', 0, 'auto_software_update_enabled'],
      fallback: DEFAULTS.opensearchAutoSoftwareUpdate,
    },
    encryptedPath: ['encrypt_at_rest', 0, 'enabled'],
    encryptedDefault: false,
    kmsPath: ['encrypt_at_rest', 0, 'kms_key_id'],
  },
};

/** ElastiCache clusters show the flag as a string ("true"/"false") in some provider versions. */
function flagAt(raw: RawResource, path: Path): boolean | undefined {
  const b = bool(raw, path);
  if (b !== undefined) return b;
  const s = str(raw, path);
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

function upgradeSetting(raw: RawResource, shape: StoreShape): { value: boolean | undefined; origin: string } {
  const { path, fallback } = shape.upgrade;
  const origin = `${raw.address}.${path.join('.')}`;
  // Optional+Computed: unset, the plan shows it unknown, but the provider default is what runs.
  if (unknownAt(raw, path) && (raw.config === undefined || configSets(raw, path))) return { value: undefined, origin };
  const v = flagAt(raw, path);
  return v === undefined
    ? { value: fallback.value, origin: `${origin} (not set: ${citeDefault(fallback)})` }
    : { value: v, origin };
}

function newStore(ctx: AdapterContext, raw: RawResource, shape: StoreShape): DataStore {
  const store: DataStore = {
    kind: 'DataStore',
    meta: metaOf(raw, {}),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    storeKind: shape.storeKind,
  };
  if (shape.encryptedPath) store.encrypted = flagAt(raw, shape.encryptedPath) ?? shape.encryptedDefault;
  else if (shape.encryptedDefault !== undefined) store.encrypted = shape.encryptedDefault;
  if (shape.kmsPath) {
    store.kmsKey = refAt(ctx, raw, shape.kmsPath);
    store.kmsKeyRaw = str(raw, shape.kmsPath);
  }
  ctx.emit(store);
  return store;
}

const instancesCache = new WeakMap<LoadedPlan, Map<string, RawResource[]>>();

/** Aurora instances of each cluster in a plan (by the cluster's address), indexed once. */
function clusterInstances(ctx: AdapterContext): Map<string, RawResource[]> {
  let index = instancesCache.get(ctx.plan);
  if (index) return index;
  index = new Map();
  for (const r of ctx.plan.resources) {
    if (r.type !== 'aws_rds_cluster_instance') continue;
    for (const cluster of referencedAddresses(ctx, r, ['cluster_identifier'])) {
      const list = index.get(cluster) ?? [];
      list.push(r);
      index.set(cluster, list);
    }
  }
  instancesCache.set(ctx.plan, index);
  return index;
}

function setUpgrade(
  store: DataStore,
  field: StoreShape['upgrade']['field'],
  value: boolean | undefined,
  origin: string,
): void {
  store[field] = value;
  (store.meta.origin ??= {})[field] = origin;
  const rest = (store.meta.unknown ?? []).filter((f) => f !== field);
  store.meta.unknown = value === undefined ? [...rest, field] : rest;
}

function storeFolder(type: string): Folder {
  const shape = SHAPES[type];
  return (raw, ctx) => {
    const existing = ctx.inventory.byAddress.get(raw.address);
    const store = existing?.kind === 'DataStore' ? existing : newStore(ctx, raw, shape);
    const own = upgradeSetting(raw, shape);
    setUpgrade(store, shape.upgrade.field, own.value, own.origin);
    if (type !== 'aws_rds_cluster' || own.value === true) return;
    // An Aurora instance that upgrades itself upgrades the cluster's engine: the finding names the
    // cluster, the evidence the instance.
    for (const instance of clusterInstances(ctx).get(raw.address) ?? []) {
      const setting = upgradeSetting(instance, SHAPES.aws_db_instance);
      if (setting.value === true) return setUpgrade(store, 'autoMinorVersionUpgrade', true, setting.origin);
      if (setting.value === undefined) setUpgrade(store, 'autoMinorVersionUpgrade', undefined, setting.origin);
    }
  };
}

export const upgradeFolders: Record<string, Folder> = Object.fromEntries(
  Object.keys(SHAPES).map((type) => [type, storeFolder(type)]),
);

/** Terraform types this module reads and the model kinds it fills from them. */
export const upgradeFills: Fills = {
  aws_db_instance: ['DataStore'],
  aws_rds_cluster: ['DataStore'],
  aws_rds_cluster_instance: ['DataStore'],
  aws_elasticache_cluster: ['DataStore'],
  aws_elasticache_replication_group: ['DataStore'],
  aws_mq_broker: ['DataStore'],
  aws_opensearch_domain: ['DataStore'],
};
