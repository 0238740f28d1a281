import { defaultPolicySource, keyPolicyOf } from '../src/analysis/keyPolicy.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';
import type { KmsKey } from '../src/model/types.js';
import { renderPolicy } from '../src/policy/render.js';

/** KMS refuses key policies over 32 KB. */
const AWS_LIMIT_BYTES = 32_768;

function judge(key: KmsKey, warnBytes: number): RuleResult {
  const res = resourceOf(key);
  const expected = `at most ${warnBytes} bytes (one purpose per key); never over ${AWS_LIMIT_BYTES} bytes (the KMS limit)`;
  const p = keyPolicyOf(key);
  if (p.state === 'default')
    return pass(res, {
      message: 'Default key policy (a few hundred bytes)',
      evidence: [evidence(key, 'policy', 'default key policy', expected, defaultPolicySource(key))],
    });
  if (p.state === 'unsettled')
    return notAssessed(res, p.reason, {
      message: p.message,
      evidence: [evidence(key, 'policy', p.observed, expected, p.origin)],
    });
  // A rebuilt document is sized as the provider renders aws_iam_policy_document.json: indented JSON.
  const bytes = p.rebuilt ? Buffer.byteLength(renderPolicy(p.doc), 'utf8') : p.bytes;
  const source = p.rebuilt
    ? `${p.origin} (rebuilt from the policy document data source; size as the provider renders it)`
    : p.origin;
  const ev = [evidence(key, 'policy', `${bytes} bytes`, expected, source)];
  if (bytes > AWS_LIMIT_BYTES)
    return fail(res, {
      message: `Key policy is ${bytes} bytes, over the KMS limit of ${AWS_LIMIT_BYTES}: apply will fail`,
      evidence: ev,
      severity: 'high',
    });
  if (bytes > warnBytes)
    return fail(res, {
      message: `Key policy is ${bytes} bytes, over ${warnBytes}: split the key into per-purpose keys`,
      evidence: ev,
      severity: 'medium',
    });
  return pass(res, { message: `Key policy is ${bytes} bytes`, evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'KMS-003',
    title: 'Key policies stay small: one purpose per key, never over the KMS limit',
    severity: 'high',
    layer: 2,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'KMS rejects key policies over 32,768 bytes, so such a key cannot be created or updated. A policy that grows past a few kilobytes is a sign of one key serving many purposes, which widens who can decrypt what and makes the policy hard to review.',
    remediation:
      'Split the `aws_kms_key` into one key per artefact class (logs, secrets, knowledge base, ...) with a short `policy` each; grant services through `kms:ViaService` conditions on the key that serves them rather than listing every principal on one key.',
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#key-policy-document-size',
      'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
    ],
    reads: ['KmsKey'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'KmsKey').map((k) => judge(k, config.keyPolicyWarnBytes));
  },
};
