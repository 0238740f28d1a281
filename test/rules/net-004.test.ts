import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const table = (routes: Record<string, string | null>[], extra: Record<string, unknown> = {}) => ({
  address: 'aws_route_table.rt',
  values: {
    route: routes.map((r) => ({
      cidr_block: null,
      ipv6_cidr_block: null,
      gateway_id: null,
      nat_gateway_id: null,
      transit_gateway_id: null,
      vpc_peering_connection_id: null,
      ...r,
    })),
  },
  unknown: { id: true },
  ...extra,
});

const cases: RuleCase[] = [
  {
    name: 'a table with only local routes passes',
    plan: { resources: [table([{ cidr_block: '10.0.0.0/16', gateway_id: 'local' }])] },
    expect: { 'aws_route_table.rt': 'pass' },
  },
  {
    name: 'an inline 0.0.0.0/0 route to an internet gateway fails',
    plan: { resources: [table([{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc' }])] },
    expect: { 'aws_route_table.rt': 'fail' },
  },
  {
    name: 'a ::/0 route via an egress-only gateway fails',
    plan: { resources: [table([{ ipv6_cidr_block: '::/0', egress_only_gateway_id: 'eigw-1' }])] },
    expect: { 'aws_route_table.rt': 'fail' },
  },
  {
    name: 'a route to a transit gateway needs review, not pass',
    plan: { resources: [table([{ cidr_block: '0.0.0.0/0', transit_gateway_id: 'tgw-0123' }])] },
    expect: { 'aws_route_table.rt': 'not-assessed/needs-review' },
  },
  {
    name: 'a route to a VPC peering connection needs review',
    plan: { resources: [table([{ cidr_block: '0.0.0.0/0', vpc_peering_connection_id: 'pcx-1' }])] },
    expect: { 'aws_route_table.rt': 'not-assessed/needs-review' },
  },
  {
    name: 'an aws_route to a NAT gateway unknown at plan time fails (the target is set in configuration)',
    plan: {
      resources: [
        table([]),
        { address: 'aws_nat_gateway.n', values: { connectivity_type: 'public' }, unknown: { id: true } },
        {
          address: 'aws_route.out',
          values: { destination_cidr_block: '0.0.0.0/0' },
          unknown: {
            id: true,
            nat_gateway_id: true,
            route_table_id: true,
            gateway_id: true,
            instance_id: true,
            network_interface_id: true,
          },
          expressions: {
            destination_cidr_block: { constant_value: '0.0.0.0/0' },
            nat_gateway_id: ref('aws_nat_gateway.n.id'),
            route_table_id: ref('aws_route_table.rt.id'),
          },
        },
      ],
    },
    expect: { 'aws_route_table.rt': 'fail' },
  },
  {
    name: 'a default route through a private NAT gateway needs review',
    plan: {
      resources: [
        table([]),
        { address: 'aws_nat_gateway.p', values: { connectivity_type: 'private' }, unknown: { id: true } },
        {
          address: 'aws_route.out',
          values: { destination_cidr_block: '0.0.0.0/0' },
          unknown: { id: true, nat_gateway_id: true, route_table_id: true },
          expressions: {
            destination_cidr_block: { constant_value: '0.0.0.0/0' },
            nat_gateway_id: ref('aws_nat_gateway.p.id'),
            route_table_id: ref('aws_route_table.rt.id'),
          },
        },
      ],
    },
    expect: { 'aws_route_table.rt': 'not-assessed/needs-review' },
  },
  {
    name: 'a route whose destination is unknown at plan time is not assessed',
    plan: {
      resources: [
        table([]),
        {
          address: 'aws_route.r',
          values: { gateway_id: 'igw-1' },
          unknown: { id: true, destination_cidr_block: true, route_table_id: true },
          expressions: {
            gateway_id: { constant_value: 'igw-1' },
            destination_cidr_block: { references: ['var.cidr'] },
            route_table_id: ref('aws_route_table.rt.id'),
          },
        },
      ],
    },
    expect: { 'aws_route_table.rt': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'routes written with count.index land on the table with the same index',
    plan: {
      resources: [
        { address: 'aws_route_table.p[0]', values: { route: [] }, unknown: { id: true } },
        { address: 'aws_route_table.p[1]', values: { route: [] }, unknown: { id: true } },
        {
          address: 'aws_route.r[1]',
          values: { destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw-9' },
          unknown: { id: true, route_table_id: true },
          expressions: {
            destination_cidr_block: { constant_value: '0.0.0.0/0' },
            gateway_id: { constant_value: 'igw-9' },
            route_table_id: ref('aws_route_table.p'),
          },
        },
      ],
    },
    expect: { 'aws_route_table.p[0]': 'pass', 'aws_route_table.p[1]': 'fail' },
  },
];

describe('NET-004 default route', () => {
  for (const c of cases) it(c.name, () => checkCase('NET-004', c));
});
