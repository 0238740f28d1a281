/**
 * Plan adapters for Route 53 Resolver: endpoints, the FORWARD rules that send queries out through an
 * outbound endpoint (folded into it, with the VPCs each rule is associated with), and DNS Firewall
 * rule-group associations (folded into the VPC).
 */
import { resolve } from '../../model/inventory.js';
import type { Ref, ResolverEndpoint, ResolverForwardingRule } from '../../model/types.js';
import { own } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import { type AdapterContext, blocks, metaOf, refAt, refsAt, str, tags, unknownAt, type Adapter } from './context.js';
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
    Object.assign(rule, associations(ctx, raw));
    (e.forwardingRules ??= []).push(rule);
    e.targetIps.push(...rule.targetIps);
  },
  aws_route53_resolver_firewall_rule_group_association: (raw, ctx) => {
    const vpc = findParent(ctx, raw, ['vpc_id'], 'Vpc');
    if (vpc) (vpc.dnsFirewallAssociations ??= []).push(raw.address);
  },
};

const ASSOCIATION = 'aws_route53_resolver_rule_association';
const RAM_SHARE = 'aws_ram_resource_association';

/**
 * The VPCs `rule` is associated with in this input. An association names its rule by id or by reference;
 * one whose rule cannot be told (unknown, naming no rule of this input) might be this rule's, and one
 * whose VPC cannot be told leaves the rule's VPCs unknown, never "none". A rule shared through RAM may be
 * associated in the accounts it is shared with, which this input does not show: with no association
 * here, its VPCs are left unset (judged as if associated), as a live scan leaves them.
 */
function associations(
  ctx: AdapterContext,
  rule: RawResource,
): Pick<ResolverForwardingRule, 'vpcs' | 'vpcsUnknown' | 'vpcsOrigin'> {
  const ruleId = str(rule, ['id']);
  const ruleArn = str(rule, ['arn']);
  const vpcs: Ref[] = [];
  const origins: string[] = [];
  let unknown = false;
  for (const a of ctx.plan.resources) {
    if (a.mode !== 'managed' || a.type !== ASSOCIATION) continue;
    const named = refsAt(ctx, a, ['resolver_rule_id'], false);
    const isThis = named.some((r) => r.address === rule.address || (ruleId !== undefined && r.id === ruleId));
    const undetermined =
      !isThis &&
      unknownAt(a, ['resolver_rule_id']) &&
      !named.some((r) => ctx.plan.byAddress.get(r.address ?? '')?.type === 'aws_route53_resolver_rule');
    if (!isThis && !undetermined) continue;
    if (undetermined) {
      origins.push(`${a.address}.resolver_rule_id`);
      unknown = true;
      continue;
    }
    origins.push(`${a.address}.vpc_id`);
    const vpc = refAt(ctx, a, ['vpc_id']);
    if (vpc) vpcs.push(vpc);
    else unknown = true;
  }
  if (!vpcs.length && !unknown) {
    const share = ctx.plan.resources.find(
      (r) =>
        r.mode === 'managed' &&
        r.type === RAM_SHARE &&
        refsAt(ctx, r, ['resource_arn'], false).some(
          (x) => x.address === rule.address || (ruleArn !== undefined && x.id === ruleArn),
        ),
    );
    if (share) return { vpcsOrigin: `${share.address}.resource_arn (shared with other accounts)` };
  }
  return {
    vpcs,
    vpcsOrigin: origins.length ? origins.join(', ') : `no ${ASSOCIATION} names ${rule.address}`,
    ...(unknown ? { vpcsUnknown: true } : {}),
  };
}

/** Terraform types this module reads and the model kinds it fills from them. */
export const resolverFills: Fills = {
  aws_route53_resolver_endpoint: ['ResolverEndpoint'],
  aws_route53_resolver_rule: ['ResolverEndpoint'],
  // Read through the rule each one names (which VPCs' queries it forwards).
  [ASSOCIATION]: ['ResolverEndpoint'],
  [RAM_SHARE]: ['ResolverEndpoint'],
  aws_route53_resolver_firewall_rule_group_association: ['Vpc'],
};
