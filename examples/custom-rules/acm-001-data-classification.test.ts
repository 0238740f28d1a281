/**
 * The example custom rule, run as a user runs it (`scan --rules-dir examples/custom-rules`): a tagged bucket
 * passes and an untagged key fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../test/support/cli.js';
import { buildPlan } from '../../test/support/planBuilder.js';

const plan = buildPlan({
  resources: [
    {
      address: 'aws_s3_bucket.data',
      type: 'aws_s3_bucket',
      values: { bucket: 'data', tags: { DataClassification: 'confidential' } },
    },
    { address: 'aws_kms_key.data', type: 'aws_kms_key', values: { description: 'data key' } },
  ],
});

describe('example rule ACM-001 (data-classification tag)', () => {
  it('passes a tagged bucket and fails an untagged key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'acm-001-')), 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    const r = runCli([
      'scan',
      file,
      '--rules-dir',
      join(repoRoot, 'examples', 'custom-rules'),
      '--rule',
      'ACM-001',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const byAddress = Object.fromEntries(
      JSON.parse(r.stdout).findings.map((f: { resource: { address: string }; status: string; reason?: string }) => [
        f.resource.address,
        f.reason ? `${f.status}/${f.reason}` : f.status,
      ]),
    );
    expect(byAddress).toEqual({
      'aws_s3_bucket.data': 'pass',
      'aws_kms_key.data': 'fail',
    });
    // medium fails the gate only when asked to.
    expect(r.code).toBe(0);
    expect(
      runCli(['scan', file, '--rules-dir', join(repoRoot, 'examples', 'custom-rules'), '--fail-on', 'medium']).code,
    ).toBe(1);
  });
});
