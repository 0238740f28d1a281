import {
  absenceAccounts,
  absenceEvidence,
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  scopeResource,
  unreadInAccount,
  unsettledReason,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { inOrganizationOf, isUnknown, trailRecords, ofKind, type Inventory } from '../src/model/inventory.js';
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

const NONE = [
  {
    path: 'trails',
    observed: [],
    expected: 'a multi-region trail with log file validation and global events',
    source: 'inventory',
  },
];

function complete(v: Verdict | undefined): boolean {
  return v !== undefined && v.missing.length === 0 && v.unknown.length === 0;
}

function judgeTrail({ trail, missing, unknown }: Verdict, compliant: Trail | undefined): RuleResult {
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
      message: `Account requirement met by ${compliant.meta.address}; this trail itself lacks ${[...missing, ...unknown].join(', ')}`,
      evidence: ev,
    });
  }
  if (missing.length) return fail(res, { message: `Trail lacks ${missing.join(', ')}`, evidence: ev });
  return notAssessed(res, unsettledReason(trail, ...CHECKS.map((c) => c.field)), {
    message: `Unknown until apply: ${unknown.join(', ')}`,
    evidence: ev,
  });
}

/**
 * An account of several scanned together that holds no trail of its own. An organization trail records it
 * when the input shows the account to be a member of the trail owner's organization; when the input cannot
 * tell, the trail may or may not record it, which is said, never passed.
 */
function judgeAbsence(
  inventory: Inventory,
  account: string,
  trails: Trail[],
  verdicts: Map<Trail, Verdict>,
): RuleResult {
  const scope = scopeResource(inventory, undefined, account);
  const organizational = trails.filter((t) => t.isOrganizationTrail === true && t.meta.account !== undefined);
  const covering = organizational.filter((t) => inOrganizationOf(inventory, account, t.meta.account as string));
  const ev = (observed: Trail[]) => [
    absenceEvidence(
      'trails',
      observed.map((t) => t.meta.address),
      'a multi-region trail with log file validation and global events, its own or its organization trail',
      'inventory',
    ),
  ];
  const compliant = covering.find((t) => complete(verdicts.get(t)));
  if (compliant)
    return pass(scope, {
      message: `No trail of its own; the organization trail ${compliant.meta.address} of management account ${compliant.meta.account} records account ${account}`,
      evidence: ev([compliant]),
    });
  const unsettled = covering.find((t) => verdicts.get(t)?.missing.length === 0);
  if (unsettled)
    return notAssessed(scope, unsettledReason(unsettled, ...CHECKS.map((c) => c.field)), {
      message: `No trail of its own; the organization trail ${unsettled.meta.address} records account ${account}, but its settings are not settled: ${verdicts.get(unsettled)?.unknown.join(', ')}`,
      evidence: ev([unsettled]),
    });
  // A trail whose account the input does not tell, or an organization trail of an organization the input
  // does not show this account in, may record it: not a pass, and no evidence of a failure either.
  const maybe = trails.filter(
    (t) =>
      (t.meta.account === undefined || (organizational.includes(t) && !covering.includes(t))) &&
      verdicts.get(t)?.missing.length === 0,
  );
  if (maybe.length)
    return notAssessed(scope, 'needs-review', {
      message: `No trail of its own in account ${account}; ${maybe.map((t) => t.meta.address).join(', ')} may record it, but the input does not show the account in ${maybe.length > 1 ? 'their' : 'its'} organization (scan with --accounts organizations, or check the membership)`,
      evidence: ev(maybe),
    });
  return fail(scope, {
    message: `No CloudTrail trail in account ${account}${covering.length ? ', and its organization trail lacks what the control needs' : ''}`,
    evidence: covering.length ? ev(covering) : NONE,
  });
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

/**
 * The trails a trail is measured with in a scan of several accounts: those that serve its account, or, for a
 * trail whose account the input does not tell, the others that do not tell theirs either.
 */
function servedWith(inventory: Inventory, trails: readonly Trail[], t: Trail): Trail[] {
  const account = t.meta.account;
  return trails.filter((s) =>
    account === undefined ? s.meta.account === undefined : trailRecords(inventory, s, account),
  );
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
    const accounts = absenceAccounts(inventory);
    if (accounts.length === 1) {
      if (trails.length === 0 && unreadInAccount(inventory, 'Trail', undefined)) return [];
      if (trails.length === 0)
        return [fail(scopeResource(inventory), { message: 'No CloudTrail trail in the input', evidence: NONE })];
      const verdicts = trails.map(verdict);
      const compliant = verdicts.find(complete);
      return verdicts.map((v) => judgeTrail(v, compliant?.trail));
    }
    // Several accounts: each trail is measured against the trails that serve its own account, and an
    // account with no trail of its own is judged on the organization trails that may stand for one.
    const verdicts = new Map(trails.map((t) => [t, verdict(t)]));
    const results = trails.map((t) => {
      const compliant = servedWith(inventory, trails, t).find((s) => complete(verdicts.get(s)));
      return judgeTrail(verdicts.get(t) as Verdict, compliant);
    });
    for (const account of accounts) {
      if (trails.some((t) => t.meta.account === account) || unreadInAccount(inventory, 'Trail', account)) continue;
      results.push(judgeAbsence(inventory, account as string, trails, verdicts));
    }
    return results;
  },
};
