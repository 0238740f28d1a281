/**
 * EC2 network collector: VPCs, subnets, route tables, internet / egress-only / NAT gateways, Elastic IPs,
 * VPC endpoints (with their policies), security groups and flow logs of one region.
 */
import {
  DescribeAddressesCommand,
  EC2Client,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeFlowLogs,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type IpPermission,
  type Route as Ec2Route,
} from '@aws-sdk/client-ec2';
import type { Route, RouteTargetKind, SecurityGroupRule, VpcEndpoint } from '../model/types.js';
import { parsePolicy } from '../policy/policyDocument.js';
import { collectPages, tagsOf, settleAll, type ScanContext } from './context.js';

export function ec2Client(ctx: ScanContext, region: string): EC2Client {
  return ctx.client('ec2', region, (config) => new EC2Client(config));
}

export async function collectEc2Network(ctx: ScanContext, region: string): Promise<void> {
  await settleAll([
    vpcs(ctx, region),
    subnets(ctx, region),
    routeTables(ctx, region),
    internetGateways(ctx, region),
    egressOnlyGateways(ctx, region),
    natGateways(ctx, region),
    addresses(ctx, region),
    vpcEndpoints(ctx, region),
    securityGroups(ctx, region),
    flowLogs(ctx, region),
  ]);
}

async function vpcs(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeVpcs';
  const a = await ctx.call({ call, kinds: ['Vpc'], region }, () => collectPages(paginateDescribeVpcs({ client }, {}), (p) => p.Vpcs));
  if (a.state !== 'ok') return;
  for (const v of a.value) {
    if (!v.VpcId) continue;
    const cidrs = new Set<string>();
    if (v.CidrBlock) cidrs.add(v.CidrBlock);
    for (const assoc of v.CidrBlockAssociationSet ?? []) {
      if (assoc.CidrBlock && assoc.CidrBlockState?.State === 'associated') cidrs.add(assoc.CidrBlock);
    }
    for (const assoc of v.Ipv6CidrBlockAssociationSet ?? []) {
      if (assoc.Ipv6CidrBlock && assoc.Ipv6CidrBlockState?.State === 'associated') cidrs.add(assoc.Ipv6CidrBlock);
    }
    const arn = ctx.ec2Arn(region, 'vpc', v.VpcId, v.OwnerId);
    const tags = tagsOf(v.Tags);
    ctx.add({
      kind: 'Vpc',
      meta: ctx.meta('aws_vpc', arn, region, { cidrBlocks: call }, v.OwnerId),
      id: v.VpcId,
      arn,
      name: tags?.Name,
      tags,
      cidrBlocks: [...cidrs],
    });
  }
}

async function subnets(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeSubnets';
  const a = await ctx.call({ call, kinds: ['Subnet'], region }, () =>
    collectPages(paginateDescribeSubnets({ client }, {}), (p) => p.Subnets),
  );
  if (a.state !== 'ok') return;
  for (const s of a.value) {
    if (!s.SubnetId) continue;
    const arn = s.SubnetArn ?? ctx.ec2Arn(region, 'subnet', s.SubnetId, s.OwnerId);
    const tags = tagsOf(s.Tags);
    ctx.add({
      kind: 'Subnet',
      meta: ctx.meta('aws_subnet', arn, region, { mapPublicIpOnLaunch: call, cidrBlock: call }, s.OwnerId),
      id: s.SubnetId,
      arn,
      name: tags?.Name,
      tags,
      vpc: s.VpcId ? { id: s.VpcId } : undefined,
      cidrBlock: s.CidrBlock,
      mapPublicIpOnLaunch: s.MapPublicIpOnLaunch,
      assignIpv6OnCreation: s.AssignIpv6AddressOnCreation,
    });
  }
}

