/** Plan adapters for security groups: inline rules, `aws_security_group_rule` and the VPC rule resources. */
import type { SecurityGroup, SecurityGroupRule } from '../../model/types.js';
import { own, type Json, type JsonObject } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import { blocks, metaOf, refAt, refsAt, str, tags, unknownAt, type Adapter, type AdapterContext } from './context.js';
import type { Fills } from './context.js';
import { findParent, type Folder } from './fold.js';

function list(v: Json | undefined): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string' && x !== '')
    : typeof v === 'string' && v
      ? [v]
      : [];
}

function port(v: Json | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function inlineRule(
  ctx: AdapterContext,
  raw: RawResource,
  b: JsonObject,
  direction: 'ingress' | 'egress',
  i: number,
): SecurityGroupRule {
  const base = [direction, i];
  return {
    direction,
    protocol: typeof own(b, 'protocol') === 'string' ? String(own(b, 'protocol')) : undefined,
    fromPort: port(own(b, 'from_port')),
    toPort: port(own(b, 'to_port')),
    cidrs: list(own(b, 'cidr_blocks')),
    ipv6Cidrs: list(own(b, 'ipv6_cidr_blocks')),
    prefixLists: list(own(b, 'prefix_list_ids')),
    groups: refsAt(ctx, raw, [...base, 'security_groups']),
    self: own(b, 'self') === true || undefined,
    peersUnknown:
      unknownAt(raw, [...base, 'cidr_blocks']) || unknownAt(raw, [...base, 'ipv6_cidr_blocks']) || undefined,
    origin: `${raw.address}.${direction}[${i}]`,
  };
}

const securityGroup: Adapter = (raw, ctx) => {
  const rules: SecurityGroupRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    blocks(raw, [direction]).forEach((b, i) => {
      rules.push(inlineRule(ctx, raw, b, direction, i));
    });
  }
  const sg: SecurityGroup = {
    kind: 'SecurityGroup',
    meta: metaOf(raw, { rules: ['egress'], vpc: ['vpc_id'] }),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    vpc: refAt(ctx, raw, ['vpc_id']),
    rules,
  };
  ctx.emit(sg);
};

export const securityGroupAdapters: Record<string, Adapter> = {
  aws_security_group: securityGroup,
  aws_default_security_group: securityGroup,
};

function attach(ctx: AdapterContext, raw: RawResource, rule: SecurityGroupRule): void {
  const sg: SecurityGroup | undefined = findParent(ctx, raw, ['security_group_id'], 'SecurityGroup');
  if (sg) sg.rules.push(rule);
  else ctx.emit({ kind: 'SecurityGroup', meta: metaOf(raw, {}), rules: [rule] });
}

export const securityGroupFolders: Record<string, Folder> = {
  aws_security_group_rule: (raw, ctx) => {
    const direction = str(raw, ['type']) === 'egress' ? 'egress' : 'ingress';
    attach(ctx, raw, {
      direction,
      protocol: str(raw, ['protocol']),
      fromPort: port(own(raw.values, 'from_port')),
      toPort: port(own(raw.values, 'to_port')),
      cidrs: list(own(raw.values, 'cidr_blocks')),
      ipv6Cidrs: list(own(raw.values, 'ipv6_cidr_blocks')),
      prefixLists: list(own(raw.values, 'prefix_list_ids')),
      groups: refsAt(ctx, raw, ['source_security_group_id']),
      self: own(raw.values, 'self') === true || undefined,
      peersUnknown: unknownAt(raw, ['cidr_blocks']) || unknownAt(raw, ['ipv6_cidr_blocks']) || undefined,
      origin: raw.address,
    });
  },
  aws_vpc_security_group_ingress_rule: (raw, ctx) => attach(ctx, raw, vpcRule(ctx, raw, 'ingress')),
  aws_vpc_security_group_egress_rule: (raw, ctx) => attach(ctx, raw, vpcRule(ctx, raw, 'egress')),
};

function vpcRule(ctx: AdapterContext, raw: RawResource, direction: 'ingress' | 'egress'): SecurityGroupRule {
  return {
    direction,
    protocol: str(raw, ['ip_protocol']),
    fromPort: port(own(raw.values, 'from_port')),
    toPort: port(own(raw.values, 'to_port')),
    cidrs: list(own(raw.values, 'cidr_ipv4')),
    ipv6Cidrs: list(own(raw.values, 'cidr_ipv6')),
    prefixLists: list(own(raw.values, 'prefix_list_id')),
    groups: refsAt(ctx, raw, ['referenced_security_group_id']),
    peersUnknown: unknownAt(raw, ['cidr_ipv4']) || unknownAt(raw, ['cidr_ipv6']) || undefined,
    origin: raw.address,
  };
}

/** Terraform types this module reads and the model kinds it fills from them. */
export const securityGroupFills: Fills = {
  aws_security_group: ['SecurityGroup'],
  aws_default_security_group: ['SecurityGroup'],
  aws_security_group_rule: ['SecurityGroup'],
  aws_vpc_security_group_ingress_rule: ['SecurityGroup'],
  aws_vpc_security_group_egress_rule: ['SecurityGroup'],
};
