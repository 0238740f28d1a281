import { describe, it } from 'vitest';
import type { JsonValue, ResourceSpec } from '../support/planBuilder.js';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const VPC: ResourceSpec = { address: 'aws_vpc.main', values: { cidr_block: '10.20.0.0/16' }, unknown: { id: true } };
const SUBNET: ResourceSpec = {
  address: 'aws_subnet.a',
  values: { cidr_block: '10.20.1.0/24' },
  unknown: { id: true, vpc_id: true },
  expressions: { cidr_block: { constant_value: '10.20.1.0/24' }, vpc_id: ref('aws_vpc.main.id') },
};
const OUTBOUND: ResourceSpec = {
  address: 'aws_route53_resolver_endpoint.out',
  values: {
    direction: 'OUTBOUND',
    name: 'out',
    ip_address: [{ subnet_id: null, ip: null }],
    security_group_ids: ['sg-1'],
  },
  unknown: { id: true, host_vpc_id: true, ip_address: [{ subnet_id: true, ip: true }] },
  expressions: { direction: { constant_value: 'OUTBOUND' }, ip_address: [{ subnet_id: ref('aws_subnet.a.id') }] },
};
const FIREWALL: ResourceSpec = {
  address: 'aws_route53_resolver_firewall_rule_group_association.main',
  values: { name: 'main', priority: 101, firewall_rule_group_id: 'rslvr-frg-1' },
  unknown: { id: true, vpc_id: true },
  expressions: { name: { constant_value: 'main' }, vpc_id: ref('aws_vpc.main.id') },
};

function forward(name: string, ips: string[]): ResourceSpec {
  return {
    address: `aws_route53_resolver_rule.${name}`,
    values: {
      rule_type: 'FORWARD',
      domain_name: `${name}.example.`,
      target_ip: ips.map((ip) => ({ ip, port: 53, protocol: 'Do53', ipv6: null })),
    },
    unknown: { id: true, resolver_endpoint_id: true },
    expressions: {
      rule_type: { constant_value: 'FORWARD' },
      domain_name: { constant_value: `${name}.example.` },
      resolver_endpoint_id: ref('aws_route53_resolver_endpoint.out.id'),
    },
  };
}

/** Associates `aws_route53_resolver_rule.<rule>` with the boundary VPC (both known only after apply). */
function associate(rule: string, vpc: JsonValue = ref('aws_vpc.main.id')): ResourceSpec {
  return {
    address: `aws_route53_resolver_rule_association.${rule}`,
    values: {},
    unknown: { id: true, resolver_rule_id: true, vpc_id: true },
    expressions: { resolver_rule_id: ref(`aws_route53_resolver_rule.${rule}.id`), vpc_id: vpc },
  };
}

/** A rule with its association to the boundary VPC: what forwards the VPC's queries. */
const forwarding = (name: string, ips: string[]): ResourceSpec[] => [forward(name, ips), associate(name)];

/** A shared-services VPC outside the boundary, with an outbound endpoint of its own. */
const SHARED_VPC: ResourceSpec = {
  address: 'aws_vpc.shared',
  values: { cidr_block: '10.30.0.0/16' },
  unknown: { id: true },
};
const SHARED_SUBNET: ResourceSpec = {
  ...SUBNET,
  address: 'aws_subnet.shared',
  values: { cidr_block: '10.30.1.0/24' },
  expressions: { cidr_block: { constant_value: '10.30.1.0/24' }, vpc_id: ref('aws_vpc.shared.id') },
};
const SHARED_OUTBOUND: ResourceSpec = {
  ...OUTBOUND,
  address: 'aws_route53_resolver_endpoint.shared',
  expressions: { direction: { constant_value: 'OUTBOUND' }, ip_address: [{ subnet_id: ref('aws_subnet.shared.id') }] },
};
/** `forward` through the shared endpoint. */
function forwardShared(name: string, ips: string[]): ResourceSpec {
  const r = forward(name, ips);
  return {
    ...r,
    expressions: { ...r.expressions, resolver_endpoint_id: ref('aws_route53_resolver_endpoint.shared.id') },
  };
}
const SHARED_BASE = [VPC, SUBNET, SHARED_VPC, SHARED_SUBNET, SHARED_OUTBOUND, FIREWALL];

