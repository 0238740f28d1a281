/** Checks on the shape of a parsed JSON value that JSON.parse itself does not make. */
import { InputProblem, nestingTooDeep } from './inputProblems.js';

/** How the top level of a document reads in an error message: 'object' for a JSON object. */
function describeTopLevel(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** A plan or state is a JSON object; anything else at the top level is refused. */
export function checkTopLevelIsObject(value: unknown): void {
  const shape = describeTopLevel(value);
  if (shape !== 'object') {
    throw new InputProblem(`the top level is ${shape}, not a JSON object: expected the output of terraform show -json`);
  }
}

/**
 * Throws when `value` nests containers deeper than `limit`.
 *
 * JSON.parse in current V8 builds arbitrarily deep values without complaint, but JSON.stringify and every recursive
 * walk after it would overflow the stack, so the limit is enforced here. Breadth-first, one level at a time, so no
 * recursion and no per-node depth bookkeeping.
 */
export function checkNestingDepth(value: unknown, limit: number): void {
  let level: object[] = value !== null && typeof value === 'object' ? [value] : [];
  let depth = 1;
  while (level.length > 0) {
    if (depth > limit) throw nestingTooDeep(limit);
    const next: object[] = [];
    for (const container of level) {
      const children: unknown[] = Array.isArray(container) ? container : Object.values(container);
      for (let index = 0; index < children.length; index++) {
        const child = children[index];
        if (child !== null && typeof child === 'object') next.push(child);
      }
    }
    level = next;
    depth++;
  }
}
