/** `--format json`: the DESIGN §5 findings document, validated by schemas/findings.schema.json. */
import type { ScanReport } from './scanReport.js';

export function toJsonDocument(report: ScanReport): Record<string, unknown> {
  const [first] = report.inputs;
  const input =
    report.inputs.length === 1 && first
      ? { kind: first.kind, path: first.path, sha256: first.sha256 ?? null }
      : { kind: first?.kind ?? 'none', path: report.inputs.map((i) => i.path).join(','), sha256: null, files: report.inputs.map((i) => ({ kind: i.kind, path: i.path, sha256: i.sha256 ?? null })) };
  return {
    tool: report.tool,
    generatedAt: report.generatedAt,
    input,
    profile: report.profile,
    failOn: report.failOn,
    summary: report.summary,
    findings: report.findings,
    coverage: report.coverage.map((c) => ({ framework: c.framework, title: c.title, version: c.version, counts: c.counts, controls: c.controls })),
    waivers: report.waivers,
  };
}

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(toJsonDocument(report), null, 2)}\n`;
}
