/**
 * `--format json`: the DESIGN §5 findings document, validated by schemas/findings.schema.json.
 * Written in pieces: a plan past V8's string limit yields more findings than one string can hold.
 */
import type { ControlRef } from '../engine/types.js';
import type { ScanReport } from './scanReport.js';
import { chunked, jsonPieces, lazyMap } from './jsonStream.js';

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

/** A finding's `controls` member as findingText writes it; no other member of a finding is indented this little. */
const CONTROLS_MEMBER = '\n      "controls": ';
const CONTROLS_STAND_IN = `${CONTROLS_MEMBER}0`;
/** Controls arrays met once, and the text of those met again: every finding of a rule shares one array. */
const controlsSeen = new WeakSet<readonly unknown[]>();
const controlsTexts = new WeakMap<readonly unknown[], string>();

/**
 * findingText, with the controls (often the larger half of a finding, and the same for every finding of a rule)
 * written once per rule instead of once per finding: the finding is written with a stand-in for them, which is then
 * replaced by their text. Byte for byte what findingText writes.
 */
function findingTextSharingControls(finding: { controls?: unknown }): string {
  const controls = finding.controls;
  if (!Array.isArray(controls) || controls.length === 0) return findingText(finding);
  let rendered = controlsTexts.get(controls);
  if (rendered === undefined) {
    // A report read back from JSON (merge) has one array per finding: only an array met twice is worth its text.
    if (!controlsSeen.has(controls)) {
      controlsSeen.add(controls);
      return findingText(finding);
    }
    const alone = findingText({ controls });
    rendered = alone.slice(alone.indexOf(CONTROLS_MEMBER) + CONTROLS_MEMBER.length, alone.lastIndexOf('\n'));
    controlsTexts.set(controls, rendered);
  }
  const text = findingText({ ...finding, controls: 0 });
  const at = text.indexOf(CONTROLS_STAND_IN);
  if (at === -1) return findingText(finding);
  const end = at + CONTROLS_STAND_IN.length;
  return `${text.slice(0, end - 1)}${rendered}${text.slice(end)}`;
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
      for (let j = 0; j < value.length; j++)
        yield `    ${findingTextSharingControls(value[j])}${j < value.length - 1 ? ',\n' : '\n'}`;
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

/** Version of the compact document's shape (schemas/findings-compact.schema.json). */
export const COMPACT_SCHEMA_VERSION = 1;

/**
 * `--format json-compact`: the findings document for large estates. Each rule is listed once with the controls its
 * results bear on (identical for every result of a rule) and its passes as a count and the resources' addresses;
 * `findings` holds the failing, not-assessed and waived results only, without the repeated `controls`. Written
 * without indentation, in pieces. What it leaves out (a pass's message and evidence) is in `--format json`.
 */
export function* compactJsonPieces(report: ScanReport): Generator<string> {
  const full = toJsonDocument(report);
  const controlsOf = new Map<string, ControlRef[]>();
  const passed = new Map<string, string[]>();
  for (const f of report.findings) {
    if (!controlsOf.has(f.ruleId)) controlsOf.set(f.ruleId, f.controls);
    if (f.status !== 'pass') continue;
    const list = passed.get(f.ruleId);
    if (list) list.push(f.resource.address);
    else passed.set(f.ruleId, [f.resource.address]);
  }
  // A rule that ran without results still names its controls: the coverage lists the rules mapped to each control.
  const ran = new Set(report.rules.map((r) => r.id));
  const withResults = new Set(controlsOf.keys());
  for (const fw of report.coverage)
    for (const c of fw.controls)
      for (const id of c.rules.mapped) {
        if (withResults.has(id) || !ran.has(id)) continue;
        const list = controlsOf.get(id) ?? [];
        list.push({ framework: fw.framework, id: c.id });
        controlsOf.set(id, list);
      }
  const rules: Record<string, unknown> = {};
  for (const id of new Set([...ran, ...withResults])) {
    const addresses = passed.get(id) ?? [];
    rules[id] = { controls: controlsOf.get(id) ?? [], passed: { count: addresses.length, resources: addresses } };
  }
  const open = report.findings.filter((f) => f.status !== 'pass');
  const { findings: _all, ...rest } = full;
  const doc = {
    schema: 'airgap-audit/findings-compact',
    schemaVersion: COMPACT_SCHEMA_VERSION,
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'schemaVersion')),
    rules,
    findings: lazyMap(open, ({ controls: _controls, ...finding }) => finding),
  };
  yield* chunked(jsonPieces(doc, { compact: true }));
}
