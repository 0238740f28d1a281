import { policyVerdict, verdictOf } from '../src/analysis/policyVerdict.js';
import { heldPolicies, isAssumeStatement } from '../src/analysis/identity.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Reason, Rule, RuleResult } from '../src/engine/types.js';
import { ofKind, type Inventory } from '../src/model/inventory.js';
import type { IamRole } from '../src/model/types.js';
import { isAdminStatement, principalsOf, statementCoversAction, statementLabel } from '../src/policy/analysis.js';
import { ADMIN_MANAGED_POLICIES, awsManagedPolicyName } from '../src/policy/awsManagedPolicies.js';
import { mfaCondition } from '../src/policy/conditions.js';

const EXPECTED = 'IAM principals assume administrative roles only with aws:MultiFactorAuthPresent = true';

interface Power {
  admin: string[];
  gaps: string[];
  /** Why the gaps are gaps: a policy unreadable live outranks one unknown until apply. */
  gapReason: Reason;
}

function powerOf(inventory: Inventory, role: IamRole): Power {
  const out: Power = { admin: [], gaps: [], gapReason: 'needs-review' };
  for (const arn of role.attachedPolicyArns) {
    const name = awsManagedPolicyName(arn);
    if (name && ADMIN_MANAGED_POLICIES.includes(name)) out.admin.push(`attached ${name}`);
  }
  for (const h of heldPolicies(inventory, role)) {
    const v = h.value;
    const verdict = verdictOf(v, h.source, false, h.source);
    if (!v) out.gaps.push(`${h.source} (not in the input)`);
    else if (verdict.state === 'unsettled') {
      out.gaps.push(v.state === 'malformed' ? `${h.source} is malformed` : verdict.message);
      if (verdict.reason !== 'needs-review' && out.gapReason !== 'access-denied') out.gapReason = verdict.reason;
    } else if (verdict.state === 'known' && !awsManagedPolicyName(h.source)) {
      verdict.doc.statements.forEach((s, i) => {
        if (isAdminStatement(s)) out.admin.push(`${h.source} ${statementLabel(s, i)}`);
      });
    }
  }
  return out;
}

function judge(inventory: Inventory, role: IamRole): RuleResult | undefined {
  const power = powerOf(inventory, role);
  if (power.admin.length === 0 && power.gaps.length === 0) return undefined;
  const res = resourceOf(role);
  const t = policyVerdict(role, 'trustPolicy', 'The trust policy', true);
  if (t.state !== 'known') {
    if (power.admin.length === 0) return undefined;
    const why = t.state === 'unsettled' ? t : { reason: 'needs-review' as const, message: 'absent', origin: t.origin };
    return notAssessed(res, why.reason, {
      message: `Administrative role whose trust policy cannot be read (${why.message})`,
      evidence: [evidence(role, 'trustPolicy', null, EXPECTED, why.origin)],
    });
  }
  const withoutMfa: string[] = [];
  const withMfa: string[] = [];
  let federated = false;
  t.doc.statements.forEach((s, i) => {
    if (!isAssumeStatement(s)) return;
    const p = principalsOf(s);
    if (p.federated.length) federated = true;
    if (!(p.wildcard || p.aws.length) || !statementCoversAction(s, 'sts:AssumeRole')) return;
    const mfa = mfaCondition(s);
    if (mfa) withMfa.push(`${statementLabel(s, i)}: ${mfa}`);
    else
      withoutMfa.push(
        `${statementLabel(s, i)} lets ${p.wildcard ? 'any principal' : p.aws.join(', ')} assume it without MFA`,
      );
  });
  const ev = (observed: string[]): ReturnType<typeof evidence>[] => [
    evidence(role, 'trustPolicy', observed, EXPECTED, t.origin),
    evidence(
      role,
      'inlinePolicies',
      power.admin.length ? power.admin : power.gaps,
      'administrative power: Allow * or iam:* on *',
    ),
  ];
  if (withoutMfa.length && power.admin.length)
    return fail(res, {
      message: `Administrative role (${power.admin.join('; ')}) assumable without MFA: ${withoutMfa.join('; ')}`,
      evidence: ev(withoutMfa),
    });
  if (withoutMfa.length)
    return notAssessed(res, power.gapReason, {
      message: `Assumable without MFA, and policies that may make it administrative cannot be read: ${power.gaps.join('; ')}`,
      evidence: ev(withoutMfa),
    });
  if (power.admin.length === 0) return undefined;
  if (withMfa.length)
    return pass(res, { message: `Administrative role requires MFA: ${withMfa.join('; ')}`, evidence: ev(withMfa) });
  if (federated) {
    return notAssessed(res, 'out-of-scope', {
      message:
        'Administrative role assumed only through SAML/OIDC federation: MFA is enforced at the identity provider, which this input does not show',
      evidence: ev(['federated principals only']),
    });
  }
  return notAssessed(res, 'not-applicable', {
    message: 'Administrative role assumed only by AWS services',
    evidence: ev(['service principals only']),
  });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-007',
    title: 'Administrative roles require MFA when IAM principals assume them',
    severity: 'medium',
    layer: 3,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A role with "*" or iam:* on "*" (also through NotAction, or AdministratorAccess / IAMFullAccess / PowerUserAccess) can undo every other control, including the air gap itself. When IAM users or roles assume it with sts:AssumeRole, only an aws:MultiFactorAuthPresent condition makes a stolen key insufficient. Federated roles get MFA at the identity provider, outside this input.',
    remediation:
      'In the admin role\'s `assume_role_policy` add `condition { test = "Bool", variable = "aws:MultiFactorAuthPresent", values = ["true"] }` to every statement that names AWS principals, or assume it only through SAML/OIDC federation with MFA at the identity provider.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent',
    ],
    reads: ['IamRole', 'IamPolicy'],
  },
  check(inventory) {
    return ofKind(inventory, 'IamRole')
      .map((r) => judge(inventory, r))
      .filter((r): r is RuleResult => r !== undefined);
  },
};
