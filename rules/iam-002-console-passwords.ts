import { evidence, fail, notAssessed, pass, resourceOf, unsettledReason } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { IamUser } from '../src/model/types.js';

const EXPECTED = 'no console password: humans sign in through federation';

function judge(user: IamUser): RuleResult {
  const res = resourceOf(user);
  if (isUnknown(user, 'hasConsolePassword') || user.hasConsolePassword === undefined) {
    return notAssessed(res, unsettledReason(user, 'hasConsolePassword'), {
      message: 'Whether the user has a console password is not known',
      evidence: [evidence(user, 'hasConsolePassword', '(unknown)', EXPECTED)],
    });
  }
  if (user.hasConsolePassword)
    return fail(res, {
      message: 'IAM user has a console password',
      evidence: [evidence(user, 'hasConsolePassword', true, EXPECTED)],
    });
  return pass(res, {
    message: 'IAM user has no console password',
    evidence: [evidence(user, 'hasConsolePassword', false, EXPECTED)],
  });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-002',
    title: 'No IAM users with console passwords',
    severity: 'medium',
    layer: 3,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      "Console passwords on IAM users are long-lived secrets managed outside the organisation's identity provider: they escape its MFA, joiner/leaver and session policies. People should federate into roles.",
    remediation:
      'Remove `aws_iam_user_login_profile` resources; grant people access through IAM Identity Center or a SAML/OIDC identity provider and `aws_iam_role`s.',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp'],
    reads: ['IamUser'],
  },
  check(inventory) {
    // Entities made for access keys of users managed elsewhere say nothing about passwords.
    return ofKind(inventory, 'IamUser')
      .filter((u) => u.meta.type === 'aws_iam_user')
      .map(judge);
  },
};
