import {
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  scopeResource,
  unsettledReason,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { Trail } from '../src/model/types.js';

const CHECKS: ReadonlyArray<{
  field: 'multiRegion' | 'logFileValidation' | 'includeGlobalEvents' | 'logging';
  what: string;
}> = [
  { field: 'multiRegion', what: 'multi-region' },
  { field: 'logFileValidation', what: 'log file validation' },
  { field: 'includeGlobalEvents', what: 'global service events' },
  { field: 'logging', what: 'logging on' },
];

interface Verdict {
  trail: Trail;
  missing: string[];
  unknown: string[];
}

function verdict(trail: Trail): Verdict {
  const missing: string[] = [];
  const unknown: string[] = [];
  for (const c of CHECKS) {
    if (isUnknown(trail, c.field) || trail[c.field] === undefined) unknown.push(c.what);
    else if (trail[c.field] !== true) missing.push(c.what);
  }
  return { trail, missing, unknown };
}

export const rule: Rule = {
  meta: {
    id: 'AUD-001',
    title: 'A multi-region CloudTrail trail validates its log files and records global events',
    severity: 'critical',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'The trail is the record of every call made in the account. A single-region trail misses activity in other regions (where data could be sent), a trail without log file validation cannot prove its logs were not altered, and one without global events misses IAM and STS.',
    remediation:
      'Declare an `aws_cloudtrail` with `is_multi_region_trail = true`, `enable_log_file_validation = true` and `include_global_service_events = true` (the default), and leave `enable_logging` on. An organization trail in the management account serves too: scan its plan together with this one or name it in `providedElsewhere`.',
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
    ],
    reads: ['Trail'],
  },
  check(inventory) {
    const trails = ofKind(inventory, 'Trail');
    if (trails.length === 0) {
      return [
        fail(scopeResource(inventory), {
          message: 'No CloudTrail trail in the input',
          evidence: [
            {
              path: 'trails',
              observed: [],
              expected: 'a multi-region trail with log file validation and global events',
              source: 'inventory',
            },
          ],
        }),
      ];
    }
    const verdicts = trails.map(verdict);
    const compliant = verdicts.find((v) => v.missing.length === 0 && v.unknown.length === 0);
    return verdicts.map(({ trail, missing, unknown }): RuleResult => {
      const res = resourceOf(trail);
      const ev = CHECKS.map((c) => evidence(trail, c.field, trail[c.field], 'true'));
      if (missing.length === 0 && unknown.length === 0)
        return pass(res, {
          message: 'Trail is multi-region, validates log files, records global events and is logging',
          evidence: ev,
        });
      if (compliant) {
        // The control is met for the account; this trail is an additional one (data events, a team's trail).
        return pass(res, {
          message: `Account requirement met by ${compliant.trail.meta.address}; this trail itself lacks ${[...missing, ...unknown].join(', ')}`,
          evidence: ev,
        });
      }
      if (missing.length) return fail(res, { message: `Trail lacks ${missing.join(', ')}`, evidence: ev });
      return notAssessed(res, unsettledReason(trail, ...CHECKS.map((c) => c.field)), {
        message: `Unknown until apply: ${unknown.join(', ')}`,
        evidence: ev,
      });
    });
  },
};
