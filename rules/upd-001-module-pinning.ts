import { sourcePin } from '../src/analysis/moduleSource.js';
import { evidence, fail, notAssessed, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Profile, Rule, RuleResult } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';
import type { ModuleCall } from '../src/model/types.js';

function judge(m: ModuleCall, profile: Profile): RuleResult {
  const res = resourceOf(m);
  const shaOnly = profile === 'highest-trust';
  const pin = sourcePin(m.source, m.version);
  const ev = [
    evidence(
      m,
      'source',
      m.version ? `${m.source} (version ${m.version})` : m.source,
      shaOnly
        ? 'a registry module at an exact version, or a git ref that is a full commit SHA'
        : 'a registry module at an exact version, or a git ref that is a commit SHA (a release tag passes with a note)',
      `${m.meta.address}.source`,
    ),
  ];
  switch (pin.kind) {
    case 'local':
      return notAssessed(res, 'not-applicable', {
        message: 'Local module path: versioned with the calling configuration',
        evidence: ev,
      });
    case 'registry':
      if (pin.exact) return pass(res, { message: `Registry module pinned to version ${pin.version}`, evidence: ev });
      return fail(res, {
        message: pin.version
          ? `Registry module version constraint "${pin.version}" allows upgrades: pin one exact version`
          : 'Registry module has no version: every init takes the newest',
        evidence: ev,
      });
    case 'vcs':
      if (pin.refKind === 'sha') return pass(res, { message: `Pinned to commit ${pin.ref}`, evidence: ev });
      if (pin.refKind === 'none')
        return fail(res, { message: 'No ref: every init takes the default branch', evidence: ev });
      if (pin.refKind === 'semver-tag') {
        // Offline a tag cannot be told from a branch, and a tag can be moved.
        if (shaOnly)
          return fail(res, {
            message: `ref "${pin.ref}" is a tag (or a branch of that name), which can be moved: the highest-trust profile requires a commit SHA`,
            evidence: ev,
          });
        return pass(res, {
          message: `ref "${pin.ref}" looks like a release tag; note that a tag can be moved and cannot be told from a branch offline: a commit SHA is stronger`,
          evidence: ev,
        });
      }
      return fail(res, {
        message: `ref "${pin.ref}" is a branch (or a tag that is not a release version): it moves`,
        evidence: ev,
      });
    case 'archive':
      return notAssessed(res, 'needs-review', {
        message: 'Module fetched from an archive or bucket URL: check that the URL names immutable content',
        evidence: ev,
      });
  }
}

export const rule: Rule = {
  meta: {
    id: 'UPD-001',
    title: 'Module sources are pinned',
    severity: 'medium',
    condition: 'AG-4',
    profiles: ['regulated', 'highest-trust'],
    rationale:
      "A module that follows a branch or a version range changes the infrastructure whenever its publisher does. Pinning to an exact registry version or a commit SHA keeps upgrades on the customer's schedule and makes the reviewed code the deployed code.",
    remediation:
      'Give registry modules `version = "1.2.3"` (one exact version), and git sources `?ref=<40-hex commit SHA>`; under the regulated profile a release tag (`?ref=v1.2.3`) is accepted with a note.',
    references: [
      'https://developer.hashicorp.com/terraform/language/modules/sources',
      'https://developer.hashicorp.com/terraform/language/expressions/version-constraints',
    ],
    reads: ['ModuleCall'],
  },
  check(inventory, { profile }) {
    return ofKind(inventory, 'ModuleCall').map((m) => judge(m, profile));
  },
};