/** Which kind of hop a route sends traffic to; an instance route also names its ENI, so the instance wins. */
function routeTarget(r: Ec2Route): { target: RouteTargetKind; id?: string } {
  if (r.GatewayId === 'local') return { target: 'local' };
  if (r.GatewayId?.startsWith('igw-')) return { target: 'internet-gateway', id: r.GatewayId };
  if (r.GatewayId?.startsWith('vgw-')) return { target: 'virtual-private-gateway', id: r.GatewayId };
  if (r.GatewayId?.startsWith('vpce-')) return { target: 'vpc-endpoint', id: r.GatewayId };
  if (r.EgressOnlyInternetGatewayId) return { target: 'egress-only-internet-gateway', id: r.EgressOnlyInternetGatewayId };
  if (r.NatGatewayId) return { target: 'nat-gateway', id: r.NatGatewayId };
  if (r.TransitGatewayId) return { target: 'transit-gateway', id: r.TransitGatewayId };
  if (r.VpcPeeringConnectionId) return { target: 'vpc-peering', id: r.VpcPeeringConnectionId };
  if (r.InstanceId) return { target: 'instance', id: r.InstanceId };
  if (r.NetworkInterfaceId) return { target: 'network-interface', id: r.NetworkInterfaceId };
  if (r.CarrierGatewayId) return { target: 'carrier-gateway', id: r.CarrierGatewayId };
  if (r.CoreNetworkArn) return { target: 'core-network', id: r.CoreNetworkArn };
  return { target: 'unknown', id: r.GatewayId ?? r.LocalGatewayId };
}

async function routeTables(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeRouteTables';
  const a = await ctx.call({ call, kinds: ['RouteTable'], region }, () =>
    collectPages(paginateDescribeRouteTables({ client }, {}), (p) => p.RouteTables),
  );
  if (a.state !== 'ok') return;
  for (const t of a.value) {
    if (!t.RouteTableId) continue;
    const routes: Route[] = [];
    for (const r of t.Routes ?? []) {
      // A blackhole route forwards nothing: its target is gone.
      if (r.State === 'blackhole') continue;
      const { target, id } = routeTarget(r);
      const route: Route = {
        destination: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId,
        target,
        origin: `${call} ${t.RouteTableId}`,
      };
      if (id) route.targetRef = { id };
      routes.push(route);
    }
    const arn = ctx.ec2Arn(region, 'route-table', t.RouteTableId, t.OwnerId);
    const tags = tagsOf(t.Tags);
    const assocs = t.Associations ?? [];
    ctx.add({
      kind: 'RouteTable',
      meta: ctx.meta('aws_route_table', arn, region, { routes: call, subnets: call, main: call }, t.OwnerId),
      id: t.RouteTableId,
      arn,
      name: tags?.Name,
      tags,
      vpc: t.VpcId ? { id: t.VpcId } : undefined,
      routes,
      subnets: assocs.filter((x) => x.SubnetId).map((x) => ({ id: x.SubnetId })),
      main: assocs.some((x) => x.Main === true),
    });
  }
}

async function internetGateways(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeInternetGateways';
  const a = await ctx.call({ call, kinds: ['InternetGateway'], region }, () =>
    collectPages(paginateDescribeInternetGateways({ client }, {}), (p) => p.InternetGateways),
  );
  if (a.state !== 'ok') return;
  for (const g of a.value) {
    if (!g.InternetGatewayId) continue;
    const arn = ctx.ec2Arn(region, 'internet-gateway', g.InternetGatewayId, g.OwnerId);
    const tags = tagsOf(g.Tags);
    const vpcId = g.Attachments?.find((x) => x.VpcId)?.VpcId;
    ctx.add({
      kind: 'InternetGateway',
      meta: ctx.meta('aws_internet_gateway', arn, region, { vpc: call }, g.OwnerId),
      id: g.InternetGatewayId,
      arn,
      name: tags?.Name,
      tags,
      egressOnly: false,
      vpc: vpcId ? { id: vpcId } : undefined,
    });
  }
}

