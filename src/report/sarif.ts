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
import { relative, sep } from 'node:path';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import type { RenderOptions } from './render.js';
import type { ScanReport } from './scanReport.js';
import { TerraformSourceIndex, type SourceLocation } from './terraformSource.js';
import { evidenceLine, rulesById, waiverText } from './reportView.js';

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

function resultFor(finding: Finding, ruleIndex: number, location: PhysicalLocation | undefined): Json {
  const reviewing = finding.status === 'not-assessed';
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
        ...(location ? { physicalLocation: location as unknown as Json } : {}),
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
      controls: finding.controls.map((c) => `${c.framework}:${c.id}`),
    },
  };
  if (finding.status === 'waived' && finding.waiver) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: waiverText(finding.waiver) }];
  }
  return result;
}

export function renderSarif(report: ScanReport, options: RenderOptions): string {
  const baseDir = options.baseDir ?? process.cwd();
  const known = rulesById(report);
  const rules: RuleMeta[] = [...report.rules];
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const reported = report.findings.filter((f) => f.status !== 'pass');
  for (const f of reported) {
    if (!indexOf.has(f.ruleId)) {
      indexOf.set(f.ruleId, rules.length);
      rules.push(known.get(f.ruleId) ?? placeholderRule(f.ruleId, f.severity));
    }
  }

  const planFile = options.planPaths.find((p) => p !== '-');
  const planLocation: PhysicalLocation | undefined = planFile
    ? { artifactLocation: { uri: toUri(planFile, baseDir), uriBaseId: BASE_ID } }
    : undefined;
  const sources = options.tfRoot ? new TerraformSourceIndex(options.tfRoot, options.moduleSources) : undefined;
  const locate = (address: string): PhysicalLocation | undefined => {
    const found: SourceLocation | undefined = sources?.locate(address);
    if (!found) return planLocation;
    return {
      artifactLocation: { uri: toUri(found.file, baseDir), uriBaseId: BASE_ID },
      region: { startLine: found.line },
    };
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
        results: reported.map((f) => resultFor(f, indexOf.get(f.ruleId) ?? 0, locate(f.resource.address))),
        columnKind: 'unicodeCodePoints',
        properties: {
          profile: report.profile,
          failOn: report.failOn,
          generatedAt: report.generatedAt,
          ...(report.baseline ? { baseline: report.baseline as unknown as Json } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
