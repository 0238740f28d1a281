/**
 * What merging with inventories is for: a rule that looks across accounts (AUD-006) judged over shards that each
 * hold one account. The workload stack's trail writes to a bucket the log-archive stack manages: neither shard can
 * tell where the bucket lives, the merge of their inventories can, and a merge without inventories says it cannot.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { buildPlan } from '../support/planBuilder.js';

const WORKLOAD = '111111111111';
const LOG_ARCHIVE = '222222222222';
const BUCKET = 'org-audit-logs';

interface Report {
  findings: Array<{ ruleId: string; status: string; message: string; resource: { address: string } }>;
  merge?: { note: string };
}

let dir: string;
const file = (name: string): string => join(dir, name);

function aud006(report: Report): Array<{ status: string; message: string }> {
  return report.findings.filter((f) => f.ruleId === 'AUD-006').map(({ status, message }) => ({ status, message }));
}

function run(args: string[]): Report {
  const r = runCli([...args, '--format', 'json', '--fail-on', 'none']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'merge-cross-account-'));
  const workload = buildPlan({
    providers: { aws: { region: 'eu-west-1', allowedAccountIds: [WORKLOAD] } },
    resources: [
      {
        address: 'aws_cloudtrail.org',
        values: { name: 'org', s3_bucket_name: BUCKET, is_multi_region_trail: true, enable_log_file_validation: true },
      },
    ],
  });
  const logArchive = buildPlan({
    providers: { aws: { region: 'eu-west-1', allowedAccountIds: [LOG_ARCHIVE] } },
    resources: [{ address: 'aws_s3_bucket.audit', values: { bucket: BUCKET, object_lock_enabled: true } }],
  });
  writeFileSync(file('workload.plan.json'), JSON.stringify(workload));
  writeFileSync(file('log-archive.plan.json'), JSON.stringify(logArchive));
  for (const name of ['workload', 'log-archive']) {
    const r = runCli([
      'scan',
      file(`${name}.plan.json`),
      '--with-inventory',
      '--format',
      'json',
      '--fail-on',
      'none',
      '--output',
      file(`${name}.json`),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const plain = runCli(['scan', file(`${name}.plan.json`), '--format', 'json', '--fail-on', 'none']);
    writeFileSync(file(`${name}.plain.json`), plain.stdout);
  }
}, 120_000);

describe('AUD-006 across shards of one account each', () => {
  it('the workload shard alone cannot place the bucket', () => {
    const shard = JSON.parse(readFileSync(file('workload.json'), 'utf8')) as Report;
    expect(aud006(shard)).toEqual([expect.objectContaining({ status: 'not-assessed' })]);
  });

  it('the merge of the inventories finds it in the log-archive account', () => {
    const merged = run(['merge', file('workload.json'), file('log-archive.json')]);
    const joint = run(['scan', file('workload.plan.json'), file('log-archive.plan.json')]);
    expect(aud006(merged)).toEqual(aud006(joint));
    expect(aud006(merged)).toEqual([expect.objectContaining({ status: 'pass' })]);
  });

  it('a merge without inventories keeps the shard’s answer and says it was not re-judged', () => {
    const merged = run(['merge', file('workload.plain.json'), file('log-archive.plain.json')]);
    expect(aud006(merged)).toEqual([expect.objectContaining({ status: 'not-assessed' })]);
    expect(merged.merge?.note).toContain('AUD-006');
    expect(merged.merge?.note).toContain('NOT re-judged');
  });
});
