import { evidence, fail, notAssessed, pass, resourceOf, unsettledReason } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { IamUser } from '../src/model/types.js';

const EXPECTED = 'no active access keys (workloads use roles; humans federate)';

function judge(user: IamUser): RuleResult {
  const res = resourceOf(user);
  if (isUnknown(user, 'accessKeys'))
    return notAssessed(res, unsettledReason(user, 'accessKeys'), {
      message: "The user's access keys could not be read",
      evidence: [evidence(user, 'accessKeys', '(unknown)', EXPECTED)],
    });
  const active = user.accessKeys.filter((k) => (k.status ?? 'Active') === 'Active');
  if (active.length) {
    return fail(res, {
      message: `${active.length} long-lived access key(s): ${active.map((k) => k.id ?? k.origin).join(', ')}`,
      evidence: active.map((k) =>
        evidence(
          user,
          'accessKeys',
          { id: k.id ?? '(known after apply)', status: k.status ?? 'Active' },
          EXPECTED,
          k.origin,
        ),
      ),
    });
  }
  const inactive = user.accessKeys.length - active.length;
  return pass(res, {
    message: inactive ? `Only inactive access keys (${inactive})` : 'No access keys',
    evidence: [
      evidence(
        user,
        'accessKeys',
        user.accessKeys.map((k) => ({ id: k.id ?? null, status: k.status ?? null })),
        EXPECTED,
      ),
    ],
  });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-001',
    title: 'No long-lived IAM access keys',
    severity: 'critical',
    layer: 3,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'An access key is a bearer credential that works from anywhere until someone revokes it: copied out of the boundary, it reaches the account over the internet. Roles give workloads short-lived credentials and bind them to where the workload runs.',
    remediation:
      'Remove `aws_iam_access_key` resources; give workloads an `aws_iam_role` (instance profile, task role, IRSA) and let people federate through IAM Identity Center or SAML/OIDC.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    ],
    reads: ['IamUser'],
  },
  check(inventory) {
    return ofKind(inventory, 'IamUser').map(judge);
  },
};
