/**
 * Adapters for keys, storage, identity and audit resources register here, beside the network and
 * compute ones wired in planInventory.ts.
 */
import type { Adapter } from './context.js';
import type { Folder } from './fold.js';

export const extraAdapters: Record<string, Adapter> = {};
export const extraFolders: Record<string, Folder> = {};
