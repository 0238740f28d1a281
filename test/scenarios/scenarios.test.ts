/**
 * The two shipped scenarios through the real CLI: the air-gapped Bedrock blueprint yields zero
 * failures under `regulated`; its "looks private but isn't" twin fails on every true positive.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

interface Doc {
  findings: Array<{ ruleId: string; status: string; reason?: string; resource: { address: string } }>;
}

const examples = join(repoRoot, 'fixtures', 'examples');
const config = join(examples, 'airgap-audit.config.json');

function scan(plan: string, extra: string[] = []): { code: number; doc: Doc } {
  const r = runCli(['scan', join(examples, plan), '--config', config, '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc };
}

describe('air-gapped Bedrock blueprint', () => {
  it('has zero failures under the regulated profile and exits 0', () => {
    const { code, doc } = scan('bedrock-airgapped.plan.json');
    expect(doc.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(code).toBe(0);
    expect(doc.findings.filter((f) => f.status === 'pass').length).toBeGreaterThan(30);
  });
});

/** rule id -> address of a failing result the leaky scenario must produce. */
const TRUE_POSITIVES: Array<[string, string]> = [
  ['NET-001', 'module.network.aws_internet_gateway.this'],
  ['NET-002', 'module.network.aws_nat_gateway.this'],
  ['NET-004', 'module.network.aws_route_table.private'],
  ['NET-005', 'module.network.aws_eip.nat'],
  ['NET-006', 'module.network.aws_lambda_function.inference'],
  ['NET-010', 'module.network.aws_vpc_endpoint.bedrock_runtime'],
  ['NET-010', 'module.network.aws_vpc_endpoint.kms'],
  ['NET-011', 'module.network.aws_vpc.this'],
  ['DEP-001', 'module.network.aws_vpc.this'],
  ['UPD-001', 'module.network'],
  // Object Lock in GOVERNANCE mode; retention shorter than the minimum; only s3:DeleteObject denied.
  ['AUD-004', 'aws_s3_bucket.audit_trail'],
  ['AUD-004', 'aws_s3_bucket.invocation_logs'],
  ['AUD-005', 'aws_s3_bucket.audit_trail'],
  ['AUD-006', 'aws_s3_bucket.audit_trail'],
  // Advanced selectors covering S3 but not AWS::Bedrock::Model; Bedrock data events without management events.
  ['AUD-002', 'aws_cloudtrail.organization'],
  ['AUD-002', 'aws_cloudtrail.bedrock_agents'],
  ['AUD-003', 'aws_bedrock_model_invocation_logging_configuration.main'],
  // A key-policy wildcard principal "pinned" only by kms:ViaService; a 33 KB key policy.
  ['KMS-002', 'aws_kms_key.shared'],
  ['KMS-003', 'aws_kms_key.everything'],
  // bedrock:InvokeModel on *, no aws:SourceVpce, GitHub OIDC trust without a sub condition.
  ['IAM-003', 'aws_iam_role.workload'],
  ['IAM-004', 'aws_iam_role.workload'],
  ['IAM-006', 'aws_iam_role.github_deploy'],
  ['IAM-001', 'aws_iam_user.ci'],
  // A global. cross-region inference profile.
  ['RES-002', 'aws_iam_role.batch'],
];

describe('"looks private but isn\'t" scenario', () => {
  const { code, doc } = scan('bedrock-looks-private.plan.json');
  it('exits 1', () => expect(code).toBe(1));
  for (const [ruleId, address] of TRUE_POSITIVES) {
    it(`fails ${ruleId} on ${address}`, () => {
      expect(
        doc.findings.some((f) => f.ruleId === ruleId && f.status === 'fail' && f.resource.address === address),
      ).toBe(true);
    });
  }
});
