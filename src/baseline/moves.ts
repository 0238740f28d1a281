/**
 * `moved` blocks and fingerprints. When a plan shows `previous_address` for a resource, its findings are
 * fingerprinted with the address it had before, so a rename in the change under review is not a new
 * finding against a baseline written before it. The moves are kept beside the inventory (not in the
 * model: rules never need them) from the plan loader until the engine computes fingerprints.
 */
import type { Inventory } from '../model/inventory.js';

const movesByInventory = new WeakMap<Inventory, Map<string, string>>();

export function rememberMoves(inventory: Inventory, moves: ReadonlyMap<string, string>): void {
  if (moves.size === 0) return;
  const all = movesByInventory.get(inventory) ?? new Map<string, string>();
  for (const [to, from] of moves) all.set(to, from);
  movesByInventory.set(inventory, all);
}

/** The address a finding about `address` is fingerprinted with: the pre-move address when it moved. */
export function fingerprintAddressFor(inventory: Inventory): ((address: string) => string) | undefined {
  const moves = movesByInventory.get(inventory);
  if (!moves) return undefined;
  return (address) => moves.get(address) ?? address;
}

/** The renames remembered for an inventory (carried into a report's serialized inventory). */
export function movesOf(inventory: Inventory): ReadonlyMap<string, string> | undefined {
  return movesByInventory.get(inventory);
}
