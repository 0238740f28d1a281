/**
 * Adapters for keys, storage, identity and audit resources register here, beside the network and
 * compute ones wired in planInventory.ts.
 */
import { auditAdapters } from './audit.js';
import type { Adapter } from './context.js';
import { dataStoreAdapters, dataStoreFolders } from './datastores.js';
import { enclaveFolders } from './enclave.js';
import type { Folder } from './fold.js';
import { iamAdapters, iamFolders } from './iam.js';
import { kmsAdapters, kmsFolders } from './kms.js';
import { resolverAdapters, resolverFolders } from './resolver.js';
import { s3Adapters, s3Folders } from './s3.js';
import { supplyChainAdapters, supplyChainFolders } from './supplyChain.js';
import { upgradeFolders } from './upgrades.js';

export const extraAdapters: Record<string, Adapter> = {
  ...s3Adapters,
  ...auditAdapters,
  ...resolverAdapters,
  ...supplyChainAdapters,
  ...kmsAdapters,
  ...iamAdapters,
  ...dataStoreAdapters,
};
export const extraFolders: Record<string, Folder> = {
  ...s3Folders,
  ...resolverFolders,
  ...supplyChainFolders,
  ...enclaveFolders,
  ...upgradeFolders,
  ...kmsFolders,
  ...iamFolders,
  ...dataStoreFolders,
};
