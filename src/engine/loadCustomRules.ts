/**
 * `--rules-dir DIR`: an organisation's own rules, loaded as ES modules that export the same `{ meta, check }`
 * shape as the built-in rules (`export const rule` or `export default`). Their ids live in a namespace the meta
 * declares, so they can never shadow a built-in rule; a bad module is an InputError naming its file. At run
 * time a custom rule that throws, or returns something that is not a list of results, becomes one
 * `not-assessed` result naming the rule: an organisation's rule must never crash the CI gate's scan.
 */
import { readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../input/inputError.js';
import type { Inventory } from '../model/inventory.js';
import { RULE_IDS } from './catalogue.js';
import { notAssessed, scopeResource } from './ruleKit.js';
import { PROFILES, SEVERITIES, type Rule, type RuleContext, type RuleMeta, type RuleResult } from './types.js';

/** A custom rule's metadata: a built-in rule's, plus the namespace its id is prefixed with. */
export interface CustomRuleMeta extends RuleMeta {
  /**
   * Three capital letters, not one of the built-in prefixes (NET, EGR, DEP, UPD, KMS, IAM, AUD, ENC, RES);
   * the id is `<namespace>-<three digits>`, e.g. `ACM-001`.
   */
  namespace: string;
}

/** What a module in `--rules-dir` exports, as `rule` or as its default export. */
export interface CustomRule extends Rule {
  meta: CustomRuleMeta;
}

const BUILT_IN_PREFIXES = new Set(RULE_IDS.map((id) => id.slice(0, 3)));
const BUILT_IN_IDS = new Set<string>(RULE_IDS);
const MODULE_FILE = /\.(mjs|js)$/;
const TEST_FILE = /\.(test|spec)\.(mjs|js)$/;
const STATUSES = new Set(['pass', 'fail', 'not-assessed']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** The first thing wrong with a module's export, or undefined when it is a well-formed custom rule. */
function problemWith(candidate: unknown): string | undefined {
  if (!isRecord(candidate))
    return 'exports no rule (expected `export const rule = { meta, check }` or a default export)';
  if (typeof candidate.check !== 'function') return 'rule has no check(inventory, context) function';
  const meta = candidate.meta;
  if (!isRecord(meta)) return 'rule has no meta object';
  const { id, namespace } = meta;
  if (typeof namespace !== 'string' || !/^[A-Z]{3}$/.test(namespace))
    return 'meta.namespace must be three capital letters (the prefix of the rule id)';
  if (BUILT_IN_PREFIXES.has(namespace)) return `meta.namespace "${namespace}" is a built-in rule prefix`;
  if (typeof id !== 'string') return 'meta.id must be a string';
  if (BUILT_IN_IDS.has(id)) return `meta.id "${id}" clashes with a built-in rule`;
  if (!new RegExp(`^${namespace}-\\d{3}$`).test(id))
    return `meta.id "${id}" must be ${namespace}-NNN (its namespace, a hyphen, three digits)`;
  for (const key of ['title', 'rationale', 'remediation'] as const)
    if (typeof meta[key] !== 'string' || meta[key] === '') return `meta.${key} must be a non-empty string`;
  if (!SEVERITIES.includes(meta.severity as never)) return `meta.severity must be one of ${SEVERITIES.join(', ')}`;
  if (!isStringList(meta.profiles) || !meta.profiles.every((p) => PROFILES.includes(p as never)))
    return `meta.profiles must list profiles among ${PROFILES.join(', ')}`;
  if (!isStringList(meta.references)) return 'meta.references must be a list of strings';
  if (!isStringList(meta.reads)) return 'meta.reads must be a list of model kinds';
  if (meta.condition !== undefined && !['AG-1', 'AG-2', 'AG-3', 'AG-4'].includes(String(meta.condition)))
    return 'meta.condition must be AG-1, AG-2, AG-3 or AG-4';
  if (meta.layer !== undefined && ![1, 2, 3, 4, 5].includes(meta.layer as number)) return 'meta.layer must be 1 to 5';
  return undefined;
}

function malformedResult(r: unknown): boolean {
  if (!isRecord(r) || !STATUSES.has(String(r.status)) || typeof r.message !== 'string') return true;
  if (!isRecord(r.resource) || typeof r.resource.address !== 'string' || r.resource.address === '') return true;
  return !Array.isArray(r.evidence);
}

/** The rule as the engine runs it: its failures are reported, never thrown. */
function guarded(rule: CustomRule, file: string): Rule {
  const id = rule.meta.id;
  const failed = (inventory: Inventory, what: string): RuleResult[] => [
    notAssessed(scopeResource(inventory), 'needs-review', {
      message: `Custom rule ${id} (${file}) ${what}; nothing it checks was assessed`,
      evidence: [{ path: 'check', observed: what, expected: 'a list of results', source: file }],
      key: 'custom-rule-error',
    }),
  ];
  return {
    meta: rule.meta,
    check(inventory: Inventory, context: RuleContext): RuleResult[] {
      let results: unknown;
      try {
        results = rule.check(inventory, context);
      } catch (err) {
        return failed(inventory, `threw: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!Array.isArray(results)) return failed(inventory, 'returned something other than a list of results');
      if (results.some(malformedResult))
        return failed(inventory, 'returned a result without status, resource.address, message or evidence');
      return results as RuleResult[];
    },
  };
}

let hooked = false;

/** Once per process: `import 'airgap-audit'` in a rule module means this very library (customRuleHooks.ts). */
function resolveLibraryForRules(): void {
  if (hooked) return;
  hooked = true;
  register(new URL('./customRuleHooks.js', import.meta.url), {
    data: { libraryUrl: new URL('../index.js', import.meta.url).href },
  });
}

/** Every rule module in `dir` (not its tests), sorted by id; an InputError names the first bad file. */
export async function loadCustomRules(dir: string): Promise<Rule[]> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new InputError(dir, 'not a directory (--rules-dir)');
    names = readdirSync(dir).filter((n) => MODULE_FILE.test(n) && !TEST_FILE.test(n));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(dir, `cannot read rules directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (names.length === 0) throw new InputError(dir, 'no rule modules (*.mjs or *.js) in --rules-dir');
  resolveLibraryForRules();
  const byId = new Map<string, string>();
  const rules: Rule[] = [];
  for (const name of names.sort()) {
    const file = join(dir, name);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    } catch (err) {
      throw new InputError(file, `cannot load rule module: ${err instanceof Error ? err.message : String(err)}`);
    }
    const candidate = mod.rule ?? mod.default;
    const problem = problemWith(candidate);
    if (problem) throw new InputError(file, problem);
    const rule = candidate as CustomRule;
    const earlier = byId.get(rule.meta.id);
    if (earlier) throw new InputError(file, `rule id "${rule.meta.id}" is already defined by ${earlier}`);
    byId.set(rule.meta.id, file);
    rules.push(guarded(rule, file));
  }
  return rules.sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}
