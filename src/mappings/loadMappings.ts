/**
 * Loads the framework mappings shipped in `mappings/` plus any the user adds with `--mappings DIR`, and refuses a bad
 * one with an InputError naming the file and the control. Mappings are data: a typo in a rule id or a duplicated
 * control must stop the run rather than silently drop evidence from the coverage matrix.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { InputError } from '../input/inputError.js';
import { compileSchema, packageRoot } from '../schemaValidation.js';
import type { FrameworkMapping, FrameworkMappingFile } from './types.js';

export interface LoadMappingsOptions {
  /** A directory of user mapping files (`--mappings DIR`), in the same schema as the shipped ones. */
  extraDir?: string;
  /** Every rule id a mapping may name (the catalogue's RULE_IDS). */
  knownRuleIds: ReadonlySet<string>;
}

const SCHEMA_FILE = 'schema.json';
export const shippedMappingsDir = join(packageRoot, 'mappings');

let validator: ValidateFunction<FrameworkMappingFile> | undefined;

/** The schema is compiled once per process, on first use, so commands that never load mappings pay nothing. */
function validate(): ValidateFunction<FrameworkMappingFile> {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(shippedMappingsDir, SCHEMA_FILE), 'utf8')) as Record<string, unknown>;
    validator = compileSchema(schema) as ValidateFunction<FrameworkMappingFile>;
  }
  return validator;
}

export function loadMappings(options: LoadMappingsOptions): FrameworkMapping[] {
  const loaded: FrameworkMapping[] = [];
  const byId = new Map<string, FrameworkMapping>();
  const add = (mapping: FrameworkMapping): void => {
    const earlier = byId.get(mapping.id);
    if (earlier) {
      throw new InputError(mapping.file, `framework id "${mapping.id}" is already defined by ${earlier.file}`);
    }
    byId.set(mapping.id, mapping);
    loaded.push(mapping);
  };

  for (const name of jsonFiles(shippedMappingsDir, 'mappings').filter((n) => n !== SCHEMA_FILE)) {
    add(loadFile(join(shippedMappingsDir, name), `mappings/${name}`, 'shipped', options.knownRuleIds));
  }
  if (options.extraDir !== undefined) {
    for (const name of jsonFiles(options.extraDir, options.extraDir)) {
      const path = join(options.extraDir, name);
      add(loadFile(path, path, 'user', options.knownRuleIds));
    }
  }
  return loaded;
}

/** Sorted so the order of frameworks (and of controls on a finding) is the same on every machine. */
function jsonFiles(dir: string, shownAs: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name);
  } catch (error) {
    throw new InputError(shownAs, `cannot read the mappings directory: ${errorText(error)}`);
  }
  return names.sort();
}

function loadFile(
  path: string,
  shownAs: string,
  origin: FrameworkMapping['origin'],
  knownRuleIds: ReadonlySet<string>,
): FrameworkMapping {
  let data: unknown;
  try {
    // Editors on Windows save JSON with a byte-order mark, which JSON.parse refuses.
    data = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(shownAs, `not a readable JSON file: ${errorText(error)}`);
  }
  const check = validate();
  if (!check(data)) {
    throw new InputError(shownAs, describeSchemaError(check.errors ?? [], data));
  }
  const seen = new Set<string>();
  for (const control of data.controls) {
    if (seen.has(control.id)) throw new InputError(shownAs, `control ${control.id}: duplicate control id`);
    seen.add(control.id);
    if (control.rules === 'manual') continue;
    for (const ruleId of control.rules) {
      if (!knownRuleIds.has(ruleId))
        throw new InputError(shownAs, `control ${control.id}: unknown rule id "${ruleId}"`);
    }
  }
  return { ...data, file: shownAs, origin };
}

/** Names the control by its id (not its array index) when the error is inside one, so the user can find it. */
function describeSchemaError(errors: readonly ErrorObject[], data: unknown): string {
  const error = errors.find((e) => e.keyword === 'oneOf') ?? errors[0];
  if (!error) return 'does not match the mapping schema';
  // `rules` is the schema's only oneOf; ajv's own text ("must match exactly one schema in oneOf") says nothing useful.
  const message =
    error.keyword === 'oneOf'
      ? 'must be a non-empty list of distinct rule ids or "manual"'
      : (error.message ?? 'is invalid');
  const where = error.instancePath || '/';
  const inControl = /^\/controls\/(\d+)(\/.*)?$/.exec(error.instancePath);
  if (inControl) {
    const controlId = controlIdAt(data, Number(inControl[1]));
    const field = inControl[2] ?? '';
    return controlId !== undefined
      ? `control ${controlId}${field ? ` ${field.slice(1)}` : ''}: ${message}`
      : `control #${Number(inControl[1]) + 1} (${where}): ${message}`;
  }
  return `${where}: ${message}`;
}

function controlIdAt(data: unknown, index: number): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const controls = (data as { controls?: unknown }).controls;
  if (!Array.isArray(controls)) return undefined;
  const control: unknown = controls[index];
  if (typeof control !== 'object' || control === null) return undefined;
  const id = (control as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
