/**
 * SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps).
 *
 * Decisions (documented in README-outputs.md):
 * - `fail` -> kind `fail`, level by severity (critical/high error, medium warning, low note).
 * - `not-assessed` -> kind `review`, level `none`: SARIF §3.27.10 requires level `none` for any kind other
 *   than `fail`; `review` is SARIF's "a human has to look at this", which is what a gap in coverage is.
 * - `waived` -> kind `fail` at its severity, with an `external` suppression (status `accepted`) carrying the
 *   waiver's reason, owner and expiry, so code scanning lists it as dismissed rather than dropping it.
 * - `pass` results are left out: code scanning has no use for them; JUnit, HTML and OSCAL carry them.
 */
import { join, relative, sep } from 'node:path';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import type { RenderOptions } from './render.js';
import type { ScanReport } from './scanReport.js';
import { TerraformSourceIndex, type SourceLocation } from './terraformSource.js';
import { evidenceLine, rulesById, sortedFindings, waiverText } from './reportView.js';
import { chunked, jsonPieces, lazyMap } from './jsonStream.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** GitHub ranks alerts by this number (its bands: >= 9 critical, >= 7 high, >= 4 medium, else low). */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
const FINGERPRINT_KEY = 'airgapAuditFingerprint/v1';
/** GitHub code scanning's documented upload limit on results per run. */
export const GITHUB_MAX_RESULTS = 25_000;
const BASE_ID = 'SRCROOT';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region?: { startLine: number };
}

function toUri(path: string, baseDir: string): string {
  // Relative URIs resolve against the checkout root in code scanning; percent-encode what a URI forbids.
  return relative(baseDir, path).split(sep).map(encodeURIComponent).join('/');
}

function ruleDescriptor(rule: RuleMeta): Json {
  const tags = [
    'security',
    'air-gap',
    ...(rule.condition ? [rule.condition] : []),
    ...(rule.layer ? [`layer-${rule.layer}`] : []),
  ];
  const references = rule.references.map((r) => `- ${r}`).join('\n');
  const helpText = `${rule.rationale}\n\nRemediation: ${rule.remediation}${references ? `\n\nReferences:\n${references}` : ''}`;
  const helpMarkdown = `**Why:** ${rule.rationale}\n\n**Remediation:** ${rule.remediation}${references ? `\n\n**References:**\n${references}` : ''}`;
  const descriptor: { [key: string]: Json } = {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      severity: rule.severity,
    },
  };
  if (rule.references[0]) descriptor.helpUri = rule.references[0];
  return descriptor;
}

/** A rule the report lacks metadata for (should not happen) still gets a descriptor, so ruleIndex stays valid. */
function placeholderRule(id: string, severity: Severity): RuleMeta {
  return {
    id,
    title: id,
    severity,
    profiles: [],
    rationale: id,
    remediation: 'See the rule catalogue.',
    references: [],
    reads: [],
  };
}

/**
 * Where a result goes when its resource has no `.tf` line (an absence, a resource only in a registry module's
 * internals, no `--tf-root`). Code scanning rejects a result without a file, so every result gets one, in this
 * order: the root module's file under `--tf-root` (`main.tf`, else the first `.tf` file); the plan file the
 * finding came from, as given; the first plan file named; and for a plan read from stdin, `main.tf` in the
 * working directory. Each at line 1: the file, not a line, is what is known.
 */
function fallbackLocations(
  options: RenderOptions,
  baseDir: string,
  sources: TerraformSourceIndex | undefined,
): (input: string | undefined) => PhysicalLocation {
  const at = (path: string): PhysicalLocation => ({
    artifactLocation: { uri: toUri(path, baseDir), uriBaseId: BASE_ID },
    region: { startLine: 1 },
  });
  const rootFile = sources?.rootModuleFile();
  const planFiles = new Set(options.planPaths.filter((p) => p !== '-'));
  const firstPlan = options.planPaths.find((p) => p !== '-');
  return (input) => {
    if (rootFile) return at(rootFile);
    if (input !== undefined && planFiles.has(input)) return at(input);
    if (firstPlan) return at(firstPlan);
    // Stdin or a live account: no file was read. The root module's conventional file, relative to where the scan ran.
    return at(join(baseDir, 'main.tf'));
  };
}

/**
 * `runAutomationDetails.id` as `category/`: one category per set of inputs (and profile), so several scans of one
 * repository (one per stack) are separate analyses in code scanning instead of replacing each other.
 */
export function sarifCategory(report: ScanReport): string {
  const inputs = report.inputs.map((i) => i.path).join('+') || 'none';
  const slug = inputs.replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^-+|-+$/g, '');
  return `airgap-audit/${report.profile}/${slug || 'input'}`;
}

