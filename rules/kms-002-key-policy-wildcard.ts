import { trustedCallers } from '../src/analysis/identity.js';
import { defaultPolicySource, keyPolicyOf } from '../src/analysis/keyPolicy.js';
import { PART_UNKNOWN } from '../src/analysis/policyVerdict.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { ofKind, type Inventory } from '../src/model/inventory.js';
import type { KmsKey } from '../src/model/types.js';
import type { AuditConfig } from '../src/config/config.js';
import { resourceStatementIsPublic, statementLabel } from '../src/policy/analysis.js';
import { callerPin } from '../src/policy/conditions.js';

const EXPECTED =
  'no Allow to a wildcard principal unless kms:CallerAccount / aws:PrincipalAccount / aws:PrincipalOrgID (StringEquals, workload or trusted) or aws:PrincipalArn (specific ARNs) pins the caller';

function judge(inventory: Inventory, config: AuditConfig, key: KmsKey): RuleResult {
  const res = resourceOf(key);
  const p = keyPolicyOf(key);
  if (p.state === 'default') {
    return pass(res, {
      message: 'Default key policy: only the account itself is trusted',
      evidence: [evidence(key, 'policy', 'default key policy', EXPECTED, defaultPolicySource(key))],
    });
  }
  if (p.state === 'unsettled')
    return notAssessed(res, p.reason, {
      message: p.message,
      evidence: [evidence(key, 'policy', p.observed, EXPECTED, p.origin)],
    });
  const trusted = trustedCallers(inventory, config, key);
  const open: string[] = [];
  const unknown: string[] = [];
  const review: string[] = [];
  const pinned: string[] = [];
  p.doc.statements.forEach((s, i) => {
    if (s.effect !== 'Allow' || !resourceStatementIsPublic(s)) return;
    const label = statementLabel(s, i);
    const pin = callerPin(s, trusted);
    if (pin.state === 'pinned') pinned.push(`${label}: wildcard principal pinned by ${pin.by}`);
    else if (pin.state === 'unknown') unknown.push(`${label}: ${pin.why}`);
    else if (pin.state === 'needs-review') review.push(`${label}: ${pin.why}`);
    else open.push(`${label} allows any principal (${pin.why})`);
  });
  const source = p.rebuilt ? `${p.origin} (rebuilt from the policy document data source)` : p.origin;
  if (open.length)
    return fail(res, {
      message: `Key policy admits any principal: ${open.join('; ')}`,
      evidence: [evidence(key, 'policy', open, EXPECTED, source)],
    });
  if (unknown.length)
    return notAssessed(res, PART_UNKNOWN, {
      message: `Key policy pins callers with values unknown until apply: ${unknown.join('; ')}`,
      evidence: [evidence(key, 'policy', unknown, EXPECTED, source)],
    });
  if (review.length)
    return notAssessed(res, 'needs-review', {
      message: review.join('; '),
      evidence: [evidence(key, 'policy', review, EXPECTED, source)],
    });
  const observed = pinned.length ? pinned : 'no statement allows a wildcard principal';
  return pass(res, {
    message: pinned.length
      ? `Every wildcard principal is pinned: ${pinned.join('; ')}`
      : 'No key-policy statement allows a wildcard principal',
    evidence: [evidence(key, 'policy', observed, EXPECTED, source)],
  });
}

export const rule: Rule = {
  meta: {
    id: 'KMS-002',
    title: 'Key policies admit no wildcard principal unless a condition pins the caller',
    severity: 'critical',
    layer: 2,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A key policy statement with "Principal": "*" lets any AWS account use the key unless a condition says who the caller is. kms:ViaService or aws:SourceVpce alone does not, since every account can reach the key through S3 or its own endpoint. IfExists operators and wildcard values pin nothing.',
    remediation:
      'In the key policy (`aws_kms_key.policy`, `aws_kms_key_policy` or the `aws_iam_policy_document` that builds it), name principals explicitly, or add a `condition { test = "StringEquals", variable = "kms:CallerAccount" (or "aws:PrincipalAccount" / "aws:PrincipalOrgID"), values = [<workload or trusted account / org>] }` to every statement whose principal is `*`; list trusted accounts and orgs in `trustedAccounts`.',
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html',
      'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid',
    ],
    reads: ['KmsKey'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'KmsKey').map((k) => judge(inventory, config, k));
  },
};
