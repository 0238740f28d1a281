/**
 * CodeBuild collector: projects with their VPC attachment, as the plan adapter models
 * `aws_codebuild_project` (NET-006: a project outside a VPC builds with AWS-managed internet access).
 * ListProjects names the projects; BatchGetProjects, the service's only read of a project's settings,
 * describes up to 100 at a time.
 */
import { BatchGetProjectsCommand, CodeBuildClient, paginateListProjects } from '@aws-sdk/client-codebuild';
import type { ComputeWorkload } from '../model/types.js';
import { collectPages, markUnknown, settleAll, tagsOf, type ScanContext } from './context.js';

const LIST = 'codebuild:ListProjects';
const GET = 'codebuild:BatchGetProjects';
/** BatchGetProjects' limit on names per request. */
const BATCH = 100;

export async function collectCodeBuild(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('codebuild', region, (config) => new CodeBuildClient(config));
  const list = await ctx.call({ call: LIST, kinds: ['ComputeWorkload'], region }, () =>
    collectPages(paginateListProjects({ client }, {}), (p) => p.projects),
  );
  if (list.state !== 'ok') return;
  const batches: string[][] = [];
  for (let i = 0; i < list.value.length; i += BATCH) batches.push(list.value.slice(i, i + BATCH));
  await settleAll(
    batches.map(async (names) => {
      const got = await ctx.call({ call: GET, kinds: ['ComputeWorkload'], region, fieldsOnly: true }, () =>
        client.send(new BatchGetProjectsCommand({ names })),
      );
      if (got.state !== 'ok') {
        // The projects exist (ListProjects named them) but their VPC attachment is unread.
        for (const name of names) {
          const w = project(ctx, region, name, projectArn(ctx, region, name));
          for (const f of ['vpcConfigured', 'subnets', 'securityGroups']) markUnknown(w.meta, f, GET);
          ctx.add(w);
        }
        return;
      }
      for (const p of got.value.projects ?? []) {
        if (!p.name) continue;
        const w = project(ctx, region, p.name, p.arn ?? projectArn(ctx, region, p.name));
        w.tags = tagsOf((p.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })));
        // Only a VPC id means attached: the API may answer an empty vpcConfig for a project outside one.
        const vpc = p.vpcConfig;
        w.vpcConfigured = !!vpc?.vpcId;
        w.subnets = w.vpcConfigured ? (vpc?.subnets ?? []).map((id) => ({ id })) : [];
        w.securityGroups = w.vpcConfigured ? (vpc?.securityGroupIds ?? []).map((id) => ({ id })) : [];
        Object.assign((w.meta.origin ??= {}), { vpcConfigured: GET, subnets: GET, securityGroups: GET });
        ctx.add(w);
      }
      // A project deleted between the two calls is gone; one the batch reports not found is too.
    }),
  );
}

function project(ctx: ScanContext, region: string, name: string, arn: string): ComputeWorkload {
  return {
    kind: 'ComputeWorkload',
    computeKind: 'codebuild',
    meta: ctx.meta('aws_codebuild_project', arn, region, {}),
    id: arn,
    arn,
    name,
    subnets: [],
    securityGroups: [],
  };
}

function projectArn(ctx: ScanContext, region: string, name: string): string {
  return `arn:${ctx.partition}:codebuild:${region}:${ctx.account}:project/${name}`;
}
