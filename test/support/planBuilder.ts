/**
 * Builds synthetic plans in the exact shape `terraform show -json` writes (format 1.2): planned_values
 * with nested child_modules, resource_changes with after/after_unknown/after_sensitive, and a
 * configuration section whose expressions carry constant_value or references. Fixtures stay small
 * and say what they show; the loader reads them exactly as it reads a real plan.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface ResourceSpec {
  address: string;
  type?: string;
  mode?: 'managed' | 'data';
  values: Record<string, JsonValue>;
  /** after_unknown tree: `{ policy: true }`. */
  unknown?: Record<string, JsonValue>;
  sensitive?: Record<string, JsonValue>;
  /** Configuration expressions; default: constant_value of every non-null known value. */
  expressions?: Record<string, JsonValue>;
  actions?: string[];
  providerKey?: string;
}

export interface ProviderSpec {
  region?: string;
  alias?: string;
  allowedAccountIds?: string[];
  assumeRoleArn?: string;
  versionConstraint?: string;
}

export interface ModuleSpec {
  source: string;
  version?: string;
  expressions?: Record<string, JsonValue>;
  outputs?: Record<string, JsonValue>;
}

export interface PlanSpec {
  resources: ResourceSpec[];
  providers?: Record<string, ProviderSpec>;
  modules?: Record<string, ModuleSpec>;
  variables?: Record<string, JsonValue>;
  formatVersion?: string;
}

/** `{references: ['aws_vpc.main.id', 'aws_vpc.main']}` as Terraform writes it. */
export function ref(...targets: string[]): JsonValue {
  const refs: string[] = [];
  for (const t of targets) {
    refs.push(t);
    const parts = t.split('.');
    const cut = parts[0] === 'data' ? 3 : parts[0] === 'module' ? 2 : 2;
    if (parts.length > cut) refs.push(parts.slice(0, cut).join('.'));
  }
  return { references: refs };
}

export function constant(v: JsonValue): JsonValue {
  return { constant_value: v };
}

function typeOf(spec: ResourceSpec): string {
  if (spec.type) return spec.type;
  const parts = splitModules(spec.address).local.split('.');
  return parts[0] === 'data' ? parts[1] : parts[0];
}

function splitModules(address: string): { modules: string[]; local: string } {
  const parts = address.split('.');
  const modules: string[] = [];
  let i = 0;
  while (parts[i] === 'module') {
    modules.push(`module.${parts[i + 1]}`);
    i += 2;
  }
  return { modules, local: parts.slice(i).join('.') };
}

function stripKey(s: string): string {
  const i = s.indexOf('[');
  return i < 0 ? s : s.slice(0, i);
}

interface ModuleNode {
  address: string;
  resources: JsonValue[];
  children: Map<string, ModuleNode>;
}

interface ConfigNode {
  resources: JsonValue[];
  calls: Map<string, ConfigNode>;
  source: string;
  spec?: ModuleSpec;
}

function defaultExpressions(spec: ResourceSpec): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(spec.values)) {
    if (v === null || k === 'id' || k === 'arn' || spec.unknown?.[k] === true) continue;
    out[k] = constant(v);
  }
  return out;
}

