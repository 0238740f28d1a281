import { policyVerdict } from '../src/analysis/policyVerdict.js';
import { INVOKE_ACTIONS, isSpecificModelArn } from '../src/analysis/bedrockArns.js';
import { parseEndpointService } from '../src/analysis/endpointService.js';
import { inBoundary } from '../src/engine/boundary.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';
import type { VpcEndpoint } from '../src/model/types.js';
import { isFullAccessStatement } from '../src/policy/analysis.js';
import type { PolicyDocument } from '../src/policy/policyDocument.js';

const ALLOWED = new Set(INVOKE_ACTIONS.map((a) => a.toLowerCase()));

/** Problems with a bedrock-runtime endpoint policy: only InvokeModel(+Stream) on specific models. */
function bedrockRuntimeProblems(doc: PolicyDocument, allowedModels: readonly string[]): string[] {
  const problems: string[] = [];
  doc.statements.forEach((s, i) => {
    if (s.effect !== 'Allow') return;
    const label = s.sid ? `statement "${s.sid}"` : `statement ${i}`;
    if (s.notAction) problems.push(`${label} uses NotAction`);
    for (const a of s.action ?? []) if (!ALLOWED.has(a.toLowerCase())) problems.push(`${label} allows ${a}`);
    if (s.notResource) problems.push(`${label} uses NotResource`);
    for (const r of s.resource ?? ['*'])
      if (!isSpecificModelArn(r, allowedModels)) problems.push(`${label} allows resource ${r}`);
  });
  return problems;
}

function judge(ep: VpcEndpoint, allowedModels: readonly string[]): RuleResult {
  const res = resourceOf(ep);
  const expected = 'an endpoint policy narrower than full access';
  const p = policyVerdict(ep, 'policy', 'Endpoint policy');
  if (p.state === 'default')
    return fail(res, {
      message: 'No endpoint policy: AWS applies full access (any principal, any action, any resource)',
      evidence: [evidence(ep, 'policy', null, expected)],
    });
  if (p.state === 'unsettled')
    return notAssessed(res, p.reason, {
      message: p.message,
      evidence: [evidence(ep, 'policy', p.observed, expected, p.origin)],
    });
  const full = p.doc.statements.findIndex(isFullAccessStatement);
  if (full >= 0)
    return fail(res, {
      message: 'Endpoint policy grants full access (Allow * on * to *)',
      evidence: [evidence(ep, 'policy', p.doc.statements[full], expected, p.origin)],
    });
  const service = ep.serviceName ? parseEndpointService(ep.serviceName)?.service : undefined;
  if (service === 'bedrock-runtime') {
    const problems = bedrockRuntimeProblems(p.doc, allowedModels);
    const ev = [
      evidence(
        ep,
        'policy',
        problems.length ? problems : 'InvokeModel / InvokeModelWithResponseStream on specific models',
        'only bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on specific model or inference-profile ARNs',
        p.origin,
      ),
    ];
    if (problems.length)
      return fail(res, {
        message: `bedrock-runtime endpoint policy is too broad: ${problems.join('; ')}`,
        evidence: ev,
      });
    return pass(res, {
      message: 'bedrock-runtime endpoint allows only model invocation on specific models',
      evidence: ev,
    });
  }
  return pass(res, {
    message: 'Endpoint policy is narrower than full access',
    evidence: [evidence(ep, 'policy', `${p.doc.statements.length} statement(s)`, expected, p.origin)],
  });
}

export const rule: Rule = {
  meta: {
    id: 'NET-010',
    title: 'VPC endpoint policies are least-privilege',
    severity: 'high',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'An endpoint without a policy allows any principal to do anything through it, including writing data to buckets and accounts outside the organisation. The bedrock-runtime endpoint should allow only InvokeModel and InvokeModelWithResponseStream (which also authorise Converse and ConverseStream) on named models.',
    remediation:
      'Set `policy` on every `aws_vpc_endpoint` (or an `aws_vpc_endpoint_policy`) naming the principals, actions and resources the workload needs; for bedrock-runtime allow only `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream` on specific `foundation-model/...` or `inference-profile/...` ARNs.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/vpc-interface-endpoints.html',
    ],
    reads: ['VpcEndpoint'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'VpcEndpoint')
      .filter((ep) => inBoundary(inventory, config, ep.vpc))
      .map((ep) => judge(ep, config.allowedModelArns));
  },
};
