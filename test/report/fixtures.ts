/** Hand-built ScanReports for the reporter tests: every status, hostile strings, several frameworks. */
import type { Finding, RuleMeta } from '../../src/engine/types.js';
import type { ControlCoverage, ControlEvidence, ControlRuleEvidence, ScanReport } from '../../src/report/scanReport.js';
import { decideGate } from '../../src/engine/gate.js';
import { defaultConfig } from '../../src/config/config.js';
import { judgeAirGap } from '../../src/engine/airGap.js';

/** Strings an attacker controls (resource names, tag values, waiver text) with every escaping hazard. */
export const HOSTILE = `x|y <script>alert(1)</script> & "q" 'a' **b** [l](http://evil.example) @octocat #1 \`c\` \u0001\u0008\uFFFE\uD800 ]]>`;

export const RULES: RuleMeta[] = [
  {
    id: 'NET-001',
    title: 'No internet gateway in the boundary',
    severity: 'critical',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale: 'An internet gateway gives the VPC a route to the public internet.',
    remediation: 'Remove the aws_internet_gateway and routes that target it.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html'],
    reads: ['InternetGateway'],
  },
  {
    id: 'KMS-004',
    title: 'Key rotation enabled',
    severity: 'medium',
    layer: 2,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale: 'Rotation limits the data protected by one key version.',
    remediation: 'Set enable_key_rotation = true on aws_kms_key.',
    references: [],
    reads: ['KmsKey'],
  },
  {
    id: 'AUD-004',
    title: 'Audit buckets have Object Lock in COMPLIANCE mode',
    severity: 'critical',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale: 'Audit logs must be immutable.',
    remediation: 'Add aws_s3_bucket_object_lock_configuration with mode COMPLIANCE.',
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html'],
    reads: ['Bucket'],
  },
  {
    id: 'UPD-002',
    title: 'Provider versions exact',
    severity: 'low',
    condition: 'AG-4',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale: 'A range lets a new provider arrive unreviewed.',
    remediation: 'Pin version = "5.1.0".',
    references: [],
    reads: ['ProviderRequirement'],
  },
];

function finding(
  partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'status' | 'fingerprint'> & { address: string; type: string },
): Finding {
  const { address, type, ...rest } = partial;
  return {
    severity: 'high',
    message: 'message',
    evidence: [],
    controls: [],
    ...rest,
    resource: { address, type, region: 'eu-west-1', account: '111122223333' },
  };
}

