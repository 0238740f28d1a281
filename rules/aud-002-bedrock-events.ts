import { trailCoverage, type TrailCoverage } from '../src/analysis/trailCoverage.js';
import {
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  scopeResource,
  unsettledReason,
  worstReason,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind, type Inventory } from '../src/model/inventory.js';

/** Data resource types every Bedrock workload needs recorded. */
const ALWAYS = ['AWS::Bedrock::Model', 'AWS::Bedrock::AgentAlias'];

/** Further types, needed where the input uses the resource (by Terraform type). */
const WHERE_USED: Record<string, string> = {
  aws_bedrockagent_knowledge_base: 'AWS::Bedrock::KnowledgeBase',
  aws_bedrockagent_flow: 'AWS::Bedrock::FlowAlias',
  aws_bedrock_guardrail: 'AWS::Bedrock::Guardrail',
};

function requiredTypes(inventory: Inventory): string[] {
  const out = new Set(ALWAYS);
  // Knowledge bases and guardrails are DataStore entities; the other kinds never carry these types.
  for (const e of ofKind(inventory, 'DataStore')) {
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
    const required = requiredTypes(inventory);
    const expected = `management events (read and write) and data events for ${required.join(', ')}`;
    const trails = ofKind(inventory, 'Trail').filter((t) => t.logging !== false);
    if (trails.length === 0) {
      return [
        fail(scopeResource(inventory), {
          message: 'No logging CloudTrail trail records Bedrock activity',
          evidence: [{ path: 'trails', observed: [], expected, source: 'inventory' }],
        }),
      ];
    }
    // Coverage may be split across trails (one for management, one for data): judge their union.
    const union: TrailCoverage = {
      managementRead: false,
      managementWrite: false,
      dataTypes: new Set(),
      partialDataTypes: new Map(),
    };
    const unknown = trails.filter((t) => isUnknown(t, 'eventSelectors') || isUnknown(t, 'advancedEventSelectors'));
    const perTrail = new Map(trails.map((t) => [t, trailCoverage(t)]));
    for (const cov of perTrail.values()) {
      union.managementRead ||= cov.managementRead;
      union.managementWrite ||= cov.managementWrite;
      for (const d of cov.dataTypes) union.dataTypes.add(d);
      for (const [d, why] of cov.partialDataTypes)
        if (!union.partialDataTypes.has(d)) union.partialDataTypes.set(d, why);
    }
    const { missing, partial } = gaps(union, required);
    return trails.map((t): RuleResult => {
      const cov = perTrail.get(t) as TrailCoverage;
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
    });
  },
};
