/**
 * EC2 compute collector: instances and launch templates, with their network placement, public
 * addressing and Nitro Enclaves option.
 */
import {
  paginateDescribeInstances,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { ComputeWorkload, Ref } from '../model/types.js';
import { collectPages, markUnknown, tagsOf, settleAll, type ScanContext } from './context.js';
import { ec2Client } from './ec2Network.js';

export async function collectEc2Compute(ctx: ScanContext, region: string): Promise<void> {
  await settleAll([instances(ctx, region), launchTemplates(ctx, region)]);
}

function uniqueRefs(ids: Array<string | undefined>): Ref[] {
  return [...new Set(ids.filter((x): x is string => !!x))].map((id) => ({ id }));
}

function instanceHasPublicIp(i: Instance): boolean {
  if (i.PublicIpAddress) return true;
  return (i.NetworkInterfaces ?? []).some((n) => !!n.Association?.PublicIp);
}

async function instances(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeInstances';
  const a = await ctx.call({ call, kinds: ['ComputeWorkload'], region }, () =>
    collectPages(paginateDescribeInstances({ client }, {}), (p) =>
      (p.Reservations ?? []).flatMap((r) => r.Instances ?? []),
    ),
  );
  if (a.state !== 'ok') return;
  for (const i of a.value) {
    // Terminated instances linger in the answer for a while; they run nothing.
    if (!i.InstanceId || i.State?.Name === 'terminated' || i.State?.Name === 'shutting-down') continue;
    const arn = ctx.ec2Arn(region, 'instance', i.InstanceId);
    const tags = tagsOf(i.Tags);
    const enis = i.NetworkInterfaces ?? [];
    ctx.add({
      kind: 'ComputeWorkload',
      computeKind: 'instance',
      meta: ctx.meta('aws_instance', arn, region, {
        associatePublicIp: call,
        enclaveEnabled: call,
        subnets: call,
        securityGroups: call,
      }),
      id: i.InstanceId,
      arn,
      name: tags?.Name,
      tags,
      subnets: uniqueRefs([i.SubnetId, ...enis.map((n) => n.SubnetId)]),
      securityGroups: uniqueRefs([
        ...(i.SecurityGroups ?? []).map((g) => g.GroupId),
        ...enis.flatMap((n) => (n.Groups ?? []).map((g) => g.GroupId)),
      ]),
      associatePublicIp: instanceHasPublicIp(i),
      enclaveEnabled: i.EnclaveOptions?.Enabled === true,
    });
  }
}

async function launchTemplates(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const listCall = 'ec2:DescribeLaunchTemplates';
  const versionCall = 'ec2:DescribeLaunchTemplateVersions';
  const a = await ctx.call({ call: listCall, kinds: ['ComputeWorkload'], region }, () =>
    collectPages(paginateDescribeLaunchTemplates({ client }, {}), (p) => p.LaunchTemplates),
  );
  if (a.state !== 'ok') return;
  await settleAll(
    a.value.map(async (t) => {
      if (!t.LaunchTemplateId) return;
      const id = t.LaunchTemplateId;
      const arn = ctx.ec2Arn(region, 'launch-template', id);
      const tags = tagsOf(t.Tags);
      const workload: ComputeWorkload = {
        kind: 'ComputeWorkload',
        computeKind: 'launch-template',
        meta: ctx.meta('aws_launch_template', arn, region, {}),
        id,
        arn,
        name: t.LaunchTemplateName,
        tags,
        subnets: [],
        securityGroups: [],
      };
      // The default version is what a launch that names no version gets: the template's effective settings.
      const v = await ctx.call(
        { call: versionCall, kinds: ['ComputeWorkload'], region, resource: arn, fieldsOnly: true },
        () =>
          collectPages(
            paginateDescribeLaunchTemplateVersions({ client }, { LaunchTemplateId: id, Versions: ['$Default'] }),
            (p) => p.LaunchTemplateVersions,
          ),
      );
      if (v.state === 'ok') {
        const data = v.value[0]?.LaunchTemplateData;
        const enis = data?.NetworkInterfaces ?? [];
        workload.subnets = uniqueRefs(enis.map((n) => n.SubnetId));
        workload.securityGroups = uniqueRefs([
          ...(data?.SecurityGroupIds ?? []),
          ...enis.flatMap((n) => n.Groups ?? []),
        ]);
        workload.associatePublicIp = enis.some((n) => n.AssociatePublicIpAddress === true);
        workload.enclaveEnabled = data?.EnclaveOptions?.Enabled === true;
        const origin = workload.meta.origin ?? {};
        for (const f of ['subnets', 'securityGroups', 'associatePublicIp', 'enclaveEnabled'])
          origin[f] = `${versionCall} ${id} $Default`;
      } else {
        for (const f of ['associatePublicIp', 'enclaveEnabled', 'subnets', 'securityGroups'])
          markUnknown(workload.meta, f, versionCall);
      }
      ctx.add(workload);
    }),
  );
}
