/**
 * The plan's `configuration` section: the HCL as Terraform understood it. It tells what ids are
 * unknown at plan time (`vpc_id = aws_vpc.main.id`), whether an attribute was set at all, and which
 * provider configuration manages each resource.
 */
import { joinAddress, parentModulePath, splitAddress, stripKey } from './address.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read: plan keys such as `constructor` or `__proto__` must never reach a prototype. */
export function own(obj: unknown, key: string): Json | undefined {
  if (!isObject(obj)) return undefined;
  const v: unknown = obj[key];
  // JSON values are never functions nor Object.prototype: only an inherited member looks like that.
  if (typeof v === 'function' || v === Object.prototype) return Object.hasOwn(obj, key) ? (v as Json) : undefined;
  return v as Json | undefined;
}

export interface ConfigResource {
  address: string;
  providerKey?: string;
  expressions: JsonObject;
}

export interface ConfigModule {
  resources: Map<string, ConfigResource>;
  /** module call name -> its expressions (input variables) and source/version. */
  calls: Map<string, { source: string; version?: string; expressions: JsonObject }>;
  outputs: Map<string, JsonObject>;
}

export interface ConfigIndex {
  /** Key: module names joined by '/', '' for root. */
  modules: Map<string, ConfigModule>;
  providers: Map<string, JsonObject>;
}

function indexModule(index: ConfigIndex, key: string, mod: unknown): void {
  const cm: ConfigModule = { resources: new Map(), calls: new Map(), outputs: new Map() };
  index.modules.set(key, cm);
  const resources = own(mod, 'resources');
  if (Array.isArray(resources)) {
    for (const r of resources) {
      const address = own(r, 'address');
      if (typeof address !== 'string') continue;
      const expressions = own(r, 'expressions');
      const providerKey = own(r, 'provider_config_key');
      cm.resources.set(address, {
        address,
        providerKey: typeof providerKey === 'string' ? providerKey : undefined,
        expressions: isObject(expressions) ? expressions : {},
      });
    }
  }
  const outputs = own(mod, 'outputs');
  if (isObject(outputs)) {
    for (const [name, out] of Object.entries(outputs)) {
      const expr = own(out, 'expression');
      if (isObject(expr)) cm.outputs.set(name, expr);
    }
  }
  const calls = own(mod, 'module_calls');
  if (isObject(calls)) {
    for (const [name, call] of Object.entries(calls)) {
      const source = own(call, 'source');
      const version = own(call, 'version_constraint') ?? own(call, 'version');
      const expressions = own(call, 'expressions');
      cm.calls.set(name, {
        source: typeof source === 'string' ? source : '',
        version: typeof version === 'string' ? version : undefined,
        expressions: isObject(expressions) ? expressions : {},
      });
      indexModule(index, key ? `${key}/${name}` : name, own(call, 'module'));
    }
  }
}

export function indexConfiguration(configuration: unknown): ConfigIndex {
  const index: ConfigIndex = { modules: new Map(), providers: new Map() };
  const providers = own(configuration, 'provider_config');
  if (isObject(providers)) {
    for (const [key, p] of Object.entries(providers)) if (isObject(p)) index.providers.set(key, p);
  }
  indexModule(index, '', own(configuration, 'root_module'));
  return index;
}

/** The configuration module key for a module instance path (`module.a["x"].module.b` -> `a/b`). */
export function moduleKey(modulePath: string): string {
  if (!modulePath) return '';
  const parts = splitAddress(modulePath);
  const names: string[] = [];
  for (let i = 1; i < parts.length; i += 2) names.push(stripKey(parts[i]));
  return names.join('/');
}

/** Walk an expressions tree by attribute path; nested blocks are arrays of expression objects. */
export function expressionAt(
  expressions: JsonObject | undefined,
  path: ReadonlyArray<string | number>,
): Json | undefined {
  let cur: Json | undefined = expressions;
  for (const step of path) {
    if (cur === undefined || cur === null) return undefined;
    if (typeof step === 'number') {
      cur = Array.isArray(cur) ? cur[step] : undefined;
    } else {
      cur = own(cur, step);
    }
  }
  return cur;
}

export function referencesOf(expr: Json | undefined): string[] {
  const refs = own(expr, 'references');
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Resolve an expression's references to resource addresses, following module input variables up
 * to the caller and module outputs down into the child. `canonical` maps an address (exact, or
 * written without instance keys) to the resource of the inputs it names, if any.
 */
export function resolveReferences(
  index: ConfigIndex,
  modulePath: string,
  refs: readonly string[],
  canonical: (address: string) => string | readonly string[] | undefined,
): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    for (const target of cachedTargets(index, modulePath, ref)) {
      const a = canonical(target);
      if (a === undefined) continue;
      if (typeof a === 'string') {
        if (!seen.has(a)) {
          seen.add(a);
          found.push(a);
        }
      } else {
        for (const x of a) {
          if (!seen.has(x)) {
            seen.add(x);
            found.push(x);
          }
        }
      }
    }
  }
  return found;
}

/**
 * Per configuration and module instance, the addresses each reference leads to before `canonical` picks instances.
 * Every resource of a module instance follows the same few references (`aws_vpc.main.id`, `var.vpc_id`), and the
 * walk through module variables and outputs depends on nothing else, so it is done once per module instance.
 */
const targetCache = new WeakMap<ConfigIndex, Map<string, Map<string, readonly string[]>>>();

function cachedTargets(index: ConfigIndex, modulePath: string, ref: string): readonly string[] {
  let byModule = targetCache.get(index);
  if (byModule === undefined) {
    byModule = new Map();
    targetCache.set(index, byModule);
  }
  let byRef = byModule.get(modulePath);
  if (byRef === undefined) {
    byRef = new Map();
    byModule.set(modulePath, byRef);
  }
  let targets = byRef.get(ref);
  if (targets === undefined) {
    const collected: string[] = [];
    collectTargets(index, modulePath, ref, 0, collected);
    targets = collected;
    byRef.set(ref, targets);
  }
  return targets;
}

/**
 * Appends, in order, the addresses `ref` leads to from `modulePath`: the arguments `canonical` is asked about. Chains
 * of variables and outputs deeper than 32 steps (a cycle) lead nowhere.
 */
function collectTargets(index: ConfigIndex, modulePath: string, ref: string, depth: number, out: string[]): void {
  const parts = splitAddress(ref);
  const head = parts[0];
  if (head === 'var' && parts[1] && modulePath) {
    if (depth + 1 > 32) return;
    const parent = parentModulePath(modulePath);
    const callName = stripKey(splitAddress(modulePath).at(-1) ?? '');
    const call = index.modules.get(moduleKey(parent))?.calls.get(callName);
    const expr = call ? own(call.expressions, parts[1]) : undefined;
    for (const inner of referencesOf(expr)) collectTargets(index, parent, inner, depth + 1, out);
  } else if (head === 'module' && parts[1] && parts[2]) {
    if (depth + 1 > 32) return;
    const childPath = joinAddress(modulePath, `module.${parts[1]}`);
    const child = index.modules.get(moduleKey(childPath));
    const expr = child?.outputs.get(stripKey(parts[2]));
    for (const inner of referencesOf(expr)) collectTargets(index, childPath, inner, depth + 1, out);
  } else if (head === 'data' && parts.length >= 3) {
    out.push(joinAddress(modulePath, parts.slice(0, 3).join('.')));
  } else if (head?.startsWith('aws') && parts.length >= 2) {
    out.push(joinAddress(modulePath, parts.slice(0, 2).join('.')));
  }
}
