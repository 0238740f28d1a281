/** `airgap-audit rules` and `airgap-audit explain RULE-ID`. */
import { allRules } from '../../rules/index.js';
import { InputError } from '../input/inputError.js';

export function runRulesCommand(format: 'text' | 'json'): string {
  if (format === 'json')
    return `${JSON.stringify(
      allRules.map((r) => r.meta),
      null,
      2,
    )}\n`;
  const lines = allRules.map((r) => {
    const where = [r.meta.condition, r.meta.layer ? `L${r.meta.layer}` : undefined].filter(Boolean).join('/');
    return `${r.meta.id}  ${r.meta.severity.padEnd(8)} ${where.padEnd(9)} ${r.meta.title}  [${r.meta.profiles.join(', ')}]`;
  });
  return `${lines.join('\n')}\n`;
}

export function runExplain(id: string): string {
  const rule = allRules.find((r) => r.meta.id === id.toUpperCase());
  if (!rule) throw new InputError(id, `unknown rule id (see \`airgap-audit rules\`)`);
  const m = rule.meta;
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
  ].join('\n');
}
