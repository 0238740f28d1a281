/**
 * The rules' metadata for `rules` and `explain`, without loading every rule's logic and the analysis it imports (which
 * costs more than starting Node). The build writes it to dist/rule-catalogue.json together with a digest of the
 * compiled rule files it came from; when the digest no longer matches (rules recompiled without the build step, or
 * the sources run under test), the rules are imported instead, so the answer is never stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RuleMeta } from './engine/types.js';

const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
export const CATALOGUE_FILE = fileURLToPath(new URL('../rule-catalogue.json', import.meta.url));

interface CatalogueFile {
  rulesDigest: string;
  rules: RuleMeta[];
}

/** SHA-256 over the compiled rule modules' names and bytes: content, not timestamps, which packing resets. */
export function rulesDigest(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(RULES_DIR)
    .filter((n) => n.endsWith('.js'))
    .sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(`${RULES_DIR}${name}`));
  }
  return hash.digest('hex');
}

function prebuilt(): RuleMeta[] | undefined {
  if (!existsSync(CATALOGUE_FILE)) return undefined;
  try {
    const file = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as Partial<CatalogueFile>;
    return Array.isArray(file.rules) && file.rulesDigest === rulesDigest() ? file.rules : undefined;
  } catch {
    return undefined;
  }
}

let loaded: readonly RuleMeta[] | undefined;

export async function ruleMetas(): Promise<readonly RuleMeta[]> {
  if (loaded) return loaded;
  const metas = prebuilt();
  if (metas) return (loaded = metas);
  const { allRules } = await import('../rules/index.js');
  return (loaded = allRules.map((r) => r.meta));
}
