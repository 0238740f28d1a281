import { trailCoverage, type TrailCoverage } from '../src/analysis/trailCoverage.js';
import {
  absenceAccounts,
  absenceEvidence,
  evidence,
  fail,
  inAccount,
  notAssessed,
  pass,
  resourceOf,
  scopeResource,
  unreadInAccount,
  unsettledReason,
  worstReason,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, trailRecords, ofKind, type Inventory } from '../src/model/inventory.js';
import type { Trail } from '../src/model/types.js';

/** Data resource types every Bedrock workload needs recorded. */
const ALWAYS = ['AWS::Bedrock::Model', 'AWS::Bedrock::AgentAlias'];

/** Further types, needed where the input uses the resource (by Terraform type). */
const WHERE_USED: Record<string, string> = {
  aws_bedrockagent_knowledge_base: 'AWS::Bedrock::KnowledgeBase',
  aws_bedrockagent_flow: 'AWS::Bedrock::FlowAlias',
  aws_bedrock_guardrail: 'AWS::Bedrock::Guardrail',
};

/** The types an account needs recorded (`undefined`: the inventory's single scope). */
function requiredTypes(inventory: Inventory, account: string | undefined): string[] {
  const out = new Set(ALWAYS);
  // Knowledge bases and guardrails are DataStore entities; the other kinds never carry these types.
  for (const e of ofKind(inventory, 'DataStore')) {
    if (!inAccount(e, account)) continue;
    const t = WHERE_USED[e.meta.type];
    if (t) out.add(t);
  }
  return [...out];
}

function gaps(cov: TrailCoverage, required: readonly string[]): { missing: string[]; partial: string[] } {
  const missing: string[] = [];
  const partial: string[] = [];
  if (!cov.managementRead)
    missing.push('management read events (InvokeModel, Converse and their streaming forms are management events)');
  if (!cov.managementWrite) missing.push('management write events');
  for (const t of required) {
    if (cov.dataTypes.has(t)) continue;
    const why = cov.partialDataTypes.get(t);
    if (why) partial.push(`${t} data events (${why})`);
    else missing.push(`${t} data events`);
  }
  return { missing, partial };
}

function expectedFor(required: readonly string[]): string {
  return `management events (read and write) and data events for ${required.join(', ')}`;
}

/** What the trails record together: coverage may be split across trails (one for management, one for data). */
function unionOf(trails: readonly Trail[]): TrailCoverage {
  const union: TrailCoverage = {
    managementRead: false,
    managementWrite: false,
    dataTypes: new Set(),
    partialDataTypes: new Map(),
  };
  for (const t of trails) {
    const cov = trailCoverage(t);
    union.managementRead ||= cov.managementRead;
    union.managementWrite ||= cov.managementWrite;
    for (const d of cov.dataTypes) union.dataTypes.add(d);
    for (const [d, why] of cov.partialDataTypes) if (!union.partialDataTypes.has(d)) union.partialDataTypes.set(d, why);
  }
  return union;
}

function unknownSelectors(trails: readonly Trail[]): Trail[] {
  return trails.filter((t) => isUnknown(t, 'eventSelectors') || isUnknown(t, 'advancedEventSelectors'));
}

/** One trail, judged on the union of the trails that serve its account (`serving`, itself among them). */
function judgeTrail(t: Trail, serving: readonly Trail[], required: readonly string[]): RuleResult {
  const expected = expectedFor(required);
  const { missing, partial } = gaps(unionOf(serving), required);
  const unknown = unknownSelectors(serving);
  const cov = trailCoverage(t);
  const observed = {
    management: { read: cov.managementRead, write: cov.managementWrite },
    dataEvents: [...cov.dataTypes].sort(),
    partial: Object.fromEntries(cov.partialDataTypes),
  };
  const ev = [
    evidence(t, t.advancedEventSelectors.length ? 'advancedEventSelectors' : 'eventSelectors', observed, expected),
  ];
  const res = resourceOf(t);
  if (missing.length === 0 && partial.length === 0) {
    const own = gaps(cov, required);
    const message =
      own.missing.length || own.partial.length
        ? "The account's trails together record Bedrock management and data events"
        : 'Trail records Bedrock management events and data events';
    return pass(res, { message, evidence: ev });
  }
  if (unknown.length)
    return notAssessed(
      res,
      worstReason(unknown.map((u) => unsettledReason(u, 'eventSelectors', 'advancedEventSelectors'))),
      {
        message: `Event selectors of ${unknown.map((u) => u.meta.address).join(', ')} are unknown until apply`,
        evidence: ev,
      },
    );
  if (missing.length)
    return fail(res, {
      message: `No trail records ${missing.join('; ')}${partial.length ? `; only in part: ${partial.join('; ')}` : ''}`,
      evidence: ev,
    });
  return notAssessed(res, 'needs-review', {
    message: `Recorded only in part: ${partial.join('; ')}: check that the narrowed selectors cover every resource the workload uses`,
    evidence: ev,
  });
}