async function egressOnlyGateways(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeEgressOnlyInternetGateways';
  const a = await ctx.call({ call, kinds: ['InternetGateway'], region }, () =>
    collectPages(paginateDescribeEgressOnlyInternetGateways({ client }, {}), (p) => p.EgressOnlyInternetGateways),
  );
  if (a.state !== 'ok') return;
  for (const g of a.value) {
    if (!g.EgressOnlyInternetGatewayId) continue;
    const arn = ctx.ec2Arn(region, 'egress-only-internet-gateway', g.EgressOnlyInternetGatewayId);
    const tags = tagsOf(g.Tags);
    const vpcId = g.Attachments?.find((x) => x.VpcId)?.VpcId;
    ctx.add({
      kind: 'InternetGateway',
      meta: ctx.meta('aws_egress_only_internet_gateway', arn, region, { vpc: call }),
      id: g.EgressOnlyInternetGatewayId,
      arn,
      name: tags?.Name,
      tags,
      egressOnly: true,
      vpc: vpcId ? { id: vpcId } : undefined,
    });
  }
}

async function natGateways(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeNatGateways';
  const a = await ctx.call({ call, kinds: ['NatGateway'], region }, () =>
    collectPages(paginateDescribeNatGateways({ client }, {}), (p) => p.NatGateways),
  );
  if (a.state !== 'ok') return;
  for (const n of a.value) {
    // Deleted gateways stay listed for about an hour; like destroyed plan resources they no longer count.
    if (!n.NatGatewayId || n.State === 'deleted' || n.State === 'deleting' || n.State === 'failed') continue;
    const arn = ctx.ec2Arn(region, 'natgateway', n.NatGatewayId);
    const tags = tagsOf(n.Tags);
    ctx.add({
      kind: 'NatGateway',
      meta: ctx.meta('aws_nat_gateway', arn, region, { connectivityType: call, subnet: call }),
      id: n.NatGatewayId,
      arn,
      name: tags?.Name,
      tags,
      connectivityType: n.ConnectivityType === 'private' ? 'private' : 'public',
      subnet: n.SubnetId ? { id: n.SubnetId } : undefined,
    });
  }
}

async function addresses(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeAddresses';
  // DescribeAddresses has no pagination: it answers every address of the region at once.
  const a = await ctx.call({ call, kinds: ['PublicIp'], region }, () => client.send(new DescribeAddressesCommand({})));
  if (a.state !== 'ok') return;
  for (const e of a.value.Addresses ?? []) {
    const id = e.AllocationId ?? e.PublicIp;
    if (!id) continue;
    const arn = ctx.ec2Arn(region, 'elastic-ip', id);
    const tags = tagsOf(e.Tags);
    ctx.add({
      kind: 'PublicIp',
      meta: ctx.meta('aws_eip', arn, region, { via: call, domain: call }),
      id,
      arn,
      name: tags?.Name,
      tags,
      via: 'elastic-ip',
      domain: e.Domain,
    });
  }
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
        { policy: call, serviceName: call, privateDnsEnabled: call, subnets: call, securityGroups: call, routeTables: call },
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
      policySet: e.PolicyDocument !== undefined,
    };
    if (e.PolicyDocument !== undefined) endpoint.policy = parsePolicy(e.PolicyDocument, `${call} ${e.VpcEndpointId}`);
    ctx.add(endpoint);
  }
}

function sgRules(direction: 'ingress' | 'egress', perms: IpPermission[] | undefined, ownId: string, origin: string): SecurityGroupRule[] {
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
      rules: [...sgRules('ingress', g.IpPermissions, g.GroupId, origin), ...sgRules('egress', g.IpPermissionsEgress, g.GroupId, origin)],
    });
  }
}

function flowLogTargetKind(id: string | undefined): 'vpc' | 'subnet' | 'network-interface' | 'transit-gateway' | 'unknown' {
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
