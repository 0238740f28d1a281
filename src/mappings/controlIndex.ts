/**
 * Rule id -> the controls it evidences. Built once per loaded mapping set, because the engine asks for every finding
 * and a scan can have 100,000 of them: each lookup is a map read plus a copy of a handful of refs.
 */
import type { ControlRef } from '../engine/types.js';
import type { FrameworkMapping } from './types.js';

interface RuleIndex {
  all: ReadonlyMap<string, readonly ControlRef[]>;
  /** Per `--framework` selection (key: sorted ids), built lazily: a run uses one selection. */
  selections: Map<string, ReadonlyMap<string, readonly ControlRef[]>>;
}

const indexes = new WeakMap<readonly FrameworkMapping[], RuleIndex>();

function indexFor(mappings: readonly FrameworkMapping[]): RuleIndex {
  let index = indexes.get(mappings);
  if (!index) {
    index = { all: buildIndex(mappings), selections: new Map() };
    indexes.set(mappings, index);
  }
  return index;
}

function buildIndex(mappings: readonly FrameworkMapping[]): Map<string, readonly ControlRef[]> {
  const byRule = new Map<string, ControlRef[]>();
  for (const mapping of mappings) {
    for (const control of mapping.controls) {
      if (control.rules === 'manual') continue;
      // Frozen: the same ref objects are shared by every finding of the rule.
      const ref: ControlRef = Object.freeze({ framework: mapping.id, id: control.id });
      for (const ruleId of control.rules) {
        const refs = byRule.get(ruleId);
        if (refs) refs.push(ref);
        else byRule.set(ruleId, [ref]);
      }
    }
  }
  return byRule;
}

/**
 * The controls a rule's results evidence, in mapping order (framework file order, then control order), optionally
 * only for the given framework ids. Unknown framework ids simply select nothing: `selectFrameworks` is where the CLI
 * rejects them.
 */
export function controlsForRule(
  mappings: readonly FrameworkMapping[],
  ruleId: string,
  frameworks?: readonly string[],
): ControlRef[] {
  const index = indexFor(mappings);
  if (frameworks === undefined) return [...(index.all.get(ruleId) ?? [])];
  const key = [...new Set(frameworks)].sort().join('\u0000');
  let selection = index.selections.get(key);
  if (!selection) {
    const wanted = new Set(frameworks);
    const filtered = new Map<string, readonly ControlRef[]>();
    for (const [rule, refs] of index.all) {
      const kept = refs.filter((ref) => wanted.has(ref.framework));
      if (kept.length > 0) filtered.set(rule, kept);
    }
    selection = filtered;
    index.selections.set(key, selection);
  }
  return [...(selection.get(ruleId) ?? [])];
}
