/**
 * `--format json`: the DESIGN §5 findings document, validated by schemas/findings.schema.json.
 * Written in pieces: a plan past V8's string limit yields more findings than one string can hold.
 */
import type { ScanReport } from './scanReport.js';

/** Version of the JSON document's shape (schemas/findings.schema.json); bumped when a field is renamed or removed. */
export const FINDINGS_SCHEMA_VERSION = 2;

export function toJsonDocument(report: ScanReport): Record<string, unknown> {
  const [first] = report.inputs;
  const input =
    report.inputs.length === 1 && first
      ? { kind: first.kind, path: first.path, sha256: first.sha256 ?? null }
      : {
          kind: first?.kind ?? 'none',
          path: report.inputs.map((i) => i.path).join(','),
          sha256: null,
          files: report.inputs.map((i) => ({ kind: i.kind, path: i.path, sha256: i.sha256 ?? null })),
        };
  return {
    // 2: coverage speaks evidence language (`evidence`, `scope`, `assessorExamines`, `rules`, `caveat`) instead of
    // the verdict-like `status` / `ruleIds` of version 1.
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    tool: report.tool,
    generatedAt: report.generatedAt,
    asOf: report.asOf,
    input,
    profile: report.profile,
    failOn: report.failOn,
    airGap: report.airGap,
    gate: report.gate,
    summary: report.summary,
    findings: report.findings,
    coverage: report.coverage.map((c) => ({
      framework: c.framework,
      title: c.title,
      version: c.version,
      caveat: c.caveat,
      counts: c.counts,
      controls: c.controls,
    })),
    waivers: report.waivers,
    configuration: report.configuration,
    ...(report.baseline ? { baseline: report.baseline } : {}),
    ...(report.shard ? { shard: report.shard } : {}),
    ...(report.merge ? { merge: report.merge } : {}),
    // Last, so that a reader of the findings meets them before the (possibly long) model.
    ...(report.inventory ? { inventory: report.inventory } : {}),
  };
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

const WRAP_HEAD = '{\n  "f": [\n    '.length;
const WRAP_TAIL = '\n  ]\n}'.length;

/** One finding indented as an element of the top-level array: V8 indents natively, faster than a regex. */
function findingText(finding: unknown): string {
  const wrapped = JSON.stringify({ f: [finding] }, null, 2);
  return wrapped.slice(WRAP_HEAD, wrapped.length - WRAP_TAIL);
}

/** The document as `JSON.stringify(doc, null, 2)` would write it, one top-level member or finding at a time. */
export function* jsonChunks(report: ScanReport): Generator<string> {
  const doc = toJsonDocument(report);
  const keys = Object.keys(doc);
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const sep = i < keys.length - 1 ? ',\n' : '\n';
    const value = doc[key];
    if (key === 'findings' && Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < value.length; j++) yield `    ${findingText(value[j])}${j < value.length - 1 ? ',\n' : '\n'}`;
      yield `  ]${sep}`;
    } else if (key === 'inventory' && report.inventory) {
      yield* inventoryChunks(report.inventory, sep);
    } else {
      yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${sep}`;
    }
  }
  yield '}\n';
}

/** The inventory member, one entity at a time: a large estate's model may not fit one string either. */
function* inventoryChunks(inventory: Readonly<Record<string, unknown>>, sep: string): Generator<string> {
  const keys = Object.keys(inventory);
  yield '  "inventory": {\n';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const inner = i < keys.length - 1 ? ',\n' : '\n';
    const value = inventory[key];
    if (key === 'entities' && Array.isArray(value) && value.length > 0) {
      yield `    ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < value.length; j++)
        yield `      ${indent(findingText(value[j]), '  ')}${j < value.length - 1 ? ',\n' : '\n'}`;
      yield `    ]${inner}`;
    } else yield `    ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '    ')}${inner}`;
  }
  yield `  }${sep}`;
}

export function renderJson(report: ScanReport): string {
  return [...jsonChunks(report)].join('');
}
