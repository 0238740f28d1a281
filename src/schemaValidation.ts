/**
 * The JSON schemas shipped in the package (schemas/, mappings/schema.json) as validators. The build turns each into a
 * standalone validator module (scripts/build-generated.mjs, into dist/validators/), so a scan loads a few small
 * functions instead of compiling with ajv; a schema without a matching prebuilt module (sources under test before a
 * build, a schema edited since) is compiled with ajv, loaded only then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { packageRoot } from './packageInfo.js';

export { packageRoot };

/** The options the build compiles with too: the same schema must give the same verdicts either way. */
export const AJV_OPTIONS = { allErrors: false, strict: false } as const;
/** Where the build writes the prebuilt validators, and the text of the schema each records it was built from. */
export const PREBUILT_DIR = join(packageRoot, 'dist', 'validators');

const require = createRequire(import.meta.url);
const cache = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

export function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageRoot, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

/** `https://…/config.schema.json` -> `config.schema`: the prebuilt module's file name. */
export function prebuiltName(schema: Record<string, unknown>): string | undefined {
  const id = schema.$id;
  if (typeof id !== 'string') return undefined;
  const name = id.slice(id.lastIndexOf('/') + 1).replace(/\.json$/, '');
  return /^[\w.-]+$/.test(name) ? name : undefined;
}

type Prebuilt = ValidateFunction & { schemaText?: unknown };

function prebuilt(schema: Record<string, unknown>): ValidateFunction | undefined {
  const name = prebuiltName(schema);
  const file = name === undefined ? undefined : join(PREBUILT_DIR, `${name}.cjs`);
  if (file === undefined || !existsSync(file)) return undefined;
  const validate = require(file) as Prebuilt;
  // Built from another version of the schema: not to be trusted.
  return typeof validate === 'function' && validate.schemaText === JSON.stringify(schema) ? validate : undefined;
}

export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const id = String(schema.$id ?? JSON.stringify(schema));
  let fn = cache.get(id);
  if (!fn) {
    fn = prebuilt(schema);
    if (!fn) {
      const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
      ajv ??= new AjvClass(AJV_OPTIONS);
      fn = ajv.compile(schema);
    }
    cache.set(id, fn);
  }
  return fn;
}
