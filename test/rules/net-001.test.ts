import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const vpc = { address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true, arn: true } };

const cases: RuleCase[] = [
  { name: 'a VPC without an internet gateway passes', plan: { resources: [vpc] }, expect: { 'aws_vpc.main': 'pass' } },
  {
    name: 'an internet gateway attached to the VPC fails',
    plan: {
      resources: [
        vpc,
        {
          address: 'aws_internet_gateway.gw',
          values: {},
          unknown: { id: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.main.id') },
        },
      ],
    },
    expect: { 'aws_internet_gateway.gw': 'fail' },
  },
  {
    name: 'an internet gateway inside a child module fails against its module address',
    plan: {
      resources: [
        { address: 'module.net.aws_vpc.this[0]', values: { cidr_block: '10.1.0.0/16' }, unknown: { id: true } },
        {
          address: 'module.net.aws_internet_gateway.this[0]',
          values: {},
          unknown: { id: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.this[0].id') },
        },
      ],
      modules: { 'module.net': { source: 'terraform-aws-modules/vpc/aws', version: '5.8.1' } },
    },
    expect: { 'module.net.aws_internet_gateway.this[0]': 'fail' },
  },
  {
    name: 'an internet gateway attached through aws_internet_gateway_attachment is found',
    plan: {
      resources: [
        vpc,
        { address: 'aws_internet_gateway.gw', values: {}, unknown: { id: true } },
        {
          address: 'aws_internet_gateway_attachment.a',
          values: {},
          unknown: { id: true, vpc_id: true, internet_gateway_id: true },
          expressions: { vpc_id: ref('aws_vpc.main.id'), internet_gateway_id: ref('aws_internet_gateway.gw.id') },
        },
      ],
    },
    expect: { 'aws_internet_gateway.gw': 'fail' },
  },
  {
    name: 'an internet gateway outside the configured boundary is not examined',
    plan: {
      resources: [
        vpc,
        { address: 'aws_vpc.edge', values: { cidr_block: '10.9.0.0/16' }, unknown: { id: true } },
        {
          address: 'aws_internet_gateway.edge',
          values: {},
          unknown: { id: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.edge.id') },
        },
      ],
    },
    config: { boundaryVpcs: ['aws_vpc.main'] },
    expect: { 'aws_vpc.main': 'pass' },
  },
  {
    name: 'a gateway being deleted does not count',
    plan: {
      resources: [vpc, { address: 'aws_internet_gateway.old', values: { vpc_id: 'vpc-1' }, actions: ['delete'] }],
    },
    expect: { 'aws_vpc.main': 'pass' },
  },
];

describe('NET-001 internet gateway', () => {
  for (const c of cases) it(c.name, () => checkCase('NET-001', c));
});