const cases: RuleCase[] = [
  {
    name: 'forwarding to a resolver inside the boundary VPC, with a DNS Firewall, passes',
    plan: { resources: [VPC, SUBNET, OUTBOUND, ...forwarding('corp', ['10.20.1.10']), FIREWALL] },
    expect: { 'aws_route53_resolver_endpoint.out': 'pass', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'forwarding to a public resolver fails',
    plan: { resources: [VPC, SUBNET, OUTBOUND, ...forwarding('all', ['8.8.8.8']), FIREWALL] },
    expect: { 'aws_route53_resolver_endpoint.out': 'fail', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'forwarding to an address outside every boundary VPC (on premises) fails',
    plan: { resources: [VPC, SUBNET, OUTBOUND, ...forwarding('onprem', ['192.168.50.2']), FIREWALL] },
    expect: { 'aws_route53_resolver_endpoint.out': 'fail', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an outbound endpoint no rule uses passes',
    plan: { resources: [VPC, SUBNET, OUTBOUND, FIREWALL] },
    expect: { 'aws_route53_resolver_endpoint.out': 'pass', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'forwarding targets unknown until apply are not assessed',
    plan: {
      resources: [
        VPC,
        SUBNET,
        OUTBOUND,
        { ...forward('x', []), unknown: { id: true, resolver_endpoint_id: true, target_ip: true } },
        associate('x'),
        FIREWALL,
      ],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'not-assessed/unknown-at-plan', 'aws_vpc.main': 'pass' },
  },
  {
    // Only the queries of a VPC the rule is associated with are forwarded: an unassociated rule is idle.
    name: 'a rule forwarding to a public resolver but associated with no VPC forwards nothing and passes',
    plan: { resources: [VPC, SUBNET, OUTBOUND, forward('idle', ['8.8.8.8']), FIREWALL] },
    expect: { 'aws_route53_resolver_endpoint.out': 'pass', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an idle public rule beside an associated rule forwarding inside the boundary passes',
    plan: {
      resources: [VPC, SUBNET, OUTBOUND, forward('idle', ['8.8.8.8']), ...forwarding('corp', ['10.20.1.10']), FIREWALL],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'pass', 'aws_vpc.main': 'pass' },
  },
  {
    // Shared through RAM, the rule may be associated in the accounts it is shared with: not idle here.
    name: 'a public rule with no association here but shared with other accounts is judged as associated',
    plan: {
      resources: [
        VPC,
        SUBNET,
        OUTBOUND,
        { ...forward('all', ['8.8.8.8']), unknown: { id: true, arn: true, resolver_endpoint_id: true } },
        {
          address: 'aws_ram_resource_association.all',
          values: { resource_share_arn: 'arn:aws:ram:us-east-1:111111111111:resource-share/x' },
          unknown: { id: true, resource_arn: true },
          expressions: { resource_arn: ref('aws_route53_resolver_rule.all.arn') },
        },
        FIREWALL,
      ],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'fail', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'a rule associated with a VPC named by id (not managed here) forwards, and fails',
    plan: {
      resources: [
        VPC,
        SUBNET,
        OUTBOUND,
        forward('all', ['8.8.8.8']),
        {
          ...associate('all', { constant_value: 'vpc-0abc' }),
          values: { vpc_id: 'vpc-0abc' },
          unknown: { id: true, resolver_rule_id: true },
        },
        FIREWALL,
      ],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'fail', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an association whose VPC is unknown until apply leaves a public rule not assessed',
    plan: {
      resources: [
        VPC,
        SUBNET,
        OUTBOUND,
        forward('all', ['8.8.8.8']),
        associate('all', { references: ['module.net.vpc_id', 'module.net'] }),
        FIREWALL,
      ],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'not-assessed/unknown-at-plan', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an association naming a rule that cannot be told leaves a public rule not assessed',
    plan: {
      resources: [
        VPC,
        SUBNET,
        OUTBOUND,
        forward('all', ['8.8.8.8']),
        {
          ...associate('other'),
          expressions: {
            resolver_rule_id: { references: ['module.dns.rule_id', 'module.dns'] },
            vpc_id: ref('aws_vpc.main.id'),
          },
        },
        FIREWALL,
      ],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'not-assessed/unknown-at-plan', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an unsettled association does not hold back a rule that forwards inside the boundary',
    plan: {
      resources: [
        VPC,
        SUBNET,
        OUTBOUND,
        forward('corp', ['10.20.1.10']),
        associate('corp', { references: ['module.net.vpc_id', 'module.net'] }),
        FIREWALL,
      ],
    },
    expect: { 'aws_route53_resolver_endpoint.out': 'pass', 'aws_vpc.main': 'pass' },
  },
  {
    // The boundary VPC's queries leave through an endpoint in a VPC outside the boundary.
    name: 'an endpoint outside the boundary forwarding a boundary VPC to a public resolver fails',
    plan: { resources: [...SHARED_BASE, forwardShared('all', ['8.8.8.8']), associate('all')] },
    config: { boundaryVpcs: ['aws_vpc.main'] },
    expect: { 'aws_route53_resolver_endpoint.shared': 'fail', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an endpoint outside the boundary forwarding only VPCs outside it is not the boundary’s to judge',
    plan: {
      resources: [...SHARED_BASE, forwardShared('all', ['8.8.8.8']), associate('all', ref('aws_vpc.shared.id'))],
    },
    config: { boundaryVpcs: ['aws_vpc.main'] },
    expect: { 'aws_vpc.main': 'pass' },
  },
  {
    name: 'an endpoint outside the boundary forwarding a boundary VPC to a resolver inside the boundary passes',
    plan: { resources: [...SHARED_BASE, forwardShared('corp', ['10.20.1.10']), associate('corp')] },
    config: { boundaryVpcs: ['aws_vpc.main'] },
    expect: { 'aws_route53_resolver_endpoint.shared': 'pass', 'aws_vpc.main': 'pass' },
  },
  {
    name: 'a boundary VPC without a DNS Firewall fails (regulated profile)',
    plan: { resources: [VPC] },
    expect: { 'aws_vpc.main': 'fail' },
  },
  {
    name: 'the DNS Firewall part does not run in the baseline profile',
    plan: { resources: [VPC] },
    config: { profile: 'baseline' },
    expect: {},
  },
  {
    name: 'an inbound endpoint is not examined',
    plan: {
      resources: [
        VPC,
        SUBNET,
        {
          ...OUTBOUND,
          address: 'aws_route53_resolver_endpoint.in',
          values: { ...OUTBOUND.values, direction: 'INBOUND' },
          expressions: { direction: { constant_value: 'INBOUND' } },
        },
        FIREWALL,
      ],
    },
    expect: { 'aws_vpc.main': 'pass' },
  },
];

describe('EGR-002 DNS egress', () => {
  for (const c of cases) it(c.name, () => checkCase('EGR-002', c));
});
