/**
 * The inventory as JSON, and back: `scan --with-inventory` writes the model the rules judged into the report's
 * `inventory` field (schemas/findings.schema.json, `definitions.inventory`), so that `airgap-audit merge` can judge
 * several runs together as one scan would have judged them.
 *
 * The report must not carry what the report itself redacts: a value the input marks sensitive is dropped and its
 * field marked unknown (a merge then judges it not-assessed, never a pass), and wherever else the inventory repeats
 * a sensitive text (an adapter that also made it the resource's id or name) it is replaced by a placeholder. The caller masks credentials in URLs
 * (module sources, registry URLs) as findings mask them, and hands over the `moved` renames kept beside the
 * inventory: the model imports nothing outside itself.
 */
import {
  addEntity,
  createInventory,
  type CollectionGap,
  type InputInfo,
  type Inventory,
  type Organization,
  type ProviderAccount,
} from './inventory.js';
import type { Entity, EntityKind, LoadProblem } from './types.js';
import { REDACTED } from './values.js';

/** Version of the `inventory` field's shape; bumped when the model changes so that an older one cannot be read. */
export const INVENTORY_FORMAT_VERSION = 1;

export type SerializedInventory = {
  formatVersion: typeof INVENTORY_FORMAT_VERSION;
  entities: Entity[];
  problems: LoadProblem[];
  gaps: CollectionGap[];
  inputs: InputInfo[];
  providers: ProviderAccount[];
  accounts: string[];
  regions: string[];
  /** Organization membership a live scan read (absent when it read none). */
  organizations?: Organization[];
  /** `moved` renames as [new address, previous address] (baseline/moves.ts). */
  moves?: Array<[string, string]>;
};

/**
 * Every entity kind, once: the schema's `entityKind` enum must list the same (a test compares them), and the
 * compiler refuses this table when a kind is added to the model and not here.
 */
export const ENTITY_KINDS: Readonly<Record<EntityKind, true>> = {
  Vpc: true,
  Subnet: true,
  RouteTable: true,
  InternetGateway: true,
  NatGateway: true,
  PublicIp: true,
  SecurityGroup: true,
  VpcEndpoint: true,
  FlowLog: true,
  ComputeWorkload: true,
  KmsKey: true,
  Bucket: true,
  DataStore: true,
  Trail: true,
  InvocationLogging: true,
  IamUser: true,
  IamRole: true,
  IamPolicy: true,
  OidcProvider: true,
  ResolverEndpoint: true,
  ArtifactSource: true,
  ModuleCall: true,
  ProviderRequirement: true,
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A policy-carrying value (model/policy.ts) is replaced by an unknown one, so that rules meet "unknown", not "absent". */
function isPolicyValue(v: unknown): v is { state: string; origin: string } {
  return isRecord(v) && typeof v.state === 'string' && typeof v.origin === 'string';
}

/** Texts shorter than this are not searched for elsewhere: a sensitive `true` or `"1"` would blot out everything. */
const MIN_SECRET_LENGTH = 4;

/** The sensitive texts of an inventory (policies excepted: they are replaced whole and share every keyword). */
function sensitiveTexts(entities: readonly Entity[]): string[] {
  const out = new Set<string>();
  for (const e of entities)
    for (const field of e.meta.sensitive ?? []) {
      const value = (e as unknown as Record<string, unknown>)[field.split('.')[0]];
      for (const v of Array.isArray(value) ? value : [value])
        if ((typeof v === 'string' || typeof v === 'number') && String(v).length >= MIN_SECRET_LENGTH)
          out.add(String(v));
    }
  // Longest first, so that a secret containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const s of secrets) if (text.includes(s)) text = text.split(s).join(REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  return value;
}

/** The entity with every sensitive field's value dropped and the field marked unknown, and its texts scrubbed. */
function redactedEntity(entity: Entity, secrets: readonly string[]): Entity {
  const copy = structuredClone(entity) as Entity & Record<string, unknown>;
  for (const field of entity.meta.sensitive ?? []) {
    // A sensitive nested path (`policy.x`) hides its whole top-level field: the model holds no finer split.
    const top = field.split('.')[0];
    if (!(top in copy)) continue;
    const value = copy[top];
    const origin = copy.meta.origin?.[top] ?? `${copy.meta.address}.${top}`;
    if (isPolicyValue(value))
      copy[top] = {
        state: 'unknown',
        origin,
        what: `${origin} is sensitive in the input and not carried in the report`,
      };
    else if (Array.isArray(value)) copy[top] = [];
    else delete copy[top];
    const unknown = (copy.meta.unknown ??= []);
    if (!unknown.includes(top)) unknown.push(top);
    if (copy.meta.defaults?.[top] !== undefined) delete copy.meta.defaults[top];
  }
  if (secrets.length === 0) return copy;
  // A cloud id that was a secret is no id to follow: dropped rather than shared by every redacted resource.
  for (const key of ['id', 'arn'] as const)
    if (copy[key] !== undefined && secrets.some((s) => copy[key]?.includes(s))) delete copy[key];
  return scrub(copy, secrets) as Entity;
}

export function serializeInventory(
  inventory: Inventory,
  moves: ReadonlyMap<string, string> | undefined,
): SerializedInventory {
  const secrets = sensitiveTexts(inventory.entities);
  return {
    formatVersion: INVENTORY_FORMAT_VERSION,
    entities: inventory.entities.map((e) => redactedEntity(e, secrets)),
    problems: scrub(inventory.problems, secrets) as LoadProblem[],
    gaps: inventory.gaps,
    inputs: inventory.inputs,
    providers: inventory.providers,
    accounts: inventory.accounts,
    regions: inventory.regions,
    ...(inventory.organizations.length > 0 ? { organizations: inventory.organizations } : {}),
    ...(moves && moves.size > 0 ? { moves: [...moves.entries()] } : {}),
  };
}

/**
 * The inventory a report carries, rebuilt with its indexes. `value` has been validated against the findings schema
 * (which holds the `inventory` definition) by the caller. The moves are handed back for the caller to keep.
 */
export function deserializeInventory(value: SerializedInventory): { inventory: Inventory; moves: Map<string, string> } {
  const inventory = createInventory();
  for (const entity of value.entities) addEntity(inventory, entity);
  inventory.problems.push(...value.problems);
  inventory.gaps.push(...value.gaps);
  inventory.inputs.push(...value.inputs);
  inventory.providers.push(...value.providers);
  inventory.accounts.push(...value.accounts);
  inventory.regions.push(...value.regions);
  inventory.organizations.push(...(value.organizations ?? []));
  return { inventory, moves: new Map(value.moves ?? []) };
}
