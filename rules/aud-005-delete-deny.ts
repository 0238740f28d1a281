import { PART_UNKNOWN, policyVerdict } from '../src/analysis/policyVerdict.js';
import { auditBucketTargets, targetResource, viaText } from '../src/analysis/auditBuckets.js';
import { DELETE_ACTIONS, deleteDenial } from '../src/analysis/s3DeleteProtection.js';
import { evidence, fail, notAssessed, pass } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';

export const rule: Rule = {
  meta: {
    id: 'AUD-005',
    title: 'Audit bucket policies deny object deletion',
    severity: 'critical',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'An explicit Deny of s3:DeleteObject and s3:DeleteObjectVersion to every principal stops anyone, including administrators of the log-archive account, from removing log objects or their versions; it also guards the logs before Object Lock retention applies.',
    remediation:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the remediation quotes Terraform interpolation syntax for the user to copy.
      'In the bucket policy (`aws_s3_bucket_policy`), add a statement `Effect = "Deny"`, `Principal = "*"`, `Action = ["s3:DeleteObject", "s3:DeleteObjectVersion"]` (or `s3:Delete*`), `Resource = "${aws_s3_bucket.audit.arn}/*"`, without conditions.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html',
      'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html',
    ],
    reads: ['Bucket', 'Trail', 'InvocationLogging'],
  },
  check(inventory, { config }) {
    const expected =
      "an unconditioned Deny of s3:DeleteObject and s3:DeleteObjectVersion to every principal on the bucket's objects";
    return auditBucketTargets(inventory, config).map((t): RuleResult => {
      const res = targetResource(t);
      const b = t.bucket;
      if (!b)
        return notAssessed(res, 'out-of-scope', {
          message: `Audit bucket ${t.name ?? '(name unknown)'} (used by ${viaText(t)}) is not managed by this input: scan its stack too`,
          evidence: [{ path: 'policy', observed: null, expected, source: t.via[0] }],
        });
      const p = policyVerdict(b, 'policy', 'Bucket policy');
      if (p.state === 'default')
        return fail(res, {
          message: `Audit bucket (used by ${viaText(t)}) has no bucket policy: nothing denies deletion`,
          evidence: [evidence(b, 'policy', null, expected)],
        });
      if (p.state === 'unsettled')
        return notAssessed(res, p.reason, {
          message: p.message,
          evidence: [evidence(b, 'policy', p.observed, expected, p.origin)],
        });
      const { denied, deniedIfResourceNamesObjects, partial } = deleteDenial(p.doc, b.bucketName ?? t.name);
      const missing = DELETE_ACTIONS.filter((a) => !denied.includes(a));
      const ev = [
        evidence(
          b,
          'policy',
          { deniedToEveryone: denied, partialDenies: partial.map((x) => `${x.label} ${x.why}`) },
          expected,
          p.origin,
        ),
      ];
      if (missing.length === 0)
        return pass(res, {
          message: 'Bucket policy denies DeleteObject and DeleteObjectVersion to everyone',
          evidence: ev,
        });
      if (missing.every((a) => deniedIfResourceNamesObjects.includes(a))) {
        return notAssessed(res, PART_UNKNOWN, {
          message: `The Deny of ${missing.join(' and ')} names a Resource unknown until apply: it holds if that is the bucket's objects (".../*")`,
          evidence: ev,
        });
      }
      const carveOuts = partial.length ? ` (${partial.map((x) => `${x.label} ${x.why}`).join('; ')})` : '';
      return fail(res, {
        message: `Bucket policy does not deny ${missing.join(' and ')} to everyone${carveOuts}`,
        evidence: ev,
      });
    });
  },
};
