import { isModelReference, judgeModelReference } from '../src/analysis/modelRegions.js';
import { absenceEvidence, fail, notAssessed, pass, resourceOf, scopesHolding } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { originOf } from '../src/model/inventory.js';
import type { Entity } from '../src/model/types.js';
import type { PolicyValue } from '../src/policy/policyDocument.js';

/** Policies an entity carries, with where each was set. */
function policiesOf(e: Entity): PolicyValue[] {
  switch (e.kind) {
    case 'IamRole':
      return e.inlinePolicies;
    case 'IamUser':
      return e.policies;
    case 'IamPolicy':
    case 'VpcEndpoint':
    case 'Bucket':
    case 'KmsKey':
      return e.policy ? [e.policy] : [];
    default:
      return [];
  }
}

/** Model ARNs an entity names: Resource entries of its policies, and models its configuration names. */
function modelReferences(e: Entity): Array<{ ref: string; source: string }> {
  const out: Array<{ ref: string; source: string }> = [];
  for (const p of policiesOf(e)) {
    if (p.state !== 'known') continue;
    for (const s of p.doc.statements)
      for (const r of s.resource ?? []) if (isModelReference(r)) out.push({ ref: r, source: p.origin });
  }
  if (e.kind === 'DataStore') for (const m of e.modelArns ?? []) out.push({ ref: m, source: originOf(e, 'modelArns') });
  const seen = new Set<string>();
  return out.filter((x) => !seen.has(x.ref) && seen.add(x.ref));
}

export const rule: Rule = {
  meta: {
    id: 'RES-002',
    title: 'Bedrock models and inference profiles stay in allowed regions',
    severity: 'high',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A prompt goes where the model runs. A model ARN in another region, a region wildcard, or a cross-region inference profile whose geography reaches regions outside the allowed set sends prompts and completions there; a global profile may send them to any commercial region.',
    remediation:
      'Name `foundation-model` or `inference-profile` ARNs in allowed regions in policies and in `foundation_model` / `embedding_model_arn`; do not use `global.` profiles; use a geographic profile only when every region of its geography is in `allowedRegions`; list reviewed application inference profiles in `allowedModelArns`.',
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html',
    ],
    reads: ['IamRole', 'IamUser', 'IamPolicy', 'VpcEndpoint', 'DataStore'],
  },
  check(inventory, { config }) {
    const allowed = config.allowedRegions;
    const found = inventory.entities.map((e) => ({ e, refs: modelReferences(e) })).filter((x) => x.refs.length > 0);
    if (allowed.length === 0) {
      return scopesHolding(
        inventory,
        found.map((x) => x.e),
      ).map((scope) =>
        notAssessed(scope, 'not-applicable', {
          message: 'allowedRegions is empty: model regions are not assessed',
          evidence: [
            { path: 'allowedRegions', observed: [], expected: 'the regions where data may live', source: 'config' },
          ],
        }),
      );
    }
    const out: RuleResult[] = [];
    for (const { e, refs } of found) {
      for (const { ref, source } of refs) {
        const v = judgeModelReference(ref, allowed, config.allowedModelArns, e.meta.region);
        const init = {
          message: v.why,
          key: ref,
          evidence: [
            absenceEvidence(
              'modelArn',
              ref,
              `a model or profile whose regions are all in ${allowed.join(', ')}`,
              source ?? e.meta.address,
            ),
          ],
        };
        if (v.state === 'pass') out.push(pass(resourceOf(e), init));
        else if (v.state === 'fail') out.push(fail(resourceOf(e), { ...init, severity: v.severity }));
        else out.push(notAssessed(resourceOf(e), 'needs-review', init));
      }
    }
    return out;
  },
};