export function buildPlan(spec: PlanSpec): Record<string, JsonValue> {
  const root: ModuleNode = { address: '', resources: [], children: new Map() };
  const configRoot: ConfigNode = { resources: [], calls: new Map(), source: '' };
  const changes: JsonValue[] = [];
  for (const r of spec.resources) {
    const type = typeOf(r);
    const mode = r.mode ?? (splitModules(r.address).local.startsWith('data.') ? 'data' : 'managed');
    const { modules, local } = splitModules(r.address);
    let node = root;
    let cfg = configRoot;
    let path = '';
    for (const m of modules) {
      path = path ? `${path}.${m}` : m;
      let child = node.children.get(path);
      if (!child) node.children.set(path, (child = { address: path, resources: [], children: new Map() }));
      node = child;
      const name = stripKey(m.slice('module.'.length));
      const specKey = path.split('.').map(stripKey).join('.');
      let call = cfg.calls.get(name);
      if (!call)
        cfg.calls.set(
          name,
          (call = {
            resources: [],
            calls: new Map(),
            source: spec.modules?.[specKey]?.source ?? `./modules/${name}`,
            spec: spec.modules?.[specKey],
          }),
        );
      cfg = call;
    }
    const localParts = local.split('.');
    const name = stripKey(localParts[localParts.length - 1]);
    const keyMatch = /\[(.+)\]$/.exec(local);
    const index: JsonValue | undefined = keyMatch
      ? keyMatch[1].startsWith('"')
        ? (JSON.parse(keyMatch[1]) as string)
        : Number(keyMatch[1])
      : undefined;
    const provider = 'registry.terraform.io/hashicorp/aws';
    const planned: Record<string, JsonValue> = {
      address: r.address,
      mode,
      type,
      name,
      provider_name: provider,
      schema_version: 0,
      values: r.values,
      sensitive_values: r.sensitive ?? {},
    };
    if (index !== undefined) planned.index = index;
    node.resources.push(planned);
    const change: Record<string, JsonValue> = {
      address: r.address,
      mode,
      type,
      name,
      provider_name: provider,
      change: {
        actions: r.actions ?? [mode === 'data' ? 'read' : 'create'],
        before: null,
        after: r.values,
        after_unknown: r.unknown ?? {},
        before_sensitive: false,
        after_sensitive: r.sensitive ?? {},
      },
    };
    if (modules.length) change.module_address = modules.join('.');
    if (index !== undefined) change.index = index;
    changes.push(change);
    const configAddress = local.replace(/\[[^\]]*\]$/, '');
    if (!cfg.resources.some((c) => (c as { address: string }).address === configAddress)) {
      cfg.resources.push({
        address: configAddress,
        mode,
        type,
        name,
        provider_config_key: r.providerKey ?? 'aws',
        expressions: r.expressions ?? defaultExpressions(r),
        schema_version: 0,
      });
    }
  }
  const toPlanned = (n: ModuleNode): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = { resources: n.resources };
    if (n.address) out.address = n.address;
    if (n.children.size) out.child_modules = [...n.children.values()].map(toPlanned);
    return out;
  };
  const toConfig = (n: ConfigNode): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = { resources: n.resources };
    if (n.spec?.outputs)
      out.outputs = Object.fromEntries(Object.entries(n.spec.outputs).map(([k, v]) => [k, { expression: v }]));
    if (n.calls.size) {
      out.module_calls = Object.fromEntries(
        [...n.calls.entries()].map(([name, c]) => {
          const call: Record<string, JsonValue> = { source: c.source, module: toConfig(c) };
          if (c.spec?.version) call.version_constraint = c.spec.version;
          if (c.spec?.expressions) call.expressions = c.spec.expressions;
          return [name, call];
        }),
      );
    }
    return out;
  };
  const providers = spec.providers ?? { aws: { region: 'us-east-1' } };
  const providerConfig: Record<string, JsonValue> = {};
  for (const [key, p] of Object.entries(providers)) {
    const expressions: Record<string, JsonValue> = {};
    if (p.region) expressions.region = constant(p.region);
    if (p.allowedAccountIds) expressions.allowed_account_ids = constant(p.allowedAccountIds);
    if (p.assumeRoleArn) expressions.assume_role = [{ role_arn: constant(p.assumeRoleArn) }];
    const entry: Record<string, JsonValue> = {
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      expressions,
    };
    if (p.alias) entry.alias = p.alias;
    if (p.versionConstraint) entry.version_constraint = p.versionConstraint;
    providerConfig[key] = entry;
  }
  const plan: Record<string, JsonValue> = {
    format_version: spec.formatVersion ?? '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: toPlanned(root) },
    resource_changes: changes,
    configuration: { provider_config: providerConfig, root_module: toConfig(configRoot) },
  };
  if (spec.variables)
    plan.variables = Object.fromEntries(Object.entries(spec.variables).map(([k, v]) => [k, { value: v }]));
  return plan;
}

/** One resource of a parity plan: what the configuration writes, references and the provider computes. */
export interface Planned {
  address: string;
  /** Values known at plan time (the configuration's constants and the provider's planned defaults). */
  known: Record<string, JsonValue>;
  /** Arguments set by reference to another resource's computed attribute: unknown until apply. */
  refs?: Record<string, string>;
  /** Attributes the provider computes at apply, or Optional+Computed ones the configuration leaves unset. */
  computed?: string[];
  /** Nested-block expressions and unknowns, for references inside blocks. */
  expressions?: Record<string, JsonValue>;
  unknown?: Record<string, JsonValue>;
}

/**
 * One resource as Terraform plans it: known values in `after`, referenced and computed attributes
 * left out of `after` and marked in `after_unknown`, configuration expressions for what was written.
 */
export function planned(p: Planned): ResourceSpec {
  const unknown: Record<string, JsonValue> = { ...(p.unknown ?? {}) };
  for (const attr of [...(p.computed ?? []), ...Object.keys(p.refs ?? {})]) unknown[attr] = true;
  const expressions: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(p.known)) {
    // tags_all is the provider's merge of default and resource tags, not something the configuration writes.
    if (v !== null && k !== 'tags_all') expressions[k] = constant(v);
  }
  for (const [k, target] of Object.entries(p.refs ?? {})) expressions[k] = ref(target);
  Object.assign(expressions, p.expressions ?? {});
  return { address: p.address, values: p.known, unknown, expressions };
}
