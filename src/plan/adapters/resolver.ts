/**
 * Plan adapters for Route 53 Resolver: endpoints, the FORWARD rules that send queries out through an
 * outbound endpoint (folded into it), and DNS Firewall rule-group associations (folded into the VPC).
 */
import { resolve } from '../../model/inventory.js';
import type { ResolverEndpoint, ResolverForwardingRule } from '../../model/types.js';
import { own } from '../configuration.js';
import { blocks, metaOf, refAt, refsAt, str, tags, unknownAt, type Adapter } from './context.js';
import type { Fills } from './context.js';
import { findParent, type Folder } from './fold.js';

const endpoint: Adapter = (raw, ctx) => {
  const ips = blocks(raw, ['ip_address']);
  const subnets = ips.flatMap((_, i) => refsAt(ctx, raw, ['ip_address', i, 'subnet_id']));
  const e: ResolverEndpoint = {
    kind: 'ResolverEndpoint',
    meta: metaOf(raw, { direction: ['direction'], vpc: ['host_vpc_id'], subnets: ['ip_address'] }),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    direction: str(raw, ['direction']),
    vpc: refAt(ctx, raw, ['host_vpc_id']),
    targetIps: [],
    subnets,
    forwardingRules: [],
  };
  // host_vpc_id is computed from the subnets: at plan time the VPC is only known through them.
  if (e.meta.unknown) e.meta.unknown = e.meta.unknown.filter((f) => f !== 'vpc');
  ctx.emit(e);
};

export const resolverAdapters: Record<string, Adapter> = {
  aws_route53_resolver_endpoint: endpoint,
};

export const resolverFolders: Record<string, Folder> = {
  aws_route53_resolver_endpoint: (raw, ctx) => {
    const e = ctx.inventory.byAddress.get(raw.address);
    if (e?.kind !== 'ResolverEndpoint' || e.vpc) return;
    for (const s of e.subnets ?? []) {
      const subnet = resolve(ctx.inventory, s, 'Subnet');
      if (subnet?.vpc) {
        e.vpc = subnet.vpc;
        (e.meta.origin ??= {}).vpc = `${subnet.meta.address}.vpc_id`;
        return;
      }
    }
  },
  aws_route53_resolver_rule: (raw, ctx) => {
    if (str(raw, ['rule_type']) !== 'FORWARD') return;
    const e = findParent(ctx, raw, ['resolver_endpoint_id'], 'ResolverEndpoint');
    if (!e) return;
    const targets = blocks(raw, ['target_ip']);
    const rule: ResolverForwardingRule = {
      domain: str(raw, ['domain_name']),
      targetIps: targets.flatMap((t) =>
        [own(t, 'ip'), own(t, 'ipv6')].filter((x): x is string => typeof x === 'string' && x !== ''),
      ),
      origin: `${raw.address}.target_ip`,
    };
    if (unknownAt(raw, ['target_ip'])) rule.targetsUnknown = true;
    (e.forwardingRules ??= []).push(rule);
    e.targetIps.push(...rule.targetIps);
  },
  aws_route53_resolver_firewall_rule_group_association: (raw, ctx) => {
    const vpc = findParent(ctx, raw, ['vpc_id'], 'Vpc');
    if (vpc) (vpc.dnsFirewallAssociations ??= []).push(raw.address);
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const resolverFills: Fills = {
  aws_route53_resolver_endpoint: ['ResolverEndpoint'],
  aws_route53_resolver_rule: ['ResolverEndpoint'],
  aws_route53_resolver_firewall_rule_group_association: ['Vpc'],
};
