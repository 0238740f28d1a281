/**
 * Plan loader: `terraform show -json` of a plan or a state, into raw resources with their values,
 * unknown and sensitive trees, configuration and provider context. Adapters (./adapters) turn raw
 * resources into model entities.
 */
import { InputError } from '../input/inputError.js';
import { baseAddress } from '../model/inventory.js';
import { parseAddress, splitAddress } from './address.js';
import {
  indexConfiguration,
  isObject,
  own,
  type ConfigIndex,
  type ConfigResource,
  type Json,
  type JsonObject,
} from './configuration.js';
import { providerContexts, type ProviderContext } from './providers.js';

export interface RawResource {
  address: string;
  modulePath: string;
  mode: 'managed' | 'data';
  type: string;
  values: JsonObject;
  /** `after_unknown` tree (true leaves), undefined when everything is known. */
  unknown?: Json;
  /** `after_sensitive` / `sensitive_values` tree (true leaves). */
  sensitive?: Json;
  config?: ConfigResource;
  provider: ProviderContext;
  /** Planned action; `read` marks a data source deferred to apply. */
  action: 'create' | 'update' | 'no-op' | 'read' | 'replace' | 'state';
}

export interface LoadedPlan {
  kind: 'terraform-plan' | 'terraform-state';
  formatVersion: string;
  terraformVersion?: string;
  resources: RawResource[];
  byAddress: Map<string, RawResource>;
  config: ConfigIndex;
  providers: Map<string, ProviderContext>;
  /** `moved` blocks the plan shows: current address -> `previous_address`, so fingerprints can follow a rename. */
  moves: Map<string, string>;
  /** Resolve an address written with or without instance keys to a loaded resource's address. */
  canonical(address: string, near?: string): string | undefined;
  /** Every loaded instance an address names (itself, or all `[key]` instances of a keyless one). */
  instances(address: string, near?: string): readonly string[];
}

function checkFormatVersion(doc: JsonObject, file: string): string {
  const fv = own(doc, 'format_version');
  if (typeof fv !== 'string') {
    throw new InputError(
      file,
      'not a Terraform plan or state JSON (no "format_version"; produce it with `terraform show -json`)',
    );
  }
  const major = Number(fv.split('.')[0]);
  if (!/^\d+\.\d+$/.test(fv) || major >= 2) {
    throw new InputError(file, `unsupported format_version "${fv}" (supported: 0.x and 1.x)`);
  }
  return fv;
}

function actionOf(actions: Json | undefined): RawResource['action'] | 'delete' {
  if (!Array.isArray(actions)) return 'no-op';
  if (actions.length === 1 && actions[0] === 'delete') return 'delete';
  if (actions.length === 1 && actions[0] === 'forget') return 'delete';
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  const a = actions[0];
  return a === 'create' || a === 'update' || a === 'read' ? a : 'no-op';
}

interface ModuleWalkItem {
  resources: unknown;
  children: unknown;
}

/** Resources of `planned_values` / `values` / `prior_state.values`, across nested child modules. */
function* moduleResources(root: unknown): Generator<JsonObject> {
  const stack: ModuleWalkItem[] = [{ resources: own(root, 'resources'), children: own(root, 'child_modules') }];
  while (stack.length) {
    const item = stack.pop() as ModuleWalkItem;
    if (Array.isArray(item.resources)) for (const r of item.resources) if (isObject(r)) yield r;
    if (Array.isArray(item.children)) {
      for (const c of item.children) stack.push({ resources: own(c, 'resources'), children: own(c, 'child_modules') });
    }
  }
}

