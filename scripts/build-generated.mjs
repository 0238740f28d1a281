// Build step after tsc, so that no command pays at start-up for work that depends only on the package:
// - every shipped JSON schema (schemas/*.schema.json, mappings/schema.json) becomes a standalone ajv validator module
//   in dist/validators/NAME.cjs. Each records the schema text it was built from; src/schemaValidation.ts uses it only
//   when that text matches the schema it is given, and compiles with ajv otherwise.
// - the rules' metadata goes to dist/rule-catalogue.json with a digest of the compiled rules (src/ruleCatalogue.ts),
//   so `rules` and `explain` need not load every rule's logic; each rule with the Terraform types and live API calls
//   that feed it, derived from the plan adapters' and live collectors' declarations (src/ruleSources.ts), so they
//   need not load the AWS SDK either. A collector or adapter added to its table is picked up by the next build.
// Generated, never committed: a schema or rule change is picked up by the next build.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { AJV_OPTIONS, PREBUILT_DIR, prebuiltName } = await import(
  new URL('../dist/src/schemaValidation.js', import.meta.url).href
);
const { CATALOGUE_FILE, rulesDigest } = await import(new URL('../dist/src/ruleCatalogue.js', import.meta.url).href);
const { allRules } = await import(new URL('../dist/rules/index.js', import.meta.url).href);
const { loadDeclarations, withSources } = await import(new URL('../dist/src/ruleSources.js', import.meta.url).href);

const files = [
  ...readdirSync(join(ROOT, 'schemas'))
    .filter((name) => name.endsWith('.schema.json'))
    .map((name) => join(ROOT, 'schemas', name)),
  join(ROOT, 'mappings', 'schema.json'),
];

// `--out DIR` writes the validators elsewhere, and only them (the equivalence test builds into a temporary directory).
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex < 0 ? PREBUILT_DIR : process.argv[outIndex + 1];
mkdirSync(outDir, { recursive: true });

/** Written beside and renamed into place: a CLI started while the package rebuilds sees the old file or the new. */
function writeAtomically(path, text) {
  writeFileSync(`${path}.${process.pid}.tmp`, text);
  renameSync(`${path}.${process.pid}.tmp`, path);
}

for (const file of files) {
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  const name = prebuiltName(schema);
  if (name === undefined) throw new Error(`${file}: a shipped schema needs an "$id" ending in its file name`);
  // A fresh instance per schema: each module holds exactly one schema's code.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  writeAtomically(
    join(outDir, `${name}.cjs`),
    `${code}\nmodule.exports.schemaText = ${JSON.stringify(JSON.stringify(schema))};\n`,
  );
}

if (outIndex < 0) {
  const declarations = await loadDeclarations();
  const catalogue = {
    rulesDigest: rulesDigest(),
    rules: withSources(
      allRules.map((rule) => rule.meta),
      declarations,
    ),
  };
  writeAtomically(CATALOGUE_FILE, `${JSON.stringify(catalogue)}\n`);
}
