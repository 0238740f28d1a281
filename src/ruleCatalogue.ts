/**
 * The rules' metadata for `rules` and `explain`, without loading every rule's logic and the analysis it imports (which
 * costs more than starting Node), each with the Terraform types and live calls that feed it (ruleSources.ts). The
 * build writes it to dist/rule-catalogue.json together with a digest of the compiled files it came from (the rules,
 * the plan adapters' declarations, the live collector table); when the digest no longer matches (recompiled without
 * the build step, or the sources run under test), they are imported instead, so the answer is never stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CatalogueEntry, loadDeclarations, withSources } from './ruleSources.js';

const BUILD_ROOT = fileURLToPath(new URL('../', import.meta.url));
const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
/** Compiled files whose declarations shape the catalogue besides the rules: plan adapters, the live collector table. */
const DECLARATION_FILES = [
  ...(() => {
    const dir = fileURLToPath(new URL('./plan/adapters/', import.meta.url));
    return existsSync(dir) ? readdirSync(dir).map((n) => `${dir}${n}`) : [];
  })(),
  fileURLToPath(new URL('./aws/collectors.js', import.meta.url)),
];
export const CATALOGUE_FILE = fileURLToPath(new URL('../rule-catalogue.json', import.meta.url));

interface CatalogueFile {
  rulesDigest: string;
  rules: CatalogueEntry[];
}

/** SHA-256 over the compiled rule and declaration modules' names and bytes: content, not timestamps, which packing resets. */
export function rulesDigest(): string {
  const hash = createHash('sha256');
  const files = [
    ...readdirSync(RULES_DIR)
      .filter((n) => n.endsWith('.js'))
      .map((n) => `${RULES_DIR}${n}`),
    ...DECLARATION_FILES.filter((f) => f.endsWith('.js') && existsSync(f)),
  ].sort();
  for (const file of files) {
    hash.update(`${relative(BUILD_ROOT, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function prebuilt(): CatalogueEntry[] | undefined {
  if (!existsSync(CATALOGUE_FILE)) return undefined;
  try {
    const file = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as Partial<CatalogueFile>;
    return Array.isArray(file.rules) && file.rulesDigest === rulesDigest() ? file.rules : undefined;
  } catch {
    return undefined;
  }
}

let loaded: readonly CatalogueEntry[] | undefined;

export async function ruleMetas(): Promise<readonly CatalogueEntry[]> {
  if (loaded) return loaded;
  const metas = prebuilt();
  if (metas) return (loaded = metas);
  const [{ allRules }, declarations] = await Promise.all([import('../rules/index.js'), loadDeclarations()]);
  return (loaded = withSources(
    allRules.map((r) => r.meta),
    declarations,
  ));
}
