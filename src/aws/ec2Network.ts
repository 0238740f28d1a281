/**
 * EC2 network collector: VPCs, subnets, route tables, internet / egress-only / NAT gateways and Elastic
 * IPs of one region (the traffic controls on them are in ec2TrafficControls.ts).
 */
import {
  DescribeAddressesCommand,
  EC2Client,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type Route as Ec2Route,
} from '@aws-sdk/client-ec2';
import type { Route, RouteTargetKind } from '../model/types.js';
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
  ]);
}

async function vpcs(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const call = 'ec2:DescribeVpcs';
  const a = await ctx.call({ call, kinds: ['Vpc'], region }, () =>
    collectPages(paginateDescribeVpcs({ client }, {}), (p) => p.Vpcs),
  );
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
  if (r.EgressOnlyInternetGatewayId)
    return { target: 'egress-only-internet-gateway', id: r.EgressOnlyInternetGatewayId };
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
