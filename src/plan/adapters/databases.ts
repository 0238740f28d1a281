/**
 * Plan adapters for the databases and ML stores beyond datastores.ts: DocumentDB and Neptune clusters,
 * Redshift clusters, DMS replication instances and SageMaker storage (notebook volumes, domain EFS
 * volumes, endpoint volumes), each with its key (KMS-001); whether RDS, Redshift and DMS get a public
 * address (NET-005); and the Aurora and Neptune cluster instances, whose public address and automatic
 * upgrades fold into their cluster, so a finding names the cluster and its evidence the instance.
 *
 * A cluster instance whose cluster is not in the input becomes a store of its own, carrying only the
 * instance's settings: its encryption is its cluster's, which this input does not show.
 */
import { citeDefault, DEFAULTS, type DocumentedDefault } from '../../model/defaults.js';
import { isUnknown } from '../../model/inventory.js';
import type { DataStore } from '../../model/types.js';
import { markUnknown, setDefault, setExplicit } from '../../model/values.js';
import type { RawResource } from '../planLoader.js';
import {
  attributeState,
  bool,
  metaOf,
  readWithDefault,
  str,
  tags,
  type Adapter,
  type AdapterContext,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import { store } from './datastores.js';
import { findParent, type Folder } from './fold.js';

type FoldedFlag = 'publiclyAccessible' | 'autoMinorVersionUpgrade';

const PUBLIC: Path = ['publicly_accessible'];
const UPGRADE: Path = ['auto_minor_version_upgrade'];

/** Read a flag with a documented default into the entity that Terraform addressed with `raw`. */
function ownFlag(field: FoldedFlag, path: Path, d: DocumentedDefault<boolean>): Folder {
  return (raw, ctx) => {
    const e = ctx.inventory.byAddress.get(raw.address);
    if (e?.kind !== 'DataStore') return;
    e.meta.fields = { ...e.meta.fields, [field]: path };
    readWithDefault(e, field, raw, path, bool, d);
  };
}

/**
 * Fold one instance's flag into its cluster: `true` on any instance settles the cluster (it is public,
 * it is upgraded); otherwise one unknown instance leaves it unknown; otherwise it is `false`, as the
 * first instance gave it (explicitly or by the provider default).
 */
function foldFlag(cluster: DataStore, field: FoldedFlag, raw: RawResource, path: Path, d: DocumentedDefault<boolean>) {
  const origin = `${raw.address}.${path.join('.')}`;
  const settledTrue = cluster[field] === true && !isUnknown(cluster, field);
  if (settledTrue) return;
  const state = attributeState(raw, path);
  const given = bool(raw, path);
  if (state === 'given' && given === true) return setExplicit(cluster, field, true, origin);
  if (state === 'unknown' || (state === 'given' && given === undefined)) return markUnknown(cluster, field, origin);
  if (isUnknown(cluster, field) || cluster[field] === false) return;
  if (state === 'given') return setExplicit(cluster, field, false, origin);
  setDefault(cluster, field, false, citeDefault(d));
  (cluster.meta.origin ??= {})[field] = origin;
}

interface InstanceShape {
  /** storeKind of a standalone instance (its cluster is not in the input). */
  storeKind: string;
  /** The flags an instance of this engine carries, each folded into the cluster. */
  flags: ReadonlyArray<Flag>;
  /** Flags read only when the instance stands alone (upgrades.ts folds them into a cluster in the input). */
  standaloneFlags?: ReadonlyArray<Flag>;
}

interface Flag {
  field: FoldedFlag;
  path: Path;
  d: DocumentedDefault<boolean>;
}

function clusterInstance(shape: InstanceShape): Folder {
  return (raw, ctx) => {
    const cluster = findParent(ctx, raw, ['cluster_identifier'], 'DataStore');
    if (cluster) {
      for (const f of shape.flags) foldFlag(cluster, f.field, raw, f.path, f.d);
      return;
    }
    const flags = [...shape.flags, ...(shape.standaloneFlags ?? [])];
    const fields: Record<string, Path> = {};
    for (const f of flags) fields[f.field] = f.path;
    const standalone: DataStore = {
      kind: 'DataStore',
      meta: metaOf(raw, fields),
      id: str(raw, ['id']),
      arn: str(raw, ['arn']),
      name: str(raw, ['identifier']),
      tags: tags(raw),
      storeKind: shape.storeKind,
    };
    for (const f of flags) readWithDefault(standalone, f.field, raw, f.path, bool, f.d);
    ctx.emit(standalone);
  };
}

const clusterStore = (storeKind: string, keyPath: Path, key: DocumentedDefault<string>): Adapter =>
  store({
    storeKind,
    keyPath,
    whenNoKey: key.value,
    enabledPath: ['storage_encrypted'],
    enabledDefault: DEFAULTS.rdsStorageEncrypted,
    whenDisabled: 'storage_encrypted is off',
  });

/**
 * SageMaker's storage beside its compute: the notebook's ML volume, the domain's EFS volume. The store
 * shares the resource's address but not its id, so a reference by id or address still finds the
 * compute workload emitted after it.
 */
export function sagemakerStorage(storeKind: string, keyPath: Path): Adapter {
  const adapter = store({ storeKind, keyPath, whenNoKey: DEFAULTS.sagemakerKey.value });
  return (raw, ctx) => {
    const emit = (e: Parameters<AdapterContext['emit']>[0]): void => ctx.emit({ ...e, id: undefined, arn: undefined });
    adapter(raw, { ...ctx, emit });
  };
}

export const databaseAdapters: Record<string, Adapter> = {
  aws_docdb_cluster: clusterStore('docdb', ['kms_key_id'], DEFAULTS.docdbKey),
  aws_neptune_cluster: clusterStore('neptune', ['kms_key_arn'], DEFAULTS.neptuneKey),
  aws_redshift_cluster: store({
    storeKind: 'redshift',
    keyPath: ['kms_key_id'],
    whenNoKey: DEFAULTS.redshiftKey.value,
    // No default: the provider's default for `encrypted` changed between versions, so only a written value settles it.
    enabledPath: ['encrypted'],
    whenDisabled: 'encrypted is off',
  }),
  aws_dms_replication_instance: store({
    storeKind: 'dms-replication-instance',
    keyPath: ['kms_key_arn'],
    whenNoKey: DEFAULTS.dmsKey.value,
  }),
  aws_sagemaker_endpoint_configuration: store({
    storeKind: 'sagemaker-endpoint',
    keyPath: ['kms_key_arn'],
    whenNoKey: DEFAULTS.sagemakerKey.value,
  }),
};

export const databaseFolders: Record<string, Folder> = {
  aws_db_instance: ownFlag('publiclyAccessible', PUBLIC, DEFAULTS.rdsPubliclyAccessible),
  aws_redshift_cluster: ownFlag('publiclyAccessible', PUBLIC, DEFAULTS.redshiftPubliclyAccessible),
  aws_dms_replication_instance: ownFlag('publiclyAccessible', PUBLIC, DEFAULTS.dmsPubliclyAccessible),
  // Aurora instances' upgrade settings fold into the cluster in upgrades.ts, beside the cluster's own.
  aws_rds_cluster_instance: clusterInstance({
    storeKind: 'aurora-instance',
    flags: [{ field: 'publiclyAccessible', path: PUBLIC, d: DEFAULTS.rdsPubliclyAccessible }],
    standaloneFlags: [{ field: 'autoMinorVersionUpgrade', path: UPGRADE, d: DEFAULTS.rdsAutoMinorVersionUpgrade }],
  }),
  aws_neptune_cluster_instance: clusterInstance({
    storeKind: 'neptune-instance',
    flags: [
      { field: 'publiclyAccessible', path: PUBLIC, d: DEFAULTS.rdsPubliclyAccessible },
      { field: 'autoMinorVersionUpgrade', path: UPGRADE, d: DEFAULTS.rdsAutoMinorVersionUpgrade },
    ],
  }),
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const databaseFills: Fills = {
  aws_docdb_cluster: ['DataStore'],
  aws_neptune_cluster: ['DataStore'],
  aws_neptune_cluster_instance: ['DataStore'],
  aws_rds_cluster_instance: ['DataStore'],
  aws_db_instance: ['DataStore'],
  aws_redshift_cluster: ['DataStore'],
  aws_dms_replication_instance: ['DataStore'],
  aws_sagemaker_endpoint_configuration: ['DataStore'],
};
