import { defaultPolicySource, keyPolicyOf } from '../src/analysis/keyPolicy.js';
import {
  absenceAccounts,
  evidence,
  fail,
  inAccount,
  notAssessed,
  pass,
  resourceOf,
  scopeResource,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { ofKind, resolve, type Inventory } from '../src/model/inventory.js';
import type { ComputeWorkload, KmsKey } from '../src/model/types.js';
import { statementCoversAction } from '../src/policy/analysis.js';
import type { PolicyStatement } from '../src/policy/policyDocument.js';

/** What an enclave uses a key for: these are the calls attestation must gate. */
const RECIPIENT_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateRandom', 'kms:DeriveSharedSecret'];
const ATTESTATION_PREFIX = 'kms:recipientattestation:';

function hasAttestation(s: PolicyStatement): boolean {
  return Object.values(s.condition).some((keys) => Object.keys(keys).some((k) => k.startsWith(ATTESTATION_PREFIX)));
}

/** The account root delegates to IAM: it is the administrators' statement, not the enclave's. */
function onlyAccountRoot(s: PolicyStatement): boolean {
  if (!s.principal || s.principal === '*') return false;
  const ids = Object.entries(s.principal).flatMap(([kind, list]) => (kind === 'AWS' ? list : ['(other)']));
  return ids.length > 0 && ids.every((id) => /^(arn:aws[a-z-]*:iam::)?\d{12}(:root)?$/.test(id));
}

function judgeKey(key: KmsKey, users: string[]): RuleResult {
  const res = resourceOf(key);
  const expected =
    'Decrypt/GenerateDataKey granted to the enclave role only under a kms:RecipientAttestation:* condition';
  const p = keyPolicyOf(key);
  if (p.state === 'unsettled')
    return notAssessed(res, p.reason, {
      message: p.message,
      evidence: [evidence(key, 'policy', p.observed, expected, p.origin)],
    });
  // The default key policy trusts the account root only: no statement grants the enclave anything.
  const statements = p.state === 'known' ? p.doc.statements : [];
  const grants = statements
    .map((s, i) => ({ s, label: s.sid ?? `statement ${i}` }))
    .filter(
      ({ s }) =>
        s.effect === 'Allow' && RECIPIENT_ACTIONS.some((a) => statementCoversAction(s, a)) && !onlyAccountRoot(s),
    );
  const bound = grants.filter(({ s }) => hasAttestation(s)).map((g) => g.label);
  const unbound = grants.filter(({ s }) => !hasAttestation(s)).map((g) => g.label);
  const source = p.state === 'known' ? p.origin : defaultPolicySource(key);
  const ev = [evidence(key, 'policy', { attested: bound, unattested: unbound }, expected, source)];
  const who = `used by the enclave tier (${users.join(', ')})`;
  if (bound.length === 0)
    return fail(res, { message: `Key ${who} does not bind decryption to enclave attestation`, evidence: ev });
  if (unbound.length)
    return fail(res, {
      message: `Key ${who} also grants decryption without attestation: ${unbound.join(', ')}`,
      evidence: ev,
    });
  return pass(res, { message: `Key ${who} grants decryption only to attested enclaves`, evidence: ev });
}

function enclaveKeys(inventory: Inventory, workloads: ComputeWorkload[]): Map<KmsKey, string[]> {
  const out = new Map<KmsKey, string[]>();
  for (const w of workloads) {
    for (const ref of w.enclaveKeys ?? []) {
      const key = resolve(inventory, ref, 'KmsKey');
      if (key) out.set(key, [...(out.get(key) ?? []), w.meta.address]);
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'ENC-002',
    title: 'Keys used by the enclave tier bind decryption to attestation',
    severity: 'high',
    layer: 5,
    profiles: ['highest-trust'],
    rationale:
      'An enclave protects data only if the key that decrypts it answers nothing but the enclave: a key policy condition on kms:RecipientAttestation:ImageSha384 (or PCR values) makes KMS return plaintext only to an attested enclave image, never to the parent instance or its administrators.',
    remediation:
      'In the key policy (`aws_kms_key.policy` / `aws_kms_key_policy`), grant the enclave instance role `kms:Decrypt` (and GenerateDataKey where used) only with a condition such as `StringEqualsIgnoreCase "kms:RecipientAttestation:ImageSha384" = "<enclave image hash>"`, and no unconditioned grant to that role.',
    references: [
      'https://docs.aws.amazon.com/enclaves/latest/user/kms.html',
      'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-nitro-enclaves.html',
    ],
    reads: ['ComputeWorkload', 'KmsKey'],
  },
  check(inventory) {
    const workloads = ofKind(inventory, 'ComputeWorkload').filter(
      (w) => (w.computeKind === 'instance' || w.computeKind === 'launch-template') && w.enclaveEnabled === true,
    );
    // The rule applies per account: in a scan of several, each account without an enclave tier says so.
    const inapplicable = absenceAccounts(inventory).filter((a) => !workloads.some((w) => inAccount(w, a)));
    const results = inapplicable.map((a) =>
      notAssessed(scopeResource(inventory, undefined, a), 'not-applicable', {
        message: `No enclave-enabled instance or launch template in ${a ? `account ${a}` : 'the input'}`,
        evidence: [],
      }),
    );
    if (workloads.length === 0) return results;
    const keys = enclaveKeys(inventory, workloads);
    results.push(...[...keys].map(([key, users]) => judgeKey(key, users)));
    const linked = new Set([...keys.values()].flat());
    for (const w of workloads) {
      if (linked.has(w.meta.address)) continue;
      results.push(
        notAssessed(resourceOf(w), 'needs-review', {
          message:
            "No KMS key in the input is linked to this workload's instance role: check which keys the enclave decrypts with",
          evidence: [evidence(w, 'enclaveKeys', [], 'the keys the instance role may use')],
        }),
      );
    }
    return results;
  },
};
