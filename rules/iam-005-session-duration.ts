import { evidence, fail, notAssessed, pass, resourceOf, unsettledReason } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { IamRole } from '../src/model/types.js';

function judge(role: IamRole, max: number): RuleResult {
  const res = resourceOf(role);
  const expected = `max_session_duration <= ${max} seconds`;
  if (isUnknown(role, 'maxSessionDuration') || role.maxSessionDuration === undefined) {
    return notAssessed(res, unsettledReason(role, 'maxSessionDuration'), {
      message: 'The maximum session duration is not known',
      evidence: [evidence(role, 'maxSessionDuration', '(unknown)', expected)],
    });
  }
  const ev = [evidence(role, 'maxSessionDuration', role.maxSessionDuration, expected)];
  if (role.maxSessionDuration > max)
    return fail(res, { message: `Sessions may last ${role.maxSessionDuration} s, longer than ${max} s`, evidence: ev });
  return pass(res, { message: `Sessions last at most ${role.maxSessionDuration} s`, evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'IAM-005',
    title: 'Role sessions are short',
    severity: 'medium',
    layer: 3,
    profiles: ['regulated', 'highest-trust'],
    rationale:
      'A role session is a bearer credential until it expires; long sessions keep stolen credentials useful for hours after access should have ended.',
    remediation: 'Set `max_session_duration` on each `aws_iam_role` to at most `maxSessionSeconds` (default 3600).',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration',
    ],
    reads: ['IamRole'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'IamRole').map((r) => judge(r, config.maxSessionSeconds));
  },
};
