import { isSpecificModelArn } from '../src/analysis/bedrockArns.js';
import { allHolders, holderGrants, type HolderGrants } from '../src/analysis/invocation.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { UNKNOWN_VALUE } from '../src/policy/conditions.js';

const EXPECTED = 'Bedrock invocation only on specific foundation-model / inference-profile ARNs (or allowedModelArns)';

function judge(h: HolderGrants, allowed: readonly string[]): RuleResult | undefined {
  if (h.grants.length === 0 && h.gaps.length === 0) return undefined;
  const res = resourceOf(h.holder);
  const problems: Array<{ text: string; source: string }> = [];
  const held: string[] = [];
  for (const g of h.grants) {
    const via = `${g.grant.actions.join(', ')}`;
    if (g.grant.viaNotResource) {
      problems.push({
        text: `${g.label} grants ${via} on everything but ${g.grant.resources.join(', ')} (NotResource)`,
        source: g.source,
      });
      continue;
    }
    // An ARN created by the same plan (unknown until apply) names one specific model or profile.
    const broad = g.grant.resources.filter((r) => r !== UNKNOWN_VALUE && !isSpecificModelArn(r, allowed));
    if (broad.length) problems.push({ text: `${g.label} grants ${via} on ${broad.join(', ')}`, source: g.source });
    else held.push(`${g.label}: ${g.grant.resources.join(', ')}`);
  }
  if (problems.length) {
    return fail(res, {
      message: `Bedrock invocation is not limited to specific models: ${problems.map((p) => p.text).join('; ')}`,
      evidence: problems.map((p) => evidence(h.holder, 'policy', p.text, EXPECTED, p.source)),
    });
  }
  if (h.gaps.length) {
    return notAssessed(res, h.gapReason, {
      message: `Policies that may grant Bedrock invocation cannot be read: ${h.gaps.map((g) => g.what).join('; ')}`,
      evidence: h.gaps.map((g) => evidence(h.holder, 'policy', g.observed, EXPECTED, g.source)),
    });
  }
  return pass(res, {
    message: `Bedrock invocation limited to specific models: ${held.join('; ')}`,
    evidence: h.grants.map((g) => evidence(h.holder, 'policy', g.grant.resources, EXPECTED, g.source)),
  });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-003',
    title: 'Bedrock invocation is granted on specific model ARNs only',
    severity: 'high',
    layer: 3,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'bedrock:InvokeModel on "*" (also through bedrock:*, bedrock:Invoke* or "*") lets the holder call any model, including cross-region and global inference profiles that move prompts out of the allowed regions, and models nobody has approved.',
    remediation:
      'In the role or policy (`aws_iam_role_policy`, `aws_iam_policy`, `aws_iam_policy_document`), grant `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream` on `arn:aws:bedrock:<region>::foundation-model/<model-id>` or `arn:aws:bedrock:<region>:<account>:inference-profile/<id>` ARNs, listed in `allowedModelArns`; never `*` or NotResource.',
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/security_iam_id-based-policy-examples.html',
      'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html',
    ],
    reads: ['IamRole', 'IamUser', 'IamPolicy'],
  },
  check(inventory, { config }) {
    return allHolders(inventory)
      .map((h) => judge(holderGrants(h), config.allowedModelArns))
      .filter((r): r is RuleResult => r !== undefined);
  },
};
