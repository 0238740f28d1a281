/**
 * The validators the build prebuilds from the shipped schemas must judge every document exactly as ajv compiling the
 * same schema does (same verdict, same first error), and a prebuilt validator whose schema has changed since the
 * build must not be used. Documents: the shipped mappings, the example config, waivers, and seeded mutations of each
 * (a key removed, a value of the wrong type, an unknown key added).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AJV_OPTIONS, compileSchema, packageRoot, prebuiltName } from '../../src/schemaValidation.js';
import { createRandom, type Random } from '../input/randomJson.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
const mappingFiles = readdirSync(join(packageRoot, 'mappings')).filter(
  (f) => f.endsWith('.json') && f !== 'schema.json',
);
const WAIVER: Json = {
  ruleId: 'EGR-001',
  resource: 'aws_security_group.x',
  reason: 'reviewed',
  owner: 'platform',
  expires: '2030-01-01',
};
const WAIVERS: Json[] = [[WAIVER], { waivers: [WAIVER, { ...WAIVER, ruleId: 'NET-001' }] }, []];
const SCHEMAS: { schemaFile: string; documents: Json[] }[] = [
  {
    schemaFile: 'mappings/schema.json',
    documents: mappingFiles.map((f) => readJson(join(packageRoot, 'mappings', f))),
  },
  {
    schemaFile: 'schemas/config.schema.json',
    documents: [readJson(join(packageRoot, 'fixtures/examples/airgap-audit.config.json'))],
  },
  { schemaFile: 'schemas/waivers.schema.json', documents: WAIVERS },
];

/** Every container path in a document, so a mutation can land anywhere. */
function containers(value: Json, out: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (value !== null && typeof value === 'object') {
    out.push(value);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function mutate(document: Json, random: Random): Json {
  const copy = structuredClone(document);
  const targets = containers(copy);
  if (targets.length === 0) return random.pick([null, 1, 'x', true]);
  const target = random.pick(targets);
  const keys = Object.keys(target);
  const roll = random.next();
  const replacement = random.pick<Json>([null, 0, -1, 'x', '', true, [], {}, 'EGR-001', '2020-13-45']);
  if (Array.isArray(target)) {
    if (roll < 0.3 && target.length) target.splice(random.int(0, target.length - 1), 1);
    else if (roll < 0.7 && target.length) target[random.int(0, target.length - 1)] = replacement;
    else target.push(replacement);
  } else if (roll < 0.3 && keys.length) delete target[random.pick(keys)];
  else if (roll < 0.7 && keys.length) target[random.pick(keys)] = replacement;
  else target[random.pick(['extra', 'id', 'ruleId', 'controls', 'expires'])] = replacement;
  return copy;
}

let outDir = '';
beforeAll(() => {
  // Inside the package, so the modules resolve ajv's small runtime helpers as the built ones do.
  outDir = mkdtempSync(join(packageRoot, 'dist', 'validators-test-'));
  execFileSync(process.execPath, [join(packageRoot, 'scripts', 'build-generated.mjs'), '--out', outDir], {
    stdio: 'pipe',
  });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('prebuilt validators', () => {
  for (const { schemaFile, documents } of SCHEMAS) {
    it(`${schemaFile}: same verdicts and first errors as ajv`, () => {
      const schema = readJson(join(packageRoot, schemaFile)) as Record<string, unknown>;
      const name = prebuiltName(schema);
      expect(name).toBeDefined();
      const prebuilt = createRequire(import.meta.url)(join(outDir, `${name}.cjs`)) as ValidateFunction;
      const compiled = new Ajv(AJV_OPTIONS).compile(schema);
      const random = createRandom(schemaFile.length);
      let invalid = 0;
      for (const document of documents) {
        expect(prebuilt(document), schemaFile).toBe(true);
        for (let i = 0; i < 200; i++) {
          const mutant = mutate(document, random);
          const verdict = compiled(mutant);
          expect(prebuilt(mutant)).toBe(verdict);
          expect(prebuilt.errors ?? null).toEqual(compiled.errors ?? null);
          if (!verdict) invalid++;
        }
      }
      // The mutations must reach the schema's constraints, not only produce documents it accepts.
      expect(invalid).toBeGreaterThan(documents.length * 20);
    });
  }

  it('a prebuilt validator built from another version of the schema is not used', () => {
    const schema = readJson(join(packageRoot, 'schemas/waivers.schema.json')) as Record<string, unknown>;
    // Same $id, different text: as if the schema was edited after the last build.
    const edited = { ...schema, $id: `${String(schema.$id)}`, description: 'edited since the build', maxItems: 1 };
    const validate = compileSchema(edited) as ValidateFunction & { schemaText?: unknown };
    expect(validate.schemaText).toBeUndefined();
    expect(validate([WAIVER, WAIVER])).toBe(false);
  });
});