function resultFor(finding: Finding, ruleIndex: number, location: PhysicalLocation): Json {
  // A waived result keeps the reason it was not assessed: waiving a gap does not turn it into a failure.
  const reviewing = finding.status === 'not-assessed' || (finding.status === 'waived' && finding.reason !== undefined);
  const evidence = finding.evidence.map(evidenceLine);
  // Code scanning shows only the message: say why a result is a review item rather than a failure.
  const head = reviewing
    ? `Not assessed (${finding.reason ?? 'no reason given'}): ${finding.message}`
    : finding.message;
  const text = evidence.length ? `${head}\n${evidence.map((e) => `- ${e}`).join('\n')}` : head;
  const result: { [key: string]: Json } = {
    ruleId: finding.ruleId,
    ruleIndex,
    kind: reviewing ? 'review' : 'fail',
    level: reviewing ? 'none' : LEVEL[finding.severity],
    message: { text },
    locations: [
      {
        physicalLocation: location as unknown as Json,
        logicalLocations: [{ fullyQualifiedName: finding.resource.address, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    // SARIF's own field for a comparison with a previous run (--baseline): existing = unchanged.
    ...(finding.baseline ? { baselineState: finding.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    properties: {
      status: finding.status,
      severity: finding.severity,
      resourceType: finding.resource.type,
      ...(finding.reason ? { reason: finding.reason } : {}),
      ...(finding.resource.region ? { region: finding.resource.region } : {}),
      ...(finding.resource.account ? { account: finding.resource.account } : {}),
      ...(finding.resource.input ? { input: finding.resource.input } : {}),
      controls: finding.controls.map((c) => `${c.framework}:${c.id}`),
    },
  };
  if (finding.status === 'waived' && finding.waiver) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: waiverText(finding.waiver) }];
  }
  return result;
}

/** The SARIF log in pieces: results are made one at a time while they are written (reportPieces.ts). */
export function sarifPieces(report: ScanReport, options: RenderOptions): Iterable<string> {
  const baseDir = options.baseDir ?? process.cwd();
  const known = rulesById(report);
  const rules: RuleMeta[] = [...report.rules];
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const nonPass = report.findings.filter((f) => f.status !== 'pass');
  // Code scanning accepts at most 25,000 results per run: keep the most urgent and say how many were left out.
  const reported = nonPass.length > GITHUB_MAX_RESULTS ? sortedFindings(nonPass).slice(0, GITHUB_MAX_RESULTS) : nonPass;
  const omitted = nonPass.length - reported.length;
  for (const f of reported) {
    if (!indexOf.has(f.ruleId)) {
      indexOf.set(f.ruleId, rules.length);
      rules.push(known.get(f.ruleId) ?? placeholderRule(f.ruleId, f.severity));
    }
  }

  const sources = options.tfRoot ? new TerraformSourceIndex(options.tfRoot, options.moduleSources) : undefined;
  const fallback = fallbackLocations(options, baseDir, sources);
  const locate = (finding: Finding): PhysicalLocation => {
    const found: SourceLocation | undefined = sources?.locate(finding.resource.address);
    if (found)
      return {
        artifactLocation: { uri: toUri(found.file, baseDir), uriBaseId: BASE_ID },
        region: { startLine: found.line },
      };
    return fallback(finding.resource.input);
  };

  const artifacts: Json[] = report.inputs
    .filter((input) => input.kind !== 'aws-account' && input.path !== '-')
    .map((input) => ({
      location: { uri: toUri(input.path, baseDir), uriBaseId: BASE_ID },
      roles: ['analysisTarget'],
      ...(input.sha256 ? { hashes: { 'sha-256': input.sha256 } } : {}),
    }));

  const log: Json = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(ruleDescriptor),
            properties: { rulesVersion: report.tool.rulesVersion },
          },
        },
        originalUriBaseIds: {
          [BASE_ID]: { description: { text: 'The directory the scan ran in: the repository root in CI.' } },
        },
        ...(artifacts.length ? { artifacts } : {}),
        automationDetails: { id: `${sarifCategory(report)}/` },
        ...(omitted > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      message: {
                        text: `${omitted} results left out: code scanning takes at most ${GITHUB_MAX_RESULTS} per run. The JSON and HTML outputs have them all.`,
                      },
                    },
                  ],
                },
              ],
            }
          : {}),
        results: lazyMap(reported, (f) => resultFor(f, indexOf.get(f.ruleId) ?? 0, locate(f))) as unknown as Json,
        columnKind: 'unicodeCodePoints',
        properties: {
          profile: report.profile,
          failOn: report.failOn,
          generatedAt: report.generatedAt,
          ...(omitted > 0 ? { resultsOmitted: omitted } : {}),
          airGappable: report.airGap.airGappable,
          airGapHeadline: report.airGap.headline,
          conditions: Object.fromEntries(report.airGap.conditions.map((c) => [c.id, c.state])),
          layers: Object.fromEntries(report.airGap.layers.map((l) => [l.id, l.state])),
          gate: {
            verdict: report.gate.verdict,
            label: report.gate.label,
            headline: report.gate.headline,
            failOnNotAssessed: report.gate.failOnNotAssessed,
            reasons: report.gate.reasons,
          },
          ...(report.baseline ? { baseline: report.baseline as unknown as Json } : {}),
          ...(report.merge ? { merge: report.merge as unknown as Json } : {}),
        },
      },
    ],
  };
  return chunked(jsonPieces(log));
}

export function renderSarif(report: ScanReport, options: RenderOptions): string {
  return [...sarifPieces(report, options)].join('');
}