export const FINDINGS: Finding[] = [
  finding({
    ruleId: 'NET-001',
    status: 'fail',
    severity: 'critical',
    fingerprint: 'fp-net-001-igw',
    address: 'aws_internet_gateway.main',
    type: 'aws_internet_gateway',
    message: 'Internet gateway attached to the boundary VPC',
    evidence: [
      {
        path: 'vpc',
        observed: 'aws_vpc.main',
        expected: 'no internet gateway',
        source: 'aws_internet_gateway.main.vpc_id',
      },
    ],
    controls: [
      { framework: 'nist-800-171-r2', id: '3.13.1' },
      { framework: 'cmmc-2.0-l2', id: 'SC.L2-3.13.1' },
    ],
  }),
  finding({
    ruleId: 'NET-001',
    status: 'fail',
    severity: 'critical',
    fingerprint: 'fp-net-001-hostile',
    address: `module.net.aws_internet_gateway.gw["${HOSTILE}"]`,
    type: 'aws_internet_gateway',
    message: `Gateway named ${HOSTILE}`,
    evidence: [
      { path: 'tags.Name', observed: HOSTILE, expected: 'none', source: 'module.net.aws_internet_gateway.gw.tags' },
    ],
    controls: [{ framework: 'nist-800-171-r2', id: '3.13.1' }],
  }),
  finding({
    ruleId: 'KMS-004',
    status: 'pass',
    severity: 'medium',
    fingerprint: 'fp-kms-004-logs',
    address: 'aws_kms_key.logs',
    type: 'aws_kms_key',
    message: 'Rotation enabled every 365 days',
    evidence: [
      { path: 'enableKeyRotation', observed: true, expected: 'true', source: 'aws_kms_key.logs.enable_key_rotation' },
    ],
    controls: [{ framework: 'nist-800-171-r2', id: '3.13.10' }],
  }),
  finding({
    ruleId: 'KMS-004',
    status: 'waived',
    severity: 'medium',
    fingerprint: 'fp-kms-004-legacy',
    address: 'aws_kms_key.legacy[0]',
    type: 'aws_kms_key',
    message: 'Rotation disabled',
    evidence: [
      {
        path: 'enableKeyRotation',
        observed: false,
        expected: 'true',
        source: 'aws_kms_key.legacy[0].enable_key_rotation',
      },
    ],
    controls: [{ framework: 'nist-800-171-r2', id: '3.13.10' }],
    waiver: { reason: `Legacy key retires in Q1 ${HOSTILE}`, owner: 'platform-team', expires: '2026-12-10' },
  }),
  finding({
    ruleId: 'AUD-004',
    status: 'not-assessed',
    reason: 'unknown-at-plan',
    severity: 'critical',
    fingerprint: 'fp-aud-004-audit',
    address: 'aws_s3_bucket.audit',
    type: 'aws_s3_bucket',
    message: 'Object Lock configuration is unknown until apply',
    evidence: [
      {
        path: 'objectLock',
        observed: '(known after apply)',
        expected: 'COMPLIANCE, >= 7 years',
        source: 'aws_s3_bucket_object_lock_configuration.audit',
      },
    ],
    controls: [{ framework: 'nist-800-171-r2', id: '3.3.8' }],
  }),
  finding({
    ruleId: 'UPD-002',
    status: 'fail',
    severity: 'low',
    fingerprint: 'fp-upd-002-aws',
    address: 'provider["registry.terraform.io/hashicorp/aws"]',
    type: 'provider_requirement',
    message: 'Version constraint "~> 5.0" is a range',
    evidence: [
      {
        path: 'versionConstraint',
        observed: '~> 5.0',
        expected: 'an exact version',
        source: 'terraform.required_providers.aws',
      },
    ],
  }),
];

const CAVEAT = 'Evidence for an assessor, not a verdict.';

/** A coverage row: the rules named in `by` are the mapped ones, sorted by what they showed. */
function coverageControl(
  id: string,
  title: string,
  evidence: ControlEvidence,
  by: Partial<Omit<ControlRuleEvidence, 'mapped'>>,
): ControlCoverage {
  const rules: ControlRuleEvidence = {
    mapped: [],
    supporting: [],
    contradicting: [],
    waived: [],
    unsettled: [],
    examinedNothing: [],
    notRun: [],
    ...by,
  };
  rules.mapped = [
    ...rules.supporting,
    ...rules.contradicting,
    ...rules.waived,
    ...rules.unsettled,
    ...rules.examinedNothing,
    ...rules.notRun,
  ];
  return {
    id,
    title,
    evidence,
    scope: evidence === 'manual' ? 'None: no rule can judge this control.' : `Scope of ${id} checks.`,
    assessorExamines: `The rest of ${id}.`,
    rules,
  };
}