/**
 * An account of several scanned together with no logging trail of its own: the organization trails the
 * input shows to record it are judged for it; one that may record it (membership not shown, or a trail
 * whose account the input does not tell) leaves it not assessed rather than failed or passed.
 */
function judgeAbsence(inventory: Inventory, account: string, trails: readonly Trail[]): RuleResult {
  const required = requiredTypes(inventory, account);
  const expected = expectedFor(required);
  const scope = scopeResource(inventory, undefined, account);
  const serving = trails.filter((s) => trailRecords(inventory, s, account));
  const maybe = trails.filter(
    (t) => !serving.includes(t) && (t.meta.account === undefined || t.isOrganizationTrail === true),
  );
  const ev = (list: readonly Trail[]) => [
    absenceEvidence(
      'trails',
      list.map((t) => t.meta.address),
      expected,
      'inventory',
    ),
  ];
  if (serving.length > 0) {
    const names = serving.map((t) => t.meta.address).join(', ');
    const { missing, partial } = gaps(unionOf(serving), required);
    const unknown = unknownSelectors(serving);
    if (missing.length === 0 && partial.length === 0)
      return pass(scope, {
        message: `No trail of its own; the organization trail ${names} records Bedrock management and data events for account ${account}`,
        evidence: ev(serving),
      });
    if (unknown.length)
      return notAssessed(
        scope,
        worstReason(unknown.map((u) => unsettledReason(u, 'eventSelectors', 'advancedEventSelectors'))),
        {
          message: `Event selectors of ${unknown.map((u) => u.meta.address).join(', ')} are not settled`,
          evidence: ev(serving),
        },
      );
    if (missing.length && maybe.length === 0)
      return fail(scope, {
        message: `No trail of its own, and the organization trail ${names} does not record ${missing.join('; ')}`,
        evidence: ev(serving),
      });
    if (missing.length === 0)
      return notAssessed(scope, 'needs-review', {
        message: `Recorded only in part by the organization trail ${names}: ${partial.join('; ')}`,
        evidence: ev(serving),
      });
  }
  if (maybe.length)
    return notAssessed(scope, 'needs-review', {
      message: `No logging trail of its own in account ${account}; ${maybe.map((t) => t.meta.address).join(', ')} may record it, but the input does not show the account in ${maybe.length > 1 ? 'their' : 'its'} organization (scan with --accounts organizations, or check the membership)`,
      evidence: ev(maybe),
    });
  return fail(scope, {
    message: `No logging CloudTrail trail records Bedrock activity in account ${account}`,
    evidence: [{ path: 'trails', observed: [], expected, source: 'inventory' }],
  });
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
    id: 'AUD-002',
    title: 'CloudTrail records Bedrock activity: management events and Bedrock data events',
    severity: 'high',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'CloudTrail records InvokeModel, InvokeModelWithResponseStream, Converse and ConverseStream as management events, so a trail with only data selectors misses every model call. Agent, knowledge-base, flow and guardrail invocations are data events, which trails record only when advanced event selectors name their resource types; the classic `data_resource` accepts only S3, Lambda and DynamoDB.',
    remediation:
      'On the trail, add an `advanced_event_selector` with `eventCategory = Management` (no readOnly filter), and one with `eventCategory = Data` per Bedrock type: `resources.type` `AWS::Bedrock::Model`, `AWS::Bedrock::AgentAlias`, and `AWS::Bedrock::KnowledgeBase`, `FlowAlias`, `Guardrail`, `InlineAgent`, `AsyncInvoke` where used.',
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
    ],
    reads: ['Trail', 'DataStore'],
  },
  check(inventory) {
    const trails = ofKind(inventory, 'Trail').filter((t) => t.logging !== false);
    const accounts = absenceAccounts(inventory);
    if (accounts.length === 1) {
      const required = requiredTypes(inventory, undefined);
      if (trails.length === 0 && unreadInAccount(inventory, 'Trail', undefined)) return [];
      if (trails.length === 0)
        return [
          fail(scopeResource(inventory), {
            message: 'No logging CloudTrail trail records Bedrock activity',
            evidence: [{ path: 'trails', observed: [], expected: expectedFor(required), source: 'inventory' }],
          }),
        ];
      return trails.map((t) => judgeTrail(t, trails, required));
    }
    // Several accounts: each trail is measured with the trails that serve its own account, and an account
    // with no logging trail of its own on the organization trails the input shows to record it.
    const results = trails.map((t) =>
      judgeTrail(t, servedWith(inventory, trails, t), requiredTypes(inventory, t.meta.account)),
    );
    for (const a of accounts) {
      const account = a as string;
      if (trails.some((t) => t.meta.account === account) || unreadInAccount(inventory, 'Trail', account)) continue;
      results.push(judgeAbsence(inventory, account, trails));
    }
    return results;
  },
};
