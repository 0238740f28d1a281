import { isBedrockServiceRole } from '../src/analysis/identity.js';
import { allHolders, holderGrants, policyAttachments, type HolderGrants } from '../src/analysis/invocation.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import type { IamRole } from '../src/model/types.js';
import { INVOKE_ACTIONS } from '../src/analysis/bedrockArns.js';
import { statementCoversAction } from '../src/policy/analysis.js';
import { deniesOutsideVpc, vpcSourceCondition } from '../src/policy/conditions.js';

const EXPECTED =
  'every Allow of Bedrock invocation conditioned on aws:SourceVpce or aws:SourceVpc (or a Deny outside them)';

function judge(h: HolderGrants, attachedTo: IamRole[] | undefined): RuleResult | undefined {
  if (h.grants.length === 0 && h.gaps.length === 0) return undefined;
  const res = resourceOf(h.holder);
  const serviceOnly =
    h.holder.kind === 'IamRole'
      ? isBedrockServiceRole(h.holder)
      : h.holder.kind === 'IamPolicy' &&
        attachedTo !== undefined &&
        attachedTo.length > 0 &&
        attachedTo.every(isBedrockServiceRole);
  if (serviceOnly) {
    return notAssessed(res, 'not-applicable', {
      message:
        'Assumed only by bedrock.amazonaws.com: the service calls models from inside Bedrock, not through the VPC endpoint',
      evidence: [evidence(h.holder, 'trustPolicy', 'bedrock.amazonaws.com', 'a principal inside the boundary')],
    });
  }
  // A Deny of invocation from outside named endpoints bounds every Allow of the same policies.
  const fence = h.statements
    .filter((s) => INVOKE_ACTIONS.every((a) => statementCoversAction(s, a)))
    .map(deniesOutsideVpc)
    .find((d): d is string => d !== undefined);
  const open: Array<{ text: string; source: string }> = [];
  const bound: string[] = [];
  for (const g of h.grants) {
    const cond = vpcSourceCondition(g.stmt) ?? (fence ? `Deny ${fence}` : undefined);
    if (cond) bound.push(`${g.label}: ${cond}`);
    else
      open.push({
        text: `${g.label} allows invocation from anywhere (no aws:SourceVpce / aws:SourceVpc condition)`,
        source: g.source,
      });
  }
  if (open.length)
    return fail(res, {
      message: open.map((o) => o.text).join('; '),
      evidence: open.map((o) => evidence(h.holder, 'policy', o.text, EXPECTED, o.source)),
    });
  if (h.gaps.length) {
    return notAssessed(res, h.gapReason, {
      message: `Policies that may grant Bedrock invocation cannot be read: ${h.gaps.map((g) => g.what).join('; ')}`,
      evidence: h.gaps.map((g) => evidence(h.holder, 'policy', g.observed, EXPECTED, g.source)),
    });
  }
  return pass(res, {
    message: `Bedrock invocation bound to the boundary: ${bound.join('; ')}`,
    evidence: h.grants.map((g, i) => evidence(h.holder, 'policy', bound[i], EXPECTED, g.source)),
  });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-004',
    title: "Bedrock invocation requires the call to come through the boundary's endpoint",
    severity: 'high',
    layer: 3,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Without an aws:SourceVpce (or aws:SourceVpc) condition, credentials taken out of the boundary can invoke models over the public Bedrock endpoint. Roles that only Bedrock assumes (agents, knowledge bases) call models inside the service and are not held to it.',
    remediation:
      'Add `condition { test = "StringEquals", variable = "aws:SourceVpce", values = [aws_vpc_endpoint.bedrock_runtime.id] }` to every statement that allows `bedrock:InvokeModel*`, or a Deny of `bedrock:InvokeModel*` with `StringNotEquals aws:SourceVpce`.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/vpc-interface-endpoints.html',
    ],
    reads: ['IamRole', 'IamUser', 'IamPolicy'],
  },
  check(inventory) {
    const attachments = policyAttachments(inventory);
    return allHolders(inventory)
      .map((h) => judge(holderGrants(h), h.kind === 'IamPolicy' ? attachments.get(h) : undefined))
      .filter((r): r is RuleResult => r !== undefined);
  },
};
