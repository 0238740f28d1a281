import { evidence, fail, notAssessed, pass, planUnknown, resourceOf, scopesHolding } from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'RES-003',
    title: 'Multi-region key replicas only in allowed regions',
    severity: 'high',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      "A multi-region replica carries the same key material as its primary: data encrypted under the key can be decrypted in the replica's region, so the key's residency is that of every replica.",
    remediation:
      'Create `aws_kms_replica_key` (and `aws_kms_replica_external_key`) only through providers in `allowedRegions`; remove replicas elsewhere.',
    references: ['https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html'],
    reads: ['KmsKey'],
  },
  check(inventory, { config }) {
    const allowed = config.allowedRegions;
    const replicas = ofKind(inventory, 'KmsKey').filter(
      (k) => k.replicaOf !== undefined || k.meta.type.includes('replica'),
    );
    if (replicas.length === 0) return [];
    if (allowed.length === 0) {
      return scopesHolding(inventory, replicas).map((scope) =>
        notAssessed(scope, 'not-applicable', {
          message: 'allowedRegions is empty: key replica regions are not assessed',
          evidence: [
            { path: 'allowedRegions', observed: [], expected: 'the regions where data may live', source: 'config' },
          ],
        }),
      );
    }
    const expected = `one of ${allowed.join(', ')}`;
    return replicas.map((k) => {
      const res = resourceOf(k);
      const primary = k.replicaOf?.address ?? k.replicaOf?.id ?? 'its primary';
      const region = k.meta.region;
      if (!region)
        return planUnknown(res, {
          message: `Replica of ${primary} in a region the input does not tell`,
          evidence: [evidence(k, 'region', null, expected)],
        });
      const ev = [evidence(k, 'region', region, expected)];
      return allowed.includes(region)
        ? pass(res, { message: `Replica of ${primary} in ${region}`, evidence: ev })
        : fail(res, { message: `Replica of ${primary} in ${region}, outside the allowed regions`, evidence: ev });
    });
  },
};
