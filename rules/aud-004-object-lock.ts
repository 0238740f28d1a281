import {
  auditBucketTargets,
  DAYS_PER_YEAR,
  retentionDays,
  targetResource,
  viaText,
} from '../src/analysis/auditBuckets.js';
import { evidence, fail, notAssessed, pass, unsettledReason, unsettledWords } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'AUD-004',
    title: 'Audit buckets have Object Lock in COMPLIANCE mode with the minimum retention',
    severity: 'critical',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Logs that an administrator can delete prove nothing. Object Lock in COMPLIANCE mode keeps every object for the retention period whoever asks, the root user included; GOVERNANCE mode can be bypassed with s3:BypassGovernanceRetention.',
    remediation:
      'Create the bucket with `object_lock_enabled = true` and add an `aws_s3_bucket_object_lock_configuration` with `rule { default_retention { mode = "COMPLIANCE", years = 7 } }` (at least `minRetentionYears`; one year is 365 days).',
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html'],
    reads: ['Bucket', 'Trail', 'InvocationLogging'],
  },
  check(inventory, { config }) {
    const minDays = config.minRetentionYears * DAYS_PER_YEAR;
    const expected = `Object Lock enabled, default retention COMPLIANCE for at least ${config.minRetentionYears} year(s) (${minDays} days)`;
    return auditBucketTargets(inventory, config).map((t): RuleResult => {
      const res = targetResource(t);
      const b = t.bucket;
      if (!b)
        return notAssessed(res, 'out-of-scope', {
          message: `Audit bucket ${t.name ?? '(name unknown)'} (used by ${viaText(t)}) is not managed by this input: scan its stack too`,
          evidence: [{ path: 'bucket', observed: t.name ?? null, expected, source: t.via[0] }],
        });
      const days = retentionDays(b);
      const ev = [
        evidence(b, 'objectLockEnabled', b.objectLockEnabled, 'true'),
        evidence(b, 'objectLockMode', b.objectLockMode, 'COMPLIANCE'),
        evidence(
          b,
          b.objectLockYears !== undefined ? 'objectLockYears' : 'objectLockDays',
          b.objectLockYears ?? b.objectLockDays,
          `>= ${config.minRetentionYears} year(s) / ${minDays} days`,
        ),
      ];
      const unknown = (['objectLockEnabled', 'objectLockMode', 'objectLockDays', 'objectLockYears'] as const).filter(
        (f) => isUnknown(b, f),
      );
      if (b.objectLockEnabled === false)
        return fail(res, { message: `Audit bucket (used by ${viaText(t)}) has no Object Lock`, evidence: ev });
      if (unknown.length)
        return notAssessed(
          res,
          unsettledReason(b, 'objectLockEnabled', 'objectLockMode', 'objectLockDays', 'objectLockYears'),
          {
            message: `Object Lock settings ${unsettledWords(b, ...unknown).words}: ${unknown.join(', ')}`,
            evidence: ev,
          },
        );
      if (!b.objectLockMode)
        return fail(res, {
          message:
            'Object Lock is on but has no default retention: objects are not locked unless each writer sets a retention',
          evidence: ev,
        });
      const problems: string[] = [];
      if (b.objectLockMode !== 'COMPLIANCE')
        problems.push(`retention mode is ${b.objectLockMode} (can be bypassed), not COMPLIANCE`);
      if (days === undefined || days < minDays)
        problems.push(`retention is ${days ?? 0} days, below the minimum of ${minDays}`);
      if (problems.length) return fail(res, { message: `Audit bucket: ${problems.join('; ')}`, evidence: ev });
      return pass(res, { message: `Object Lock COMPLIANCE for ${days} days`, evidence: ev });
    });
  },
};
