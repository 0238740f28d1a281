/**
 * Every plan adapter module registers here: its adapters (one per Terraform type, which make entities),
 * its folders (which write split resources into their parents; several modules may fold one type) and
 * its declaration of the Terraform types it reads and the model kinds it fills. The declarations are
 * what `rules --format json` and `explain` print per rule, so they are checked against the dispatch
 * tables (test/plan/adapterDeclarations.test.ts).
 */
import type { EntityKind } from '../../model/types.js';
import { auditAdapters, auditFills } from './audit.js';
import { computeAdapters, computeFills, computeFolders } from './compute.js';
import type { Adapter, Fills } from './context.js';
import { databaseAdapters, databaseFills, databaseFolders } from './databases.js';
import { dataStoreAdapters, dataStoreFills, dataStoreFolders } from './datastores.js';
import { enclaveFills, enclaveFolders } from './enclave.js';
import type { Folder } from './fold.js';
import { iamAdapters, iamFills, iamFolders } from './iam.js';
import { iamGroupFills, iamGroupFolders } from './iamGroups.js';
import { kmsAdapters, kmsFills, kmsFolders } from './kms.js';
import { networkAdapters, networkFills, networkFolders } from './network.js';
import { resolverAdapters, resolverFills, resolverFolders } from './resolver.js';
import { routeAdapters, routeFills, routeFolders } from './routes.js';
import { s3Adapters, s3Fills, s3Folders } from './s3.js';
import { securityGroupAdapters, securityGroupFills, securityGroupFolders } from './securityGroups.js';
import { supplyChainAdapters, supplyChainFills, supplyChainFolders } from './supplyChain.js';
import { upgradeFills, upgradeFolders } from './upgrades.js';

export interface AdapterModule {
  name: string;
  adapters?: Readonly<Record<string, Adapter>>;
  folders?: Readonly<Record<string, Folder>>;
  fills: Fills;
}

/** In folding order: a later module's folder for a type runs after an earlier one's. */
export const ADAPTER_MODULES: readonly AdapterModule[] = [
  { name: 'network', adapters: networkAdapters, folders: networkFolders, fills: networkFills },
  { name: 'routes', adapters: routeAdapters, folders: routeFolders, fills: routeFills },
  { name: 'securityGroups', adapters: securityGroupAdapters, folders: securityGroupFolders, fills: securityGroupFills },
  { name: 'compute', adapters: computeAdapters, folders: computeFolders, fills: computeFills },
  { name: 's3', adapters: s3Adapters, folders: s3Folders, fills: s3Fills },
  { name: 'audit', adapters: auditAdapters, fills: auditFills },
  { name: 'resolver', adapters: resolverAdapters, folders: resolverFolders, fills: resolverFills },
  { name: 'supplyChain', adapters: supplyChainAdapters, folders: supplyChainFolders, fills: supplyChainFills },
  { name: 'enclave', folders: enclaveFolders, fills: enclaveFills },
  { name: 'kms', adapters: kmsAdapters, folders: kmsFolders, fills: kmsFills },
  { name: 'iam', adapters: iamAdapters, folders: iamFolders, fills: iamFills },
  { name: 'iamGroups', folders: iamGroupFolders, fills: iamGroupFills },
  { name: 'dataStores', adapters: dataStoreAdapters, folders: dataStoreFolders, fills: dataStoreFills },
  { name: 'databases', adapters: databaseAdapters, fills: databaseFills },
  { name: 'upgrades', folders: upgradeFolders, fills: upgradeFills },
  // After upgrades.ts: public access folds into the stores the upgrade folders may have made.
  { name: 'databaseFlags', folders: databaseFolders, fills: {} },
];

function build(): { adapters: Map<string, Adapter>; folders: Map<string, Folder[]> } {
  const adapters = new Map<string, Adapter>();
  const folders = new Map<string, Folder[]>();
  for (const m of ADAPTER_MODULES) {
    for (const [type, adapter] of Object.entries(m.adapters ?? {})) {
      // One entity per resource: a second adapter for a type would silently replace the first.
      if (adapters.has(type)) throw new Error(`plan adapter for ${type} registered twice (${m.name})`);
      adapters.set(type, adapter);
    }
    for (const [type, folder] of Object.entries(m.folders ?? {})) {
      const list = folders.get(type) ?? [];
      list.push(folder);
      folders.set(type, list);
    }
  }
  return { adapters, folders };
}

const built = build();
/** Terraform type -> the adapter that makes its entity. */
export const ADAPTERS: ReadonlyMap<string, Adapter> = built.adapters;
/** Terraform type -> the folders that write it into parent entities, in module order. */
export const FOLDERS: ReadonlyMap<string, readonly Folder[]> = built.folders;

/**
 * What the configuration section alone yields (no resource type): module calls and provider
 * requirements, named as their entities' `meta.type` names them.
 */
export const CONFIGURATION_FILLS: Fills = {
  module: ['ModuleCall'],
  provider: ['ProviderRequirement'],
};

/** Terraform type -> every model kind any module fills from it (declarations merged). */
export function terraformFills(): ReadonlyMap<string, ReadonlySet<EntityKind>> {
  const out = new Map<string, Set<EntityKind>>();
  for (const fills of [...ADAPTER_MODULES.map((m) => m.fills), CONFIGURATION_FILLS]) {
    for (const [type, kinds] of Object.entries(fills)) {
      const set = out.get(type) ?? new Set<EntityKind>();
      for (const k of kinds) set.add(k);
      out.set(type, set);
    }
  }
  return out;
}
