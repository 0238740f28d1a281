/** The JSON schemas shipped in the package (schemas/), compiled once with ajv. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/src/ at run time, src/ under vitest: the package root is found by walking up to package.json. */
export const packageRoot = ((): string => {
  let dir = here;
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  return dirname(here);
})();

const cache = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

export function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageRoot, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const id = String(schema.$id ?? JSON.stringify(schema));
  let fn = cache.get(id);
  if (!fn) {
    ajv ??= new Ajv({ allErrors: false, strict: false });
    fn = ajv.compile(schema);
    cache.set(id, fn);
  }
  return fn;
}
