/** Plan adapters for VPCs, subnets, gateways, public addresses, VPC endpoints and flow logs. */
import { DEFAULTS } from '../../model/defaults.js';
import type { FlowLog, NatGateway, Ref, VpcEndpoint } from '../../model/types.js';
import type { RawResource } from '../planLoader.js';
import {
  bool,
  computedPolicyAt,
  metaOf,
  policyAt,
  readWithDefault,
  refAt,
  refsAt,
  str,
  tags,
  type AdapterContext,
  type Adapter,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import type { Folder } from './fold.js';
import { addUnknown, findParent } from './fold.js';

const vpc: Adapter = (raw, ctx) => {
  const cidrs = [str(raw, ['cidr_block']), str(raw, ['ipv6_cidr_block'])].filter((c): c is string => !!c);
  ctx.emit({
    kind: 'Vpc',
    meta: metaOf(raw, { cidrBlocks: ['cidr_block'] }),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    cidrBlocks: cidrs,
  });
};

const subnet: Adapter = (raw, ctx) => {
  ctx.emit({
    kind: 'Subnet',
    meta: metaOf(raw, { mapPublicIpOnLaunch: ['map_public_ip_on_launch'], vpc: ['vpc_id'] }),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    vpc: refAt(ctx, raw, ['vpc_id']),
    cidrBlock: str(raw, ['cidr_block']),
    // aws_default_subnet maps public IPs on launch unless told otherwise.
    mapPublicIpOnLaunch:
      bool(raw, ['map_public_ip_on_launch']) ?? (raw.type === 'aws_default_subnet' ? true : undefined),
    assignIpv6OnCreation: bool(raw, ['assign_ipv6_address_on_creation']),
  });
};

const internetGateway =
  (egressOnly: boolean): Adapter =>
  (raw, ctx) => {
    ctx.emit({
      kind: 'InternetGateway',
      meta: metaOf(raw, { vpc: ['vpc_id'] }),
      id: str(raw, ['id']),
      arn: str(raw, ['arn']),
      tags: tags(raw),
      egressOnly,
      vpc: refAt(ctx, raw, ['vpc_id']),
    });
  };

const connectivityType = (raw: RawResource, path: Path): NatGateway['connectivityType'] => {
  const ct = str(raw, path);
  return ct === 'private' ? 'private' : ct === 'public' ? 'public' : undefined;
};

const natGateway: Adapter = (raw, ctx) => {
  const nat: NatGateway = {
    kind: 'NatGateway',
    meta: metaOf(raw, { connectivityType: ['connectivity_type'], subnet: ['subnet_id'] }),
    id: str(raw, ['id']),
    tags: tags(raw),
    subnet: refAt(ctx, raw, ['subnet_id']),
  };
  readWithDefault(nat, 'connectivityType', raw, ['connectivity_type'], connectivityType, DEFAULTS.natConnectivityType);
  ctx.emit(nat);
};

const elasticIp: Adapter = (raw, ctx) => {
  ctx.emit({
    kind: 'PublicIp',
    meta: metaOf(raw, { domain: ['domain'] }),
    id: str(raw, ['id']),
    tags: tags(raw),
    via: 'elastic-ip',
    domain: str(raw, ['domain']),
  });
};

type EndpointType = NonNullable<VpcEndpoint['endpointType']>;
const ENDPOINT_TYPES: readonly EndpointType[] = [
  'Interface',
  'Gateway',
  'GatewayLoadBalancer',
  'Resource',
  'ServiceNetwork',
];

const vpcEndpoint: Adapter = (raw, ctx) => {
  const type = str(raw, ['vpc_endpoint_type']);
  const meta = metaOf(raw, {
    policy: ['policy'],
    privateDnsEnabled: ['private_dns_enabled'],
    serviceName: ['service_name'],
    vpc: ['vpc_id'],
    subnets: ['subnet_ids'],
    securityGroups: ['security_group_ids'],
  });
  ctx.emit({
    kind: 'VpcEndpoint',
    meta,
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    vpc: refAt(ctx, raw, ['vpc_id']),
    serviceName: str(raw, ['service_name']),
    // Gateway is the provider's default type.
    endpointType:
      ENDPOINT_TYPES.find((t) => t === type) ?? (type === undefined ? DEFAULTS.vpcEndpointType.value : undefined),
    privateDnsEnabled: bool(raw, ['private_dns_enabled']),
    subnets: refsAt(ctx, raw, ['subnet_ids']),
    securityGroups: refsAt(ctx, raw, ['security_group_ids']),
    routeTables: refsAt(ctx, raw, ['route_table_ids']),
    // Optional+Computed: unset, AWS writes its full-access default (see computedPolicyAt).
    policy: computedPolicyAt(ctx, raw, ['policy'], meta),
  });
};

const FLOW_LOG_TARGETS: Array<[FlowLog['targetKind'], string]> = [
  ['vpc', 'vpc_id'],
  ['subnet', 'subnet_id'],
  ['network-interface', 'eni_id'],
  ['transit-gateway', 'transit_gateway_id'],
];

const flowLog: Adapter = (raw, ctx) => {
  let targetKind: FlowLog['targetKind'] = 'unknown';
  let target: Ref | undefined;
  for (const [kind, attr] of FLOW_LOG_TARGETS) {
    const ref = refAt(ctx, raw, [attr]);
    if (ref) {
      targetKind = kind;
      target = ref;
      break;
    }
  }
  ctx.emit({
    kind: 'FlowLog',
    meta: metaOf(raw, {}),
    id: str(raw, ['id']),
    tags: tags(raw),
    target,
    targetKind,
    trafficType: str(raw, ['traffic_type']),
  });
};

export const networkAdapters: Record<string, Adapter> = {
  aws_vpc: vpc,
  aws_default_vpc: vpc,
  aws_subnet: subnet,
  aws_default_subnet: subnet,
  aws_internet_gateway: internetGateway(false),
  aws_egress_only_internet_gateway: internetGateway(true),
  aws_nat_gateway: natGateway,
  aws_eip: elasticIp,
  aws_vpc_endpoint: vpcEndpoint,
  aws_flow_log: flowLog,
};

function endpointOf(ctx: AdapterContext, raw: RawResource): VpcEndpoint | undefined {
  return findParent(ctx, raw, ['vpc_endpoint_id'], 'VpcEndpoint');
}

export const networkFolders: Record<string, Folder> = {
  aws_vpc_endpoint_policy: (raw, ctx) => {
    const ep = endpointOf(ctx, raw);
    if (!ep) return;
    ep.policy = policyAt(ctx, raw, ['policy']) ?? { state: 'absent', origin: `${raw.address}.policy` };
    (ep.meta.origin ??= {}).policy = `${raw.address}.policy`;
    addUnknown(ep, raw, 'policy', ['policy']);
  },
  aws_vpc_endpoint_subnet_association: (raw, ctx) => {
    const ep = endpointOf(ctx, raw);
    const s = refAt(ctx, raw, ['subnet_id']);
    if (ep && s) ep.subnets.push(s);
  },
  aws_vpc_endpoint_security_group_association: (raw, ctx) => {
    const ep = endpointOf(ctx, raw);
    const g = refAt(ctx, raw, ['security_group_id']);
    if (ep && g) ep.securityGroups.push(g);
  },
  aws_vpc_endpoint_route_table_association: (raw, ctx) => {
    const ep = endpointOf(ctx, raw);
    const t = refAt(ctx, raw, ['route_table_id']);
    if (ep && t) ep.routeTables.push(t);
  },
  aws_internet_gateway_attachment: (raw, ctx) => {
    const igw = findParent(ctx, raw, ['internet_gateway_id'], 'InternetGateway');
    if (igw) igw.vpc = refAt(ctx, raw, ['vpc_id']);
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const networkFills: Fills = {
  aws_vpc: ['Vpc'],
  aws_default_vpc: ['Vpc'],
  aws_subnet: ['Subnet'],
  aws_default_subnet: ['Subnet'],
  aws_internet_gateway: ['InternetGateway'],
  aws_egress_only_internet_gateway: ['InternetGateway'],
  aws_internet_gateway_attachment: ['InternetGateway'],
  aws_nat_gateway: ['NatGateway'],
  aws_eip: ['PublicIp'],
  aws_vpc_endpoint: ['VpcEndpoint'],
  aws_vpc_endpoint_policy: ['VpcEndpoint'],
  aws_vpc_endpoint_subnet_association: ['VpcEndpoint'],
  aws_vpc_endpoint_security_group_association: ['VpcEndpoint'],
  aws_vpc_endpoint_route_table_association: ['VpcEndpoint'],
  aws_flow_log: ['FlowLog'],
};
