/**
 * From loaded plans to one inventory: primary adapters first, then folders (split resources into
 * their parents), then what only the configuration holds (module calls, provider requirements).
 */
import { addEntity, createInventory, type Inventory } from '../model/inventory.js';
import type { Entity } from '../model/types.js';
import type { AdapterContext } from './adapters/context.js';
import { ADAPTERS, FOLDERS } from './adapters/registry.js';
import { maskUrlCredentials } from '../analysis/moduleSource.js';
import { own } from './configuration.js';
import type { LoadedPlan } from './planLoader.js';

function configurationEntities(plan: LoadedPlan, emit: (e: Entity) => void): void {
  for (const [key, mod] of plan.config.modules) {
    for (const [name, call] of mod.calls) {
      const path = key
        ? `${key
            .split('/')
            .map((n) => `module.${n}`)
            .join('.')}.module.${name}`
        : `module.${name}`;
      emit({
        kind: 'ModuleCall',
        meta: { source: 'plan', address: path, type: 'module' },
        // A token in the URL is a credential: masked before anything can print it (SARIF, evidence).
        source: maskUrlCredentials(call.source),
        version: call.version,
      });
    }
  }
  const seen = new Set<string>();
  for (const [key, p] of plan.config.providers) {
    const fullName = own(p, 'full_name');
    const short = own(p, 'name');
    // A name that is not a string (a mangled plan) falls back to the configuration key, never "[object Object]".
    const name = typeof fullName === 'string' ? fullName : typeof short === 'string' ? short : key;
    if (seen.has(name)) continue;
    seen.add(name);
    const vc = own(p, 'version_constraint');
    emit({
      kind: 'ProviderRequirement',
      meta: { source: 'plan', address: `provider["${name}"]`, type: 'provider' },
      provider: name,
      versionConstraint: typeof vc === 'string' ? vc : undefined,
    });
  }
}

export function addPlanToInventory(inventory: Inventory, plan: LoadedPlan, input?: string): void {
  const emit = (e: Entity): void => {
    // Several plans merge into one inventory; each entity keeps the input it came from, for attribution.
    if (input !== undefined) e.meta.input = input;
    addEntity(inventory, e);
  };
  const ctx: AdapterContext = { plan, inventory, emit };
  for (const raw of plan.resources) {
    if (raw.mode === 'managed') ADAPTERS.get(raw.type)?.(raw, ctx);
  }
  for (const raw of plan.resources) {
    if (raw.mode !== 'managed') continue;
    for (const fold of FOLDERS.get(raw.type) ?? []) fold(raw, ctx);
  }
  configurationEntities(plan, ctx.emit);
  for (const p of plan.providers.values()) {
    inventory.providers.push({ key: p.key, region: p.region, account: p.account, regionKnown: p.regionKnown });
    if (p.region && !inventory.regions.includes(p.region)) inventory.regions.push(p.region);
    // The default (unaliased) provider's account is the workload account.
    if (p.key === 'aws' && p.account && !inventory.accounts.includes(p.account)) inventory.accounts.push(p.account);
  }
}

/** `inputs[i]` names `plans[i]` (its path as given) on every entity it yields. */
export function inventoryFromPlans(plans: LoadedPlan[], inputs?: readonly string[]): Inventory {
  const inventory = createInventory();
  plans.forEach((plan, i) => {
    addPlanToInventory(inventory, plan, inputs?.[i]);
  });
  return inventory;
}
