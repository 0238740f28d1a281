/**
 * `airgap-audit rules` and `airgap-audit explain RULE-ID`. They read the rules' metadata only (the prebuilt catalogue
 * when it matches the compiled rules), so they start about as fast as Node itself. Each rule comes with the Terraform
 * types and live API calls that feed it, derived from the sources' declarations (ruleSources.ts).
 */
import { InputError } from '../input/inputError.js';
import { ruleMetas } from '../ruleCatalogue.js';
import type { CatalogueEntry } from '../ruleSources.js';

/** A list as indented lines wrapped near 100 columns, or a dash when empty. */
function wrapped(items: readonly string[]): string[] {
  if (items.length === 0) return ['  -'];
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && next.length > 96) {
      lines.push(`  ${line},`);
      line = item;
    } else line = next;
  }
  lines.push(`  ${line}`);
  return lines;
}

export async function runRulesCommand(format: 'text' | 'json'): Promise<string> {
  const metas = await ruleMetas();
  if (format === 'json') return `${JSON.stringify(metas, null, 2)}\n`;
  const lines = metas.map((meta) => {
    const where = [meta.condition, meta.layer ? `L${meta.layer}` : undefined].filter(Boolean).join('/');
    return `${meta.id}  ${meta.severity.padEnd(8)} ${where.padEnd(9)} ${meta.title}  [${meta.profiles.join(', ')}]`;
  });
  return `${lines.join('\n')}\n`;
}

export async function runExplain(id: string): Promise<string> {
  const m: CatalogueEntry | undefined = (await ruleMetas()).find((meta) => meta.id === id.toUpperCase());
  if (!m) throw new InputError(id, `unknown rule id (see \`airgap-audit rules\`)`);
  return [
    `${m.id} — ${m.title}`,
    `severity: ${m.severity}${m.condition ? `   air-gap condition: ${m.condition}` : ''}${m.layer ? `   layer: ${m.layer}` : ''}`,
    `profiles: ${m.profiles.join(', ')}`,
    '',
    'Why',
    `  ${m.rationale}`,
    '',
    'Remediation (Terraform)',
    `  ${m.remediation}`,
    '',
    'References',
    ...m.references.map((r) => `  ${r}`),
    '',
    `Reads (model): ${m.reads.join(', ')}`,
    '',
    'Terraform resource types read',
    ...wrapped(m.terraformTypes),
    '',
    'Live API calls (read-only)',
    ...wrapped(m.liveCalls),
    '',
  ].join('\n');
}

/** The listing or the explanation, or undefined for a rule id the catalogue does not have (left to the caller). */
export async function ruleListing(
  request: { format: 'text' | 'json' } | { explain: string },
): Promise<string | undefined> {
  if ('format' in request) return runRulesCommand(request.format);
  const known = (await ruleMetas()).some((meta) => meta.id === request.explain.toUpperCase());
  return known ? runExplain(request.explain) : undefined;
}
