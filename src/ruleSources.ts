/**
 * Which Terraform resource types and which live API calls feed each rule, derived from declarations,
 * never listed by hand: a rule declares the model kinds it reads (`meta.reads`); each plan adapter module
 * declares the Terraform types it reads and the kinds it fills (src/plan/adapters/registry.ts); each live
 * collector declares its kinds and calls (src/aws/collectors.ts). A type or call feeds a rule when it
 * fills a kind the rule reads. A new adapter or collector appears in the table by its declaration alone.
 *
 * The build writes the table into the rule catalogue, so `rules` and `explain` never load the AWS SDK
 * that the collectors import; without a current catalogue the declarations are imported here, lazily.
 */
import type { RuleMeta } from './engine/types.js';
import type { EntityKind } from './model/types.js';

export interface RuleSources {
  /** Terraform resource types (and `module` / `provider` configuration blocks) the rule's kinds come from. */
  terraformTypes: string[];
  /** IAM actions of the live collectors that fill the rule's kinds. */
  liveCalls: string[];
}

export interface SourceDeclarations {
  terraform: ReadonlyMap<string, ReadonlySet<EntityKind>>;
  live: ReadonlyArray<{ kinds: readonly EntityKind[]; calls: readonly string[] }>;
}

export function sourcesOf(meta: Pick<RuleMeta, 'reads' | 'readsAll'>, declarations: SourceDeclarations): RuleSources {
  const wanted = new Set<EntityKind>(meta.reads);
  if (meta.readsAll) {
    for (const kinds of declarations.terraform.values()) for (const k of kinds) wanted.add(k);
    for (const c of declarations.live) for (const k of c.kinds) wanted.add(k);
  }
  const terraformTypes = [...declarations.terraform]
    .filter(([, kinds]) => [...kinds].some((k) => wanted.has(k)))
    .map(([type]) => type)
    .sort();
  const liveCalls = new Set<string>();
  for (const c of declarations.live)
    if (c.kinds.some((k) => wanted.has(k))) for (const call of c.calls) liveCalls.add(call);
  return { terraformTypes, liveCalls: [...liveCalls].sort() };
}

/** The declarations themselves: the plan registry and the live collector table (which loads the AWS SDK). */
export async function loadDeclarations(): Promise<SourceDeclarations> {
  const [{ terraformFills }, { COLLECTORS }] = await Promise.all([
    import('./plan/adapters/registry.js'),
    import('./aws/collectors.js'),
  ]);
  return { terraform: terraformFills(), live: COLLECTORS };
}

export type CatalogueEntry = RuleMeta & RuleSources;

export function withSources(metas: readonly RuleMeta[], declarations: SourceDeclarations): CatalogueEntry[] {
  return metas.map((meta) => ({ ...meta, ...sourcesOf(meta, declarations) }));
}
