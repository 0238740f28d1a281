/**
 * ECR collector: pull-through cache rules with the upstream registry each one pulls from, as the plan
 * adapter models `aws_ecr_pull_through_cache_rule` (DEP-004: an upstream outside the account's own ECR
 * registries is an external runtime dependency). Repositories themselves are not modelled: an image is
 * judged by the registry its URI names, which the consumer already says.
 */
import { ECRClient, paginateDescribePullThroughCacheRules } from '@aws-sdk/client-ecr';
import { collectPages, type ScanContext } from './context.js';

const CALL = 'ecr:DescribePullThroughCacheRules';

export async function collectEcr(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('ecr', region, (config) => new ECRClient(config));
  const a = await ctx.call({ call: CALL, kinds: ['ArtifactSource'], region }, () =>
    collectPages(paginateDescribePullThroughCacheRules({ client }, {}), (p) => p.pullThroughCacheRules),
  );
  if (a.state !== 'ok') return;
  for (const r of a.value) {
    if (!r.ecrRepositoryPrefix) continue;
    const registry = r.registryId ?? ctx.account;
    // A rule has no ARN of its own; this address names it within its registry, as the console does.
    const address = `arn:${ctx.partition}:ecr:${region}:${registry}:pull-through-cache-rule/${r.ecrRepositoryPrefix}`;
    ctx.add({
      kind: 'ArtifactSource',
      meta: ctx.meta('aws_ecr_pull_through_cache_rule', address, region, { location: CALL }, registry),
      id: r.ecrRepositoryPrefix,
      name: r.ecrRepositoryPrefix,
      artifactKind: 'ecr-pull-through',
      location: r.upstreamRegistryUrl,
    });
  }
}