export function loadPlan(doc: unknown, file: string): LoadedPlan {
  if (!isObject(doc)) throw new InputError(file, 'top level is not a JSON object');
  const formatVersion = checkFormatVersion(doc, file);
  const planned = own(doc, 'planned_values');
  const changes = own(doc, 'resource_changes');
  const stateValues = own(doc, 'values');
  const isPlan = planned !== undefined || changes !== undefined;
  if (!isPlan && stateValues === undefined && own(doc, 'prior_state') === undefined) {
    // An empty state (`terraform show -json` with nothing applied) has only format_version.
    if (Object.keys(doc).some((k) => k !== 'format_version' && k !== 'terraform_version')) {
      throw new InputError(file, 'not a Terraform plan or state JSON (no planned_values, resource_changes or values)');
    }
  }
  const config = indexConfiguration(own(doc, 'configuration'));
  const variables = own(doc, 'variables');
  const providers = providerContexts(config, isObject(variables) ? variables : {});
  const tv = own(doc, 'terraform_version');

  const resources: RawResource[] = [];
  const byAddress = new Map<string, RawResource>();
  const deleted = new Set<string>();
  const add = (
    address: string,
    entry: JsonObject,
    values: Json | undefined,
    unknown: Json | undefined,
    sensitive: Json | undefined,
    action: RawResource['action'],
  ): void => {
    // planned_values repeats every resource resource_changes gave: those are passed over first.
    if (byAddress.has(address) || deleted.has(address)) return;
    const type = own(entry, 'type');
    const mode = own(entry, 'mode');
    if (typeof type !== 'string') return;
    const parsed = parseAddress(address);
    const cfg = config.modules.get(parsed.moduleNames.join('/'))?.resources.get(parsed.configAddress);
    const providerKey = cfg?.providerKey ?? 'aws';
    const raw: RawResource = {
      address,
      modulePath: parsed.modulePath,
      mode: mode === 'data' ? 'data' : 'managed',
      type,
      values: isObject(values) ? values : {},
      unknown: unknown === false || unknown === null ? undefined : unknown,
      sensitive: sensitive === false || sensitive === null ? undefined : sensitive,
      config: cfg,
      provider: providers.get(providerKey) ??
        providers.get(providerKey.split(':').pop() ?? 'aws') ??
        providers.get('aws') ?? { key: providerKey, regionKnown: false },
      action,
    };
    resources.push(raw);
    byAddress.set(address, raw);
  };

  const moves = new Map<string, string>();
  if (Array.isArray(changes)) {
    for (const rc of changes) {
      const address = own(rc, 'address');
      const change = own(rc, 'change');
      if (typeof address !== 'string' || !isObject(rc) || !isObject(change)) continue;
      const previous = own(rc, 'previous_address');
      if (typeof previous === 'string' && previous !== address) moves.set(address, previous);
      const action = actionOf(own(change, 'actions'));
      if (action === 'delete') {
        deleted.add(address);
        continue;
      }
      add(address, rc, own(change, 'after'), own(change, 'after_unknown'), own(change, 'after_sensitive'), action);
    }
  }
  const fromValues = (root: unknown, action: RawResource['action']): void => {
    for (const r of moduleResources(root)) {
      const address = own(r, 'address');
      if (typeof address === 'string') add(address, r, own(r, 'values'), undefined, own(r, 'sensitive_values'), action);
    }
  };
  fromValues(own(planned, 'root_module'), 'no-op');
  // Data sources read at plan time live in prior_state; managed resources there are already covered.
  fromValues(own(own(own(doc, 'prior_state'), 'values'), 'root_module'), 'state');
  fromValues(own(stateValues, 'root_module'), 'state');

  // Addresses written without instance keys (`aws_subnet.a` for `aws_subnet.a[0]`) resolve through
  // this index; ties prefer the referrer's module instance, then its own instance key (count.index).
  const keyless = new Map<string, string[]>();
  // `module.m["a"].aws_subnet.p` -> its instances `[0]`, `[1]`: a splat inside one module instance.
  const byBase = new Map<string, string[]>();
  for (const r of resources) {
    const base = baseAddress(r.address);
    if (base !== r.address) {
      const same = byBase.get(base);
      if (same) same.push(r.address);
      else byBase.set(base, [r.address]);
    }
    const k = stripAllKeys(r.address);
    const list = keyless.get(k);
    if (list) list.push(r.address);
    else keyless.set(k, [r.address]);
  }
  // Ties between instances are resolved through a per-name index, built the first time that name is asked for: most
  // names never are, and indexing every instance of every repeated module up front cost as much as all lookups.
  const ties = new Map<string, Map<string, string>>();
  const tieIndex = (k: string, list: readonly string[]): Map<string, string> => {
    let index = ties.get(k);
    if (index) return index;
    index = new Map();
    for (const a of list) {
      const modulePath = byAddress.get(a)?.modulePath ?? '';
      for (const slot of [`${modulePath}|${instanceKey(a) ?? ''}`, `${modulePath}|*`])
        if (!index.has(slot)) index.set(slot, a);
    }
    ties.set(k, index);
    return index;
  };
  // Addresses written without instance keys (`aws_subnet.a` for `aws_subnet.a[0]`) resolve here;
  // ties prefer the referrer's module instance, then its own instance key (count.index).
  // The same few addresses are asked for by every resource of a module instance: their keyless forms are computed
  // once. A referrer asks for its references one after another, so its tie slots are kept until the next referrer.
  const keylessOf = new Map<string, string>();
  let slotsNear: string | undefined;
  let slots: readonly [string, string] = ['', ''];
  const canonical = (address: string, near?: string): string | undefined => {
    if (byAddress.has(address)) return address;
    let k = keylessOf.get(address);
    if (k === undefined) {
      k = stripAllKeys(address);
      keylessOf.set(address, k);
    }
    const list = keyless.get(k);
    if (!list) return undefined;
    if (near && list.length > 1) {
      if (slotsNear !== near) {
        const nearModule = byAddress.get(near)?.modulePath ?? parseAddress(near).modulePath;
        slots = [`${nearModule}|${instanceKey(near) ?? ''}`, `${nearModule}|*`];
        slotsNear = near;
      }
      const idx = tieIndex(k, list);
      return idx.get(slots[0]) ?? idx.get(slots[1]) ?? list[0];
    }
    return list[0];
  };

  return {
    kind: isPlan ? 'terraform-plan' : 'terraform-state',
    formatVersion,
    terraformVersion: typeof tv === 'string' ? tv : undefined,
    resources,
    byAddress,
    config,
    providers,
    moves,
    canonical,
    instances: (address: string, near?: string) => {
      if (byAddress.has(address)) return [address];
      const same = byBase.get(address);
      if (same) return same;
      // Written without the module instance's key (a module output): the nearest single instance.
      const one = canonical(address, near);
      return one ? [one] : [];
    },
  };
}

function instanceKey(address: string): string | undefined {
  const base = baseAddress(address);
  return base === address ? undefined : address.slice(base.length);
}

/** `module.a["x"].aws_vpc.main[0]` -> `module.a.aws_vpc.main`. */
export function stripAllKeys(address: string): string {
  return splitAddress(address)
    .map((p) => baseAddress(p))
    .join('.');
}
