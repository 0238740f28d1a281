/**
 * `airgap-audit frameworks [ID]`: the frameworks the tool reports against and, for one framework, its control table.
 * Returns the text to print; the CLI entry writes it and maps InputError to exit code 2.
 */
import { loadMappings } from '../mappings/loadMappings.js';
import { selectFrameworks } from '../mappings/selectFrameworks.js';
import type { FrameworkMapping, FrameworkMappingFile } from '../mappings/types.js';

export interface FrameworksOptions {
  format: 'text' | 'json';
  mappingsDir?: string;
  knownRuleIds: ReadonlySet<string>;
}

interface FrameworkSummary {
  id: string;
  title: string;
  version: string;
  source: FrameworkMapping['source'];
  origin: FrameworkMapping['origin'];
  controls: number;
  mapped: number;
  manual: number;
}

/** Rule ids per line in the text table: four ids fit in 32 columns, so long rule lists wrap instead of sprawling. */
const RULES_PER_LINE = 4;

export function runFrameworks(id: string | undefined, options: FrameworksOptions): string {
  const mappings = loadMappings({ extraDir: options.mappingsDir, knownRuleIds: options.knownRuleIds });
  if (id === undefined) {
    const summaries = mappings.map(summarize);
    return options.format === 'json' ? `${JSON.stringify(summaries, null, 2)}\n` : summaryTable(summaries);
  }
  const [mapping] = selectFrameworks(mappings, [id], 'frameworks');
  // selectFrameworks throws for an unknown id, so one mapping is always there.
  if (!mapping) throw new Error(`framework ${id} vanished after selection`);
  return options.format === 'json' ? `${JSON.stringify(asFile(mapping), null, 2)}\n` : controlTable(mapping);
}

function summarize(mapping: FrameworkMapping): FrameworkSummary {
  const manual = mapping.controls.filter((c) => c.rules === 'manual').length;
  return {
    id: mapping.id,
    title: mapping.title,
    version: mapping.version,
    source: mapping.source,
    origin: mapping.origin,
    controls: mapping.controls.length,
    mapped: mapping.controls.length - manual,
    manual,
  };
}

/** The JSON of one framework is the mapping file's own shape, so it can seed a user's `--mappings` file. */
function asFile(mapping: FrameworkMapping): FrameworkMappingFile {
  const { id, title, version, source, note, controls } = mapping;
  return note === undefined ? { id, title, version, source, controls } : { id, title, version, source, note, controls };
}

function summaryTable(summaries: readonly FrameworkSummary[]): string {
  const rows = [
    ['FRAMEWORK', 'CONTROLS', 'RULES', 'MANUAL', 'TITLE'],
    ...summaries.map((s) => [
      s.origin === 'user' ? `${s.id} (user)` : s.id,
      String(s.controls),
      String(s.mapped),
      String(s.manual),
      s.title,
    ]),
  ];
  return `${columns(rows).join('\n')}\n\nRULES: controls evidenced by rules; MANUAL: controls no rule can judge.\nRun "airgap-audit frameworks ID" for a framework's controls.\n`;
}

function controlTable(mapping: FrameworkMapping): string {
  const summary = summarize(mapping);
  const head = [
    `${mapping.id}: ${mapping.title}`,
    `version: ${mapping.version}`,
    `source:  ${mapping.source.title}, ${mapping.source.publisher} <${mapping.source.url}>`,
    ...(mapping.note === undefined ? [] : [`note:    ${mapping.note}`]),
    `${summary.controls} controls: ${summary.mapped} evidenced by rules, ${summary.manual} manual`,
    '',
  ];
  const rows: string[][] = [['CONTROL', 'RULES', 'TITLE']];
  for (const control of mapping.controls) {
    if (control.rules === 'manual') {
      rows.push([control.id, 'manual', control.title]);
      continue;
    }
    for (let i = 0; i < control.rules.length; i += RULES_PER_LINE) {
      const chunk = control.rules.slice(i, i + RULES_PER_LINE).join(' ');
      rows.push(i === 0 ? [control.id, chunk, control.title] : ['', chunk, '']);
    }
  }
  return `${head.join('\n')}\n${columns(rows).join('\n')}\n`;
}

/** Pads every column but the last, which stays ragged so long titles do not force trailing spaces. */
function columns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
