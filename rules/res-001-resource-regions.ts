import { evidence, fail, notAssessed, pass, planUnknown, resourceOf, scopesHolding } from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import type { EntityKind } from '../src/model/types.js';

/** IAM is global, and module calls and provider requirements hold no data. */
const NOT_REGIONAL = new Set<EntityKind>([
  'IamUser',
  'IamRole',
  'IamPolicy',
  'OidcProvider',
  'ModuleCall',
  'ProviderRequirement',
]);

export const rule: Rule = {
  meta: {
    id: 'RES-001',
    title: 'Every resource lives in an allowed region',
    severity: 'high',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Data residency law and contracts name where data may be stored and processed; a resource in another region puts the data it holds or handles there.',
    remediation:
      "Create resources only through providers whose `region` (or the resource's own `region` argument, AWS provider v6) is in `allowedRegions`; move or remove the others.",
    references: [
      'https://docs.aws.amazon.com/whitepapers/latest/navigating-gdpr-compliance/data-residency.html',
      'https://docs.aws.amazon.com/controltower/latest/userguide/region-deny.html',
    ],
    reads: [],
    readsAll: true,
  },
  check(inventory, { config }) {
    const allowed = config.allowedRegions;
    // One resource may be modelled as two entities (a SageMaker notebook's compute and its storage): one verdict each.
    const seen = new Set<string>();
    const regional = inventory.entities.filter(
      (e) => !NOT_REGIONAL.has(e.kind) && !seen.has(e.meta.address) && seen.add(e.meta.address) !== undefined,
    );
    if (allowed.length === 0) {
      return scopesHolding(inventory, regional).map((scope) =>
        notAssessed(scope, 'not-applicable', {
          message: 'allowedRegions is empty: data residency is not assessed',
          evidence: [
            { path: 'allowedRegions', observed: [], expected: 'the regions where data may live', source: 'config' },
          ],
        }),
      );
    }
    const expected = `one of ${allowed.join(', ')}`;
    return regional.map((e) => {
      const res = resourceOf(e);
      const region = e.meta.region;
      const source = e.meta.providerKey ? `${e.meta.address} (provider ${e.meta.providerKey})` : e.meta.address;
      if (!region)
        return planUnknown(res, {
          message: 'The input does not tell the region (set by environment, or unknown until apply)',
          evidence: [evidence(e, 'region', null, expected, source)],
        });
      const ev = [evidence(e, 'region', region, expected, source)];
      return allowed.includes(region)
        ? pass(res, { message: `In ${region}`, evidence: ev })
        : fail(res, { message: `In ${region}, outside the allowed regions`, evidence: ev });
    });
  },
};
