import { PART_UNKNOWN, policyVerdict } from '../src/analysis/policyVerdict.js';
import { isAssumeStatement, oidcIssuer, trustedCallers } from '../src/analysis/identity.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import type { AuditConfig } from '../src/config/config.js';
import { ofKind, type Inventory } from '../src/model/inventory.js';
import type { IamRole } from '../src/model/types.js';
import { principalsOf, statementLabel } from '../src/policy/analysis.js';
import { callerPin, oidcSubjectPin } from '../src/policy/conditions.js';

const EXPECTED =
  'no wildcard principal unless a condition pins the caller; OIDC trust pins the token subject (<issuer>:sub)';

/** Cognito identity pools carry the pool in `aud`, not a CI subject. */
function claimFor(issuer: string): string {
  return issuer === 'cognito-identity.amazonaws.com' ? 'aud' : 'sub';
}

function judge(inventory: Inventory, config: AuditConfig, role: IamRole): RuleResult {
  const res = resourceOf(role);
  const t = policyVerdict(role, 'trustPolicy', 'The trust policy', true);
  if (t.state !== 'known') {
    // A trust policy is required: `default` cannot happen, and is read as not in the input.
    const why =
      t.state === 'unsettled'
        ? t
        : {
            reason: 'needs-review' as const,
            message: 'The trust policy is not known',
            observed: null,
            origin: t.origin,
          };
    return notAssessed(res, why.reason, {
      message: why.message,
      evidence: [evidence(role, 'trustPolicy', why.observed, EXPECTED, why.origin)],
    });
  }
  const trusted = trustedCallers(inventory, config, role);
  const open: string[] = [];
  const gaps: string[] = [];
  const held: string[] = [];
  t.doc.statements.forEach((s, i) => {
    if (!isAssumeStatement(s)) return;
    const label = statementLabel(s, i);
    const p = principalsOf(s);
    if (p.wildcard) {
      const pin = callerPin(s, trusted);
      if (pin.state === 'pinned') held.push(`${label}: wildcard pinned by ${pin.by}`);
      else if (pin.state === 'not-pinned') open.push(`${label} lets any principal assume the role (${pin.why})`);
      else gaps.push(`${label}: ${pin.why}`);
    }
    for (const f of p.federated) {
      const issuer = oidcIssuer(f);
      if (!issuer) continue;
      const claim = claimFor(issuer);
      const pin = oidcSubjectPin(s, issuer, claim);
      if (pin) held.push(`${label}: ${issuer} pinned by ${pin}`);
      else
        open.push(
          `${label} trusts ${issuer} without pinning ${issuer}:${claim}, so every token of that issuer can assume the role`,
        );
    }
  });
  const ev = (observed: string[]): ReturnType<typeof evidence>[] => [
    evidence(role, 'trustPolicy', observed, EXPECTED, t.origin),
  ];
  if (open.length) return fail(res, { message: open.join('; '), evidence: ev(open) });
  if (gaps.length)
    return notAssessed(res, gaps.some((g) => g.includes('unknown until apply')) ? PART_UNKNOWN : 'needs-review', {
      message: gaps.join('; '),
      evidence: ev(gaps),
    });
  return pass(res, {
    message: held.length ? held.join('; ') : 'Trust policy names specific principals',
    evidence: ev(held.length ? held : ['specific principals only']),
  });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-006',
    title: 'Trust policies admit no wildcard principal and pin OIDC subjects',
    severity: 'high',
    layer: 3,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A trust policy with "Principal": "*" and no condition pinning the caller lets any AWS account assume the role. An OIDC trust (GitHub Actions, GitLab, Terraform Cloud) without a subject condition lets every repository or pipeline of that issuer, anyone\'s, assume it.',
    remediation:
      'In `assume_role_policy`, name the principals (`principals { type = "AWS", identifiers = [<role ARN>] }`), or pin a wildcard with `aws:PrincipalAccount` / `aws:PrincipalOrgID`; for OIDC add `condition { test = "StringEquals", variable = "token.actions.githubusercontent.com:sub", values = ["repo:<org>/<repo>:ref:refs/heads/main"] }` (and `:aud`).',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    ],
    reads: ['IamRole'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'IamRole').map((r) => judge(inventory, config, r));
  },
};
