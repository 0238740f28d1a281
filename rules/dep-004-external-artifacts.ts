import { ecrImageAccount, layerAccount, pulledArtifacts, type PulledArtifact } from '../src/analysis/artifacts.js';
import { workloadAccount } from '../src/analysis/auditBuckets.js';
import { evidence, fail, notAssessed, pass, unsettledReason, unsettledWords } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';

const ECR_REGISTRY = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/?$/;

const EXPECTED: Record<PulledArtifact['artifactKind'], string> = {
  'lambda-layer': 'a layer owned by the workload account (or a trusted account)',
  'container-image': "an image in the workload account's ECR (or a trusted account's)",
  'ecr-pull-through': 'an upstream that is an ECR registry of the workload account (or a trusted account)',
  'codeartifact-external': 'no external connection to a public package repository',
};

/** The account that owns the artefact's location, or why it has none. */
function ownerOf(a: PulledArtifact, location: string): { account?: string; external?: string } {
  switch (a.artifactKind) {
    case 'lambda-layer':
      return {
        account: layerAccount(location),
        external: layerAccount(location) ? undefined : 'not a Lambda layer ARN',
      };
    case 'container-image': {
      const ecr = ecrImageAccount(location);
      return ecr ? { account: ecr.account } : { external: 'a registry outside ECR' };
    }
    case 'ecr-pull-through': {
      const m = ECR_REGISTRY.exec(location.replace(/^https:\/\//, ''));
      return m ? { account: m[1] } : { external: 'a public upstream registry' };
    }
    case 'codeartifact-external':
      return { external: 'an external connection' };
  }
}

function judge(a: PulledArtifact, workload: string | undefined, trusted: readonly string[]): RuleResult {
  const res = a.resource;
  const key = `${a.artifactKind}:${a.location ?? a.holder.meta.address}`;
  const expected = EXPECTED[a.artifactKind];
  const ev = [
    evidence(
      a.holder,
      a.field,
      a.location ?? (a.providedBy ? `(reference to ${a.providedBy.address})` : null),
      expected,
    ),
  ];
  if (a.providedBy)
    return pass(res, {
      message: `${a.artifactKind} comes from ${a.providedBy.address}, managed by this input`,
      evidence: ev,
      key,
    });
  if (a.location === undefined) {
    if (a.artifactKind === 'codeartifact-external' && !a.unknown)
      return pass(res, { message: 'CodeArtifact repository has no external connection', evidence: ev, key });
    return notAssessed(res, unsettledReason(a.holder, a.field), {
      message: `${a.artifactKind} location ${unsettledWords(a.holder, a.field).words}`,
      evidence: ev,
      key,
    });
  }
  const owner = ownerOf(a, a.location);
  if (owner.external)
    return fail(res, {
      message: `${a.artifactKind} ${a.location} is pulled from ${owner.external}`,
      evidence: ev,
      key,
    });
  const account = owner.account as string;
  if (account === workload || trusted.includes(account))
    return pass(res, {
      message: `${a.artifactKind} ${a.location} is owned by ${account === workload ? 'the workload account' : `trusted account ${account}`}`,
      evidence: ev,
      key,
    });
  if (!workload)
    return notAssessed(res, 'needs-review', {
      message: `${a.artifactKind} ${a.location} is owned by ${account}; the workload account is unknown (set workloadAccount)`,
      evidence: ev,
      key,
    });
  return fail(res, {
    message: `${a.artifactKind} ${a.location} is owned by account ${account}, outside the workload account ${workload}`,
    evidence: ev,
    key,
  });
}

export const rule: Rule = {
  meta: {
    id: 'DEP-004',
    title: 'No runtime artefact is pulled from outside the account',
    severity: 'high',
    condition: 'AG-3',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A layer, image or package pulled from another account or a public registry at deploy or run time is a dependency the boundary does not control: it can change, disappear, or need internet access to fetch.',
    remediation:
      'Publish layers in the workload account (`aws_lambda_layer_version`), copy images into its own ECR (`aws_ecr_repository`) and pull by digest, point `aws_ecr_pull_through_cache_rule` only at ECR registries you own, and remove `external_connections` from `aws_codeartifact_repository` (seed packages through an internal upstream). List other accounts you control in `trustedAccounts`.',
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html',
      'https://docs.aws.amazon.com/codeartifact/latest/ug/external-connection.html',
    ],
    reads: ['ArtifactSource', 'ComputeWorkload'],
  },
  check(inventory, { config }) {
    const workload = workloadAccount(inventory, config);
    return pulledArtifacts(inventory).map((a) => judge(a, workload, config.trustedAccounts));
  },
};
