/**
 * EC2 traffic-control collector: VPC endpoints (with their policies), security groups with their rules,
 * and flow logs of one region.
 */
import {
  paginateDescribeFlowLogs,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcEndpoints,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { SecurityGroupRule, VpcEndpoint } from '../model/types.js';
import { parsePolicy } from '../policy/policyDocument.js';
import { collectPages, settleAll, tagsOf, type ScanContext } from './context.js';
import { ec2Client } from './ec2Network.js';

export async function collectEc2TrafficControls(ctx: ScanContext, region: string): Promise<void> {
  await settleAll([vpcEndpoints(ctx, region), securityGroups(ctx, region), flowLogs(ctx, region)]);
}

async function vpcEndpoints(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeVpcEndpoints';
  const a = await ctx.call({ call, kinds: ['VpcEndpoint'], region }, () =>
    collectPages(paginateDescribeVpcEndpoints({ client }, {}), (p) => p.VpcEndpoints),
  );
  if (a.state !== 'ok') return;
  for (const e of a.value) {
    // The API documents capitalised states but answers lower-case ones; compare without case.
    const state = e.State?.toLowerCase();
    if (!e.VpcEndpointId || state === 'deleted' || state === 'deleting') continue;
    const arn = ctx.ec2Arn(region, 'vpc-endpoint', e.VpcEndpointId, e.OwnerId);
    const tags = tagsOf(e.Tags);
    const endpoint: VpcEndpoint = {
      kind: 'VpcEndpoint',
      meta: ctx.meta(
        'aws_vpc_endpoint',
        arn,
        region,
        {
          policy: call,
          serviceName: call,
          privateDnsEnabled: call,
          subnets: call,
          securityGroups: call,
          routeTables: call,
        },
        e.OwnerId,
      ),
      id: e.VpcEndpointId,
      arn,
      name: tags?.Name,
      tags,
      vpc: e.VpcId ? { id: e.VpcId } : undefined,
      serviceName: e.ServiceName,
      endpointType: e.VpcEndpointType === 'Tunnel' ? undefined : e.VpcEndpointType,
      privateDnsEnabled: e.PrivateDnsEnabled,
      subnets: (e.SubnetIds ?? []).map((id) => ({ id })),
      securityGroups: (e.Groups ?? []).filter((g) => g.GroupId).map((g) => ({ id: g.GroupId })),
      routeTables: (e.RouteTableIds ?? []).map((id) => ({ id })),
      // AWS answers the full-access default document when none was set; that is still a policy to judge.
      policy:
        e.PolicyDocument !== undefined
          ? parsePolicy(e.PolicyDocument, `${call} ${e.VpcEndpointId}`)
          : { state: 'absent', origin: `${call} ${e.VpcEndpointId}` },
    };
    ctx.add(endpoint);
  }
}

function sgRules(
  direction: 'ingress' | 'egress',
  perms: IpPermission[] | undefined,
  ownId: string,
  origin: string,
): SecurityGroupRule[] {
  return (perms ?? []).map((p) => {
    const groups = (p.UserIdGroupPairs ?? []).filter((g) => g.GroupId);
    const rule: SecurityGroupRule = {
      direction,
      protocol: p.IpProtocol,
      fromPort: p.FromPort,
      toPort: p.ToPort,
      cidrs: (p.IpRanges ?? []).map((r) => r.CidrIp).filter((c): c is string => c !== undefined),
      ipv6Cidrs: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6).filter((c): c is string => c !== undefined),
      prefixLists: (p.PrefixListIds ?? []).map((r) => r.PrefixListId).filter((c): c is string => c !== undefined),
      groups: groups.filter((g) => g.GroupId !== ownId).map((g) => ({ id: g.GroupId })),
      origin,
    };
    if (groups.some((g) => g.GroupId === ownId)) rule.self = true;
    return rule;
  });
}

async function securityGroups(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeSecurityGroups';
  const a = await ctx.call({ call, kinds: ['SecurityGroup'], region }, () =>
    collectPages(paginateDescribeSecurityGroups({ client }, {}), (p) => p.SecurityGroups),
  );
  if (a.state !== 'ok') return;
  for (const g of a.value) {
    if (!g.GroupId) continue;
    const arn = g.SecurityGroupArn ?? ctx.ec2Arn(region, 'security-group', g.GroupId, g.OwnerId);
    const origin = `${call} ${g.GroupId}`;
    ctx.add({
      kind: 'SecurityGroup',
      meta: ctx.meta('aws_security_group', arn, region, { rules: call }, g.OwnerId),
      id: g.GroupId,
      arn,
      name: g.GroupName,
      tags: tagsOf(g.Tags),
      vpc: g.VpcId ? { id: g.VpcId } : undefined,
      rules: [
        ...sgRules('ingress', g.IpPermissions, g.GroupId, origin),
        ...sgRules('egress', g.IpPermissionsEgress, g.GroupId, origin),
      ],
    });
  }
}

function flowLogTargetKind(
  id: string | undefined,
): 'vpc' | 'subnet' | 'network-interface' | 'transit-gateway' | 'unknown' {
  if (id?.startsWith('vpc-')) return 'vpc';
  if (id?.startsWith('subnet-')) return 'subnet';
  if (id?.startsWith('eni-')) return 'network-interface';
  if (id?.startsWith('tgw-')) return 'transit-gateway';
  return 'unknown';
}

async function flowLogs(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeFlowLogs';
  const a = await ctx.call({ call, kinds: ['FlowLog'], region }, () =>
    collectPages(paginateDescribeFlowLogs({ client }, {}), (p) => p.FlowLogs),
  );
  if (a.state !== 'ok') return;
  for (const f of a.value) {
    if (!f.FlowLogId) continue;
    const arn = ctx.ec2Arn(region, 'vpc-flow-log', f.FlowLogId);
    const tags = tagsOf(f.Tags);
    ctx.add({
      kind: 'FlowLog',
      meta: ctx.meta('aws_flow_log', arn, region, { target: call, trafficType: call }),
      id: f.FlowLogId,
      arn,
      name: tags?.Name,
      tags,
      target: f.ResourceId ? { id: f.ResourceId } : undefined,
      targetKind: flowLogTargetKind(f.ResourceId),
      trafficType: f.TrafficType,
    });
  }
}
