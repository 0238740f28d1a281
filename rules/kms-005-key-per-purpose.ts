import { artefactClass, artefactRoles, lookupKey, type Artefact } from '../src/analysis/encryption.js';
import { absenceEvidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';
import type { KmsKey } from '../src/model/types.js';

export const rule: Rule = {
  meta: {
    id: 'KMS-005',
    title: 'One key serves one purpose',
    severity: 'low',
    layer: 2,
    profiles: ['regulated', 'highest-trust'],
    rationale:
      'A key that encrypts several artefact classes (invocation logs, knowledge base, secrets ...) grants everyone who may decrypt one class access to all of them, and its policy grows with every use. Per-purpose keys keep key policies small and access separable.',
    remediation:
      "Create one `aws_kms_key` per artefact class and point each store's key argument at the key of its class.",
    references: [
      'https://docs.aws.amazon.com/kms/latest/developerguide/least-privilege.html',
      'https://docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/kms.html',
    ],
    reads: ['KmsKey', 'DataStore', 'Bucket', 'Trail', 'InvocationLogging'],
  },
  check(inventory) {
    const roles = artefactRoles(inventory);
    const uses = new Map<KmsKey, Map<string, Artefact[]>>();
    const artefacts: Artefact[] = [
      ...ofKind(inventory, 'DataStore'),
      ...ofKind(inventory, 'Bucket'),
      ...ofKind(inventory, 'Trail'),
    ];
    for (const a of artefacts) {
      const found = lookupKey(inventory, a.kmsKey, a.kind === 'DataStore' ? a.kmsKeyRaw : undefined);
      if (found.state !== 'in-input') continue;
      const cls = artefactClass(a, roles);
      const byClass = uses.get(found.key) ?? new Map<string, Artefact[]>();
      byClass.set(cls, [...(byClass.get(cls) ?? []), a]);
      uses.set(found.key, byClass);
    }
    return ofKind(inventory, 'KmsKey').map((key) => {
      const res = resourceOf(key);
      const byClass = uses.get(key);
      const expected = 'one artefact class per key';
      if (!byClass)
        return notAssessed(res, 'not-applicable', {
          message: 'No artefact in the input names this key',
          evidence: [absenceEvidence('uses', [], expected, key.meta.address)],
        });
      const observed = [...byClass.entries()].map(
        ([cls, list]) => `${cls}: ${list.map((a) => a.meta.address).join(', ')}`,
      );
      const ev = [absenceEvidence('uses', observed, expected, key.meta.address)];
      if (byClass.size > 1)
        return fail(res, {
          message: `Key serves ${byClass.size} artefact classes: ${[...byClass.keys()].join(', ')}`,
          evidence: ev,
        });
      return pass(res, { message: `Key serves one artefact class: ${[...byClass.keys()][0]}`, evidence: ev });
    });
  },
};
