import { isExactVersion } from '../src/analysis/moduleSource.js';
import { evidence, fail, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'UPD-002',
    title: 'Provider version constraints are exact',
    severity: 'low',
    condition: 'AG-4',
    profiles: ['regulated', 'highest-trust'],
    rationale:
      'A range such as `~> 5.0` lets `terraform init -upgrade` (or a fresh checkout without the lock file) take a new provider with new defaults. An exact constraint keeps provider upgrades a reviewed change.',
    remediation:
      'In `required_providers`, give each provider `version = "5.82.2"` (one exact version) and commit `.terraform.lock.hcl`.',
    references: [
      'https://developer.hashicorp.com/terraform/language/providers/requirements',
      'https://developer.hashicorp.com/terraform/language/files/dependency-lock',
    ],
    reads: ['ProviderRequirement'],
  },
  check(inventory) {
    return ofKind(inventory, 'ProviderRequirement').map((p) => {
      const res = resourceOf(p);
      const ev = [
        evidence(
          p,
          'versionConstraint',
          p.versionConstraint ?? null,
          'one exact version, e.g. "= 5.82.2"',
          `${p.meta.address}.version_constraint`,
        ),
      ];
      if (isExactVersion(p.versionConstraint))
        return pass(res, { message: `${p.provider} pinned to ${p.versionConstraint}`, evidence: ev });
      return fail(res, {
        message: p.versionConstraint
          ? `${p.provider} constraint "${p.versionConstraint}" allows upgrades`
          : `${p.provider} has no version constraint`,
        evidence: ev,
      });
    });
  },
};
