import { describe, it } from 'vitest';
import type { JsonValue, ResourceSpec } from '../support/planBuilder.js';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const VPC: ResourceSpec = { address: 'aws_vpc.main', values: { cidr_block: '10.20.0.0/16' }, unknown: { id: true } };

function egress(cidrs: string[], extra: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  return {
    from_port: 443,
    to_port: 443,
    protocol: 'tcp',
    cidr_blocks: cidrs,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    security_groups: [],
    self: false,
    description: '',
    ...extra,
  };
}

function sg(name: string, rules: Array<Record<string, JsonValue>>): ResourceSpec {
  const values = { name, egress: rules, ingress: [] };
  return {
    address: `aws_security_group.${name}`,
    values,
    unknown: { id: true, vpc_id: true },
    expressions: { name: { constant_value: name }, vpc_id: ref('aws_vpc.main.id'), egress: { constant_value: rules } },
  };
}

const cases: RuleCase[] = [
  {
    name: 'egress to the VPC CIDR passes',
    plan: { resources: [VPC, sg('app', [egress(['10.20.0.0/16'])])] },
    expect: { 'aws_security_group.app': 'pass' },
  },
  {
    name: 'egress to a prefix list passes',
    plan: { resources: [VPC, sg('app', [egress([], { prefix_list_ids: ['pl-63a5400a'] })])] },
    expect: { 'aws_security_group.app': 'pass' },
  },
  {
    name: 'no egress rules pass (Terraform removes the default allow-all)',
    plan: { resources: [VPC, sg('app', [])] },
    expect: { 'aws_security_group.app': 'pass' },
  },
  {
    name: 'egress to 0.0.0.0/0 fails',
    plan: { resources: [VPC, sg('app', [egress(['0.0.0.0/0'])])] },
    expect: { 'aws_security_group.app': 'fail' },
  },
  {
    name: 'egress to ::/0 fails',
    plan: { resources: [VPC, sg('app', [egress([], { ipv6_cidr_blocks: ['::/0'] })])] },
    expect: { 'aws_security_group.app': 'fail' },
  },
  {
    name: 'egress split into 0.0.0.0/1 and 128.0.0.0/1 is the internet too and fails',
    plan: { resources: [VPC, sg('app', [egress(['0.0.0.0/1', '128.0.0.0/1'])])] },
    expect: { 'aws_security_group.app': 'fail' },
  },
  {
    name: 'egress to a public range fails',
    plan: { resources: [VPC, sg('app', [egress(['52.94.0.0/16'])])] },
    expect: { 'aws_security_group.app': 'fail' },
  },
  {
    name: 'an aws_vpc_security_group_egress_rule to 0.0.0.0/0 folds into its group and fails',
    plan: {
      resources: [
        VPC,
        sg('app', []),
        {
          address: 'aws_vpc_security_group_egress_rule.all',
          values: { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' },
          unknown: { id: true, security_group_id: true },
          expressions: {
            ip_protocol: { constant_value: '-1' },
            cidr_ipv4: { constant_value: '0.0.0.0/0' },
            security_group_id: ref('aws_security_group.app.id'),
          },
        },
      ],
    },
    expect: { 'aws_security_group.app': 'fail' },
  },
  {
    name: 'egress peers unknown until apply are not assessed',
    plan: {
      resources: [
        VPC,
        { ...sg('app', [egress([])]), unknown: { id: true, vpc_id: true, egress: [{ cidr_blocks: true }] } },
      ],
    },
    expect: { 'aws_security_group.app': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a security group outside the configured boundary VPCs is not examined',
    plan: { resources: [VPC, sg('app', [egress(['0.0.0.0/0'])])] },
    config: { boundaryVpcs: ['aws_vpc.other'] },
    expect: {},
  },
];

describe('EGR-001 security-group egress', () => {
  for (const c of cases) it(c.name, () => checkCase('EGR-001', c));
});
