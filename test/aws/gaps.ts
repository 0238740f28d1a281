/**
 * The gaps a scan met while reading, without those of the services it was told to leave out (`services`):
 * scans against moto and the SDK mock read only some services, so every one of them carries those.
 */
import type { CollectionGap, Inventory } from '../../src/model/inventory.js';

export function failedGaps(inv: Inventory): CollectionGap[] {
  return inv.gaps.filter((g) => g.reason !== 'not-collected');
}