export function sampleReport(overrides: Partial<ScanReport> = {}): ScanReport {
  // The configuration is derived below from the rest, unless an override gives one.
  const base: Omit<ScanReport, 'gate' | 'airGap' | 'configuration'> & Partial<Pick<ScanReport, 'configuration'>> = {
    tool: { name: 'airgap-audit', version: '0.1.0', rulesVersion: '2026.11' },
    generatedAt: '2026-11-28T10:00:00Z',
    asOf: '2026-11-28',
    inputs: [
      {
        kind: 'terraform-plan',
        path: 'plans/my plan.json',
        sha256: 'a'.repeat(64),
        bytes: 1234,
        formatVersion: '1.2',
        terraformVersion: '1.9.5',
      },
    ],
    profile: 'regulated',
    failOn: 'high',
    summary: {
      total: 6,
      byStatus: { pass: 1, fail: 3, 'not-assessed': 1, waived: 1 },
      failBySeverity: { critical: 2, high: 0, medium: 0, low: 1 },
      notAssessedByReason: { 'unknown-at-plan': 1 },
    },
    rules: RULES,
    findings: FINDINGS,
    coverage: [
      {
        framework: 'nist-800-171-r2',
        title: 'NIST SP 800-171 Rev. 2',
        version: 'r2',
        caveat: CAVEAT,
        counts: { supports: 0, contradicts: 1, 'contradicted-waived': 1, 'not-evidenced': 1, manual: 1 },
        controls: [
          {
            ...coverageControl(
              '3.13.1',
              'Monitor, control, and protect communications at external boundaries',
              'contradicts',
              {
                contradicting: ['NET-001'],
              },
            ),
            rationale: 'Boundary egress.',
          },
          coverageControl('3.13.10', 'Establish and manage cryptographic keys', 'contradicted-waived', {
            waived: ['KMS-004'],
          }),
          coverageControl('3.3.8', 'Protect audit information', 'not-evidenced', { unsettled: ['AUD-004'] }),
          coverageControl('3.2.1', 'Ensure that managers are aware of security risks', 'manual', {}),
        ],
      },
      {
        framework: 'cmmc-2.0-l2',
        title: 'CMMC 2.0 Level 2',
        version: '2.0',
        caveat: CAVEAT,
        counts: { supports: 0, contradicts: 1, 'contradicted-waived': 0, 'not-evidenced': 0, manual: 0 },
        controls: [
          coverageControl('SC.L2-3.13.1', 'Boundary Protection', 'contradicts', { contradicting: ['NET-001'] }),
        ],
      },
    ],
    waivers: [
      {
        waiver: {
          ruleId: 'KMS-004',
          resource: 'aws_kms_key.legacy',
          reason: `Legacy key retires in Q1 ${HOSTILE}`,
          owner: 'platform-team',
          expires: '2026-12-10',
        },
        state: 'applied',
        matched: 1,
      },
      {
        waiver: {
          ruleId: 'NET-001',
          resource: 'aws_internet_gateway.old',
          reason: 'Removed',
          owner: 'net',
          expires: '2027-06-01',
        },
        state: 'stale',
        matched: 0,
      },
      {
        waiver: { ruleId: 'UPD-002', resource: '**', reason: 'Old', owner: 'ops', expires: '2026-01-01' },
        state: 'expired',
        matched: 1,
      },
      {
        waiver: {
          ruleId: 'AUD-004',
          resource: 'aws_s3_bucket.*',
          reason: 'Later',
          owner: 'sec',
          expires: '2027-03-01',
        },
        state: 'applied',
        matched: 0,
      },
    ],
    ...overrides,
  };
  const merged = { ...base, ...overrides };
  const configuration: ScanReport['configuration'] = {
    sha256: 'c'.repeat(64),
    files: { config: 'airgap-audit.config.json' },
    profile: merged.profile,
    failOn: merged.failOn,
    failOnNotAssessed: false,
    asOf: merged.asOf,
    ignoreWaivers: false,
    rules: merged.rules.map((r) => r.id),
    selection: {},
    frameworks: merged.coverage.map((c) => c.framework),
    settings: { ...defaultConfig(), severityOverrides: { 'KMS-004': 'medium' } },
    waivers: merged.waivers.map((w) => w.waiver),
  };
  // The gate and the verdict follow from the (overridden) findings, as the engine derives them.
  const { configuration: given, ...rest } = merged;
  return {
    gate: decideGate(merged.findings, { failOn: merged.failOn, failOnNotAssessed: false }),
    airGap: judgeAirGap(merged.rules, new Set(merged.rules.map((r) => r.id)), merged.findings, merged.profile),
    ...rest,
    configuration: given ?? configuration,
  };
}
