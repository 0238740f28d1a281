/** Resolves `--framework ID[,ID]` (and `frameworks ID`) against the loaded mappings. */
import { InputError } from '../input/inputError.js';
import type { FrameworkMapping } from './types.js';

/**
 * The mappings named by `ids`, in mapping order; all of them when `ids` is undefined or empty. An unknown id is a
 * usage error naming the known ones, never an empty report.
 */
export function selectFrameworks(
  mappings: readonly FrameworkMapping[],
  ids: readonly string[] | undefined,
  shownAs = '--framework',
): FrameworkMapping[] {
  if (ids === undefined || ids.length === 0) return [...mappings];
  const known = new Set(mappings.map((m) => m.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const list = unknown.map((id) => `"${id}"`).join(', ');
    throw new InputError(shownAs, `unknown framework ${list}; known frameworks: ${[...known].join(', ')}`);
  }
  const wanted = new Set(ids);
  return mappings.filter((m) => wanted.has(m.id));
}
