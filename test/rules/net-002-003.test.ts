import { describe, it } from 'vitest';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const nat = (name: string, values: Record<string, string | null>, unknown: Record<string, boolean> = {}) => ({
  address: `aws_nat_gateway.${name}`,
  values,
  unknown: { id: true, ...unknown },
});

const natCases: RuleCase[] = [
  {
    name: 'a private NAT gateway passes',
    plan: { resources: [nat('p', { connectivity_type: 'private' })] },
    expect: { 'aws_nat_gateway.p': 'pass' },
  },
  {
    name: 'a public NAT gateway fails',
    plan: { resources: [nat('pub', { connectivity_type: 'public' })] },
    expect: { 'aws_nat_gateway.pub': 'fail' },
  },
  {
    name: 'connectivity_type left unset is public (the provider default) and fails',
    plan: { resources: [nat('d', { connectivity_type: null })] },
    expect: { 'aws_nat_gateway.d': 'fail' },
  },
  {
    name: 'connectivity_type unknown at plan time is not assessed',
    plan: {
      resources: [
        {
          ...nat('u', {}, { connectivity_type: true }),
          expressions: { connectivity_type: { references: ['var.mode'] } },
        },
      ],
    },
    expect: { 'aws_nat_gateway.u': 'not-assessed/unknown-at-plan' },
  },
];

const eigwCases: RuleCase[] = [
  {
    name: 'an egress-only internet gateway fails',
    plan: { resources: [{ address: 'aws_egress_only_internet_gateway.e', values: { vpc_id: 'vpc-123' } }] },
    expect: { 'aws_egress_only_internet_gateway.e': 'fail' },
  },
  {
    name: 'no egress-only gateway: nothing to examine',
    plan: { resources: [{ address: 'aws_vpc.v', values: { cidr_block: '10.0.0.0/16' } }] },
    expect: {},
  },
];

describe('NET-002 public NAT gateway', () => {
  for (const c of natCases) it(c.name, () => checkCase('NET-002', c));
});
describe('NET-003 egress-only internet gateway', () => {
  for (const c of eigwCases) it(c.name, () => checkCase('NET-003', c));
});
