import { describe, it } from 'vitest';
import { ref, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const vpc: ResourceSpec = { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } };
const REQUIRED = [
  'bedrock-runtime',
  'bedrock-agent-runtime',
  'bedrock',
  'bedrock-agent',
  'kms',
  'secretsmanager',
  'logs',
  'monitoring',
  'sts',
];

function ep(service: string, extra: Record<string, unknown> = {}, region = 'us-east-1'): ResourceSpec {
  const gateway = service === 's3';
  return {
    address: `aws_vpc_endpoint.${service.replace(/-/g, '_')}`,
    values: {
      service_name: `com.amazonaws.${region}.${service}`,
      vpc_endpoint_type: gateway ? 'Gateway' : 'Interface',
      private_dns_enabled: !gateway,
      ...extra,
    } as ResourceSpec['values'],
    unknown: { id: true, vpc_id: true, policy: true },
    expressions: {
      vpc_id: ref('aws_vpc.main.id'),
      service_name: { constant_value: `com.amazonaws.${region}.${service}` },
    },
  };
}

const net011: RuleCase[] = [
  { name: 'a VPC without a flow log fails', plan: { resources: [vpc] }, expect: { 'aws_vpc.main': 'fail' } },
  {
    name: 'a VPC with a flow log referencing it passes',
    plan: {
      resources: [
        vpc,
        {
          address: 'aws_flow_log.f',
          values: { traffic_type: 'ALL' },
          unknown: { id: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.main.id') },
        },
      ],
    },
    expect: { 'aws_vpc.main': 'pass' },
  },
];

const dep001: RuleCase[] = [
  {
    name: 'a VPC with every required endpoint passes',
    plan: { resources: [vpc, ...[...REQUIRED, 's3'].map((s) => ep(s))] },
    expect: { 'aws_vpc.main': 'pass' },
  },
  {
    name: 'FIPS endpoint names satisfy the service',
    plan: {
      resources: [
        vpc,
        ...[...REQUIRED.filter((s) => s !== 'kms'), 's3'].map((s) => ep(s)),
        { ...ep('kms-fips'), address: 'aws_vpc_endpoint.kmsfips' },
      ],
    },
    expect: { 'aws_vpc.main': 'pass' },
  },
  {
    name: 'a VPC missing bedrock-runtime fails',
    plan: { resources: [vpc, ...[...REQUIRED.filter((s) => s !== 'bedrock-runtime'), 's3'].map((s) => ep(s))] },
    expect: { 'aws_vpc.main': 'fail' },
  },
  {
    name: 'an endpoint in another region does not count',
    plan: {
      resources: [
        vpc,
        ...[...REQUIRED.filter((s) => s !== 'sts'), 's3'].map((s) => ep(s)),
        { ...ep('sts', {}, 'eu-west-1') },
      ],
    },
    expect: { 'aws_vpc.main': 'fail' },
  },
  {
    name: 'an endpoint whose service name is unknown leaves the verdict open',
    plan: {
      resources: [
        vpc,
        ...[...REQUIRED.filter((s) => s !== 'logs'), 's3'].map((s) => ep(s)),
        {
          address: 'aws_vpc_endpoint.x',
          values: {},
          unknown: { service_name: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.main.id'), service_name: { references: ['var.svc'] } },
        },
      ],
    },
    expect: { 'aws_vpc.main': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'requiredEndpoints narrows the list',
    plan: { resources: [vpc, ep('kms')] },
    config: { requiredEndpoints: ['kms'] },
    expect: { 'aws_vpc.main': 'pass' },
  },
];

const dep002: RuleCase[] = [
  {
    name: 'an interface endpoint with private DNS passes',
    plan: { resources: [ep('kms')] },
    expect: { 'aws_vpc_endpoint.kms': 'pass' },
  },
  {
    name: 'an interface endpoint without private DNS fails',
    plan: { resources: [ep('kms', { private_dns_enabled: false })] },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'private DNS unknown at plan time is not assessed',
    plan: {
      resources: [
        { ...ep('kms', { private_dns_enabled: null }), unknown: { private_dns_enabled: true, vpc_id: true } },
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'not-assessed/unknown-at-plan' },
  },
  { name: 'gateway endpoints are not examined', plan: { resources: [ep('s3')] }, expect: {} },
];

const privateSubnet: ResourceSpec = {
  address: 'aws_subnet.a',
  values: { cidr_block: '10.0.1.0/24' },
  unknown: { id: true, vpc_id: true },
  expressions: { vpc_id: ref('aws_vpc.main.id') },
};
const sg = (ingress: Record<string, unknown>[]): ResourceSpec => ({
  address: 'aws_security_group.ep',
  values: {
    ingress: ingress.map((r) => ({
      cidr_blocks: [],
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      security_groups: [],
      self: false,
      ...r,
    })),
    egress: [],
  } as ResourceSpec['values'],
  unknown: { id: true, vpc_id: true },
  expressions: { vpc_id: ref('aws_vpc.main.id') },
});
const placed = (): ResourceSpec => ({
  ...ep('kms'),
  unknown: { id: true, vpc_id: true, subnet_ids: true, security_group_ids: true },
  expressions: {
    vpc_id: ref('aws_vpc.main.id'),
    subnet_ids: ref('aws_subnet.a.id'),
    security_group_ids: ref('aws_security_group.ep.id'),
  },
});

const dep003: RuleCase[] = [
  {
    name: 'an endpoint in a private subnet behind a tcp/443 VPC-only group passes',
    plan: {
      resources: [
        vpc,
        privateSubnet,
        sg([{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'] }]),
        placed(),
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'pass' },
  },
  {
    name: 'a group open to 0.0.0.0/0 fails',
    plan: {
      resources: [
        vpc,
        privateSubnet,
        sg([{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }]),
        placed(),
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'a group admitting all ports fails',
    plan: {
      resources: [
        vpc,
        privateSubnet,
        sg([{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['10.0.0.0/16'] }]),
        placed(),
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'a subnet whose route table has an internet route fails',
    plan: {
      resources: [
        vpc,
        privateSubnet,
        sg([{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'] }]),
        placed(),
        {
          address: 'aws_route_table.rt',
          values: { route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' }] },
          unknown: { id: true },
        },
        {
          address: 'aws_route_table_association.a',
          values: {},
          unknown: { id: true, subnet_id: true, route_table_id: true },
          expressions: { subnet_id: ref('aws_subnet.a.id'), route_table_id: ref('aws_route_table.rt.id') },
        },
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'a splat reference (subnet_ids = aws_subnet.p[*].id) names every instance: the second subnet routes out and fails',
    plan: {
      resources: [
        vpc,
        { address: 'aws_subnet.p[0]', values: { cidr_block: '10.0.1.0/24' }, unknown: { id: true } },
        { address: 'aws_subnet.p[1]', values: { cidr_block: '10.0.2.0/24' }, unknown: { id: true } },
        sg([{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'] }]),
        {
          ...ep('kms'),
          unknown: { id: true, vpc_id: true, subnet_ids: true, security_group_ids: true },
          expressions: {
            vpc_id: ref('aws_vpc.main.id'),
            subnet_ids: { references: ['aws_subnet.p'] },
            security_group_ids: ref('aws_security_group.ep.id'),
          },
        },
        {
          address: 'aws_route_table.rt',
          values: { route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' }] },
          unknown: { id: true },
        },
        {
          address: 'aws_route_table_association.a',
          values: {},
          unknown: { id: true, subnet_id: true, route_table_id: true },
          expressions: { subnet_id: ref('aws_subnet.p[1].id'), route_table_id: ref('aws_route_table.rt.id') },
        },
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'fail' },
  },
  {
    name: 'no security group named: the default group applies and needs review',
    plan: {
      resources: [
        vpc,
        privateSubnet,
        {
          ...placed(),
          unknown: { id: true, vpc_id: true, subnet_ids: true },
          expressions: { vpc_id: ref('aws_vpc.main.id'), subnet_ids: ref('aws_subnet.a.id') },
        },
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'not-assessed/needs-review' },
  },
  {
    name: 'a security group outside the input is not assessed',
    plan: {
      resources: [
        vpc,
        privateSubnet,
        { ...ep('kms', { security_group_ids: ['sg-elsewhere'], subnet_ids: ['subnet-x'] }) },
      ],
    },
    expect: { 'aws_vpc_endpoint.kms': 'not-assessed/unknown-at-plan' },
  },
];

describe('NET-011 flow logs', () => {
  for (const c of net011) it(c.name, () => checkCase('NET-011', c));
});
describe('DEP-001 required endpoints', () => {
  for (const c of dep001) it(c.name, () => checkCase('DEP-001', c));
});
describe('DEP-002 private DNS', () => {
  for (const c of dep002) it(c.name, () => checkCase('DEP-002', c));
});
describe('DEP-003 endpoint placement', () => {
  for (const c of dep003) it(c.name, () => checkCase('DEP-003', c));
});
