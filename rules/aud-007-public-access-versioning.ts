import { auditBucketTargets, targetResource, viaText } from '../src/analysis/auditBuckets.js';
import { evidence, fail, notAssessed, pass, unsettledReason, unsettledWords } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown } from '../src/model/inventory.js';
import type { Bucket } from '../src/model/types.js';

const FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

function publicAccessProblems(b: Bucket): string[] {
  if (!b.publicAccessBlock) {
    // S3 turns the block on for buckets created since April 2023, but nothing in the input keeps it on.
    return ['no public access block is configured for the bucket'];
  }
  const pab = b.publicAccessBlock;
  return FLAGS.filter((f) => pab[f] !== true).map((f) => `${f} is ${String(pab[f] ?? 'unknown')}`);
}

export const rule: Rule = {
  meta: {
    id: 'AUD-007',
    title: 'Audit buckets block all public access and keep versioning on',
    severity: 'medium',
    layer: 4,
    profiles: ['regulated', 'highest-trust'],
    rationale:
      'Logs name principals, resources and (for invocation logs) prompts: a public audit bucket leaks them. Versioning keeps overwritten or deleted log objects recoverable.',
    remediation:
      'Add `aws_s3_bucket_public_access_block` with all four flags `true`, and `aws_s3_bucket_versioning` with `status = "Enabled"` (Object Lock keeps versioning on by itself).',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
    ],
    reads: ['Bucket', 'Trail', 'InvocationLogging'],
  },
  check(inventory, { config }) {
    const expected = 'all four public access block flags true; versioning Enabled';
    return auditBucketTargets(inventory, config).map((t): RuleResult => {
      const res = targetResource(t);
      const b = t.bucket;
      if (!b)
        return notAssessed(res, 'out-of-scope', {
          message: `Audit bucket ${t.name ?? '(name unknown)'} (used by ${viaText(t)}) is not managed by this input: scan its stack too`,
          evidence: [{ path: 'publicAccessBlock', observed: null, expected, source: t.via[0] }],
        });
      const ev = [
        evidence(b, 'publicAccessBlock', b.publicAccessBlock ?? null, 'all four flags true'),
        evidence(b, 'versioning', b.versioning, 'Enabled'),
      ];
      const problems = publicAccessProblems(b);
      const unknown = ['publicAccessBlock', 'versioning'].filter((f) => isUnknown(b, f));
      if (b.versioning !== undefined && b.versioning !== 'Enabled' && !isUnknown(b, 'versioning'))
        problems.push(`versioning is ${b.versioning}`);
      if (problems.some((p) => !p.endsWith('unknown')))
        return fail(res, { message: `Audit bucket: ${problems.join('; ')}`, evidence: ev });
      if (unknown.length || problems.length)
        return notAssessed(res, unsettledReason(b, 'publicAccessBlock', 'versioning'), {
          message: `Audit bucket settings ${unsettledWords(b, 'publicAccessBlock', 'versioning').words}: ${[...unknown, ...problems].join(', ')}`,
          evidence: ev,
        });
      return pass(res, { message: 'Public access is blocked and versioning is on', evidence: ev });
    });
  },
};
