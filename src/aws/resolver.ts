/**
 * Route 53 Resolver collector, as the plan adapters model it: endpoints (direction, VPC, the subnets of
 * their addresses), the FORWARD rules that send queries out through an outbound endpoint (folded into
 * it, with the VPCs each rule is associated with: EGR-002), and DNS Firewall rule-group associations
 * (folded into the VPCs the network collector reads, once every collector has finished). Spoken through
 * the service's JSON protocol (jsonProtocol.ts).
 */
import type { ResolverEndpoint, ResolverForwardingRule } from '../model/types.js';
import { markUnknown, settleAll, type ScanContext } from './context.js';
import { JsonProtocolClient, jsonObjects, jsonPages, jsonString, ROUTE53_RESOLVER } from './jsonProtocol.js';

const LIST_ENDPOINTS = 'route53resolver:ListResolverEndpoints';
const LIST_IPS = 'route53resolver:ListResolverEndpointIpAddresses';
const LIST_RULES = 'route53resolver:ListResolverRules';
const LIST_ASSOCIATIONS = 'route53resolver:ListResolverRuleAssociations';
const LIST_FIREWALL = 'route53resolver:ListFirewallRuleGroupAssociations';

/** The operations this collector sends: the permissions test reads them (no SDK import names them). */
export const RESOLVER_OPERATIONS = [LIST_ENDPOINTS, LIST_IPS, LIST_RULES, LIST_ASSOCIATIONS, LIST_FIREWALL] as const;

type Json = Record<string, unknown>;

export async function collectResolver(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('route53resolver', region, (config) => new JsonProtocolClient(ROUTE53_RESOLVER, config));
  const list = (operation: string, key: string, body?: Json): Promise<Json[]> =>
    jsonPages(client, { operation, body: { MaxResults: 100, ...body } }, (p) => jsonObjects(p[key]));
  await settleAll([endpoints(ctx, region, list), firewallAssociations(ctx, region, list)]);
}

type Lister = (operation: string, key: string, body?: Json) => Promise<Json[]>;

async function endpoints(ctx: ScanContext, region: string, list: Lister): Promise<void> {
  const [eps, rules, associations] = await Promise.all([
    ctx.call({ call: LIST_ENDPOINTS, kinds: ['ResolverEndpoint'], region }, () =>
      list('ListResolverEndpoints', 'ResolverEndpoints'),
    ),
    ctx.call({ call: LIST_RULES, kinds: ['ResolverEndpoint'], region, fieldsOnly: true }, () =>
      list('ListResolverRules', 'ResolverRules'),
    ),
    ctx.call({ call: LIST_ASSOCIATIONS, kinds: ['ResolverEndpoint'], region, fieldsOnly: true }, () =>
      list('ListResolverRuleAssociations', 'ResolverRuleAssociations'),
    ),
  ]);
  if (eps.state !== 'ok') return;
  const byId = new Map<string, ResolverEndpoint>();
  await settleAll(
    eps.value.map(async (raw) => {
      const id = jsonString(raw.Id);
      const arn = jsonString(raw.Arn);
      if (!id || !arn || raw.Status === 'DELETING') return;
      const e: ResolverEndpoint = {
        kind: 'ResolverEndpoint',
        meta: ctx.meta('aws_route53_resolver_endpoint', arn, region, {
          direction: LIST_ENDPOINTS,
          vpc: LIST_ENDPOINTS,
        }),
        id,
        arn,
        name: jsonString(raw.Name),
        direction: jsonString(raw.Direction),
        vpc: jsonString(raw.HostVPCId) ? { id: jsonString(raw.HostVPCId) } : undefined,
        targetIps: [],
        subnets: [],
        forwardingRules: [],
      };
      byId.set(id, e);
      const ips = await ctx.call(
        { call: LIST_IPS, kinds: ['ResolverEndpoint'], region, resource: arn, fieldsOnly: true },
        () => list('ListResolverEndpointIpAddresses', 'IpAddresses', { ResolverEndpointId: id }),
      );
      if (ips.state === 'ok') {
        e.subnets = [...new Set(ips.value.flatMap((ip) => jsonString(ip.SubnetId) ?? []))].map((s) => ({ id: s }));
        (e.meta.origin ??= {}).subnets = LIST_IPS;
      } else markUnknown(e.meta, 'subnets', LIST_IPS);
      ctx.add(e);
    }),
  );
  if (rules.state !== 'ok') {
    // Which rules forward through these endpoints is unknown: never "no forwarding rule".
    for (const e of byId.values()) {
      markUnknown(e.meta, 'forwardingRules', LIST_RULES);
      markUnknown(e.meta, 'targetIps', LIST_RULES);
    }
    return;
  }
  const associated = associations.state === 'ok' ? vpcsByRule(associations.value) : undefined;
  for (const r of rules.value) {
    if (r.RuleType !== 'FORWARD' || r.Status === 'DELETING') continue;
    // A rule shared from another account through an endpoint there is that account's to judge.
    const e = byId.get(jsonString(r.ResolverEndpointId) ?? '');
    if (!e) continue;
    const rule: ResolverForwardingRule = {
      // The API writes domains fully qualified (`example.com.`); Terraform state and plans do not.
      domain: jsonString(r.DomainName)?.replace(/\.$/, '') || undefined,
      targetIps: jsonObjects(r.TargetIps).flatMap((t) =>
        [jsonString(t.Ip), jsonString(t.Ipv6)].filter((x): x is string => !!x),
      ),
      origin: `${LIST_RULES} ${jsonString(r.Arn) ?? jsonString(r.Id) ?? ''}`.trim(),
    };
    if (!associated) rule.vpcsUnreadable = LIST_ASSOCIATIONS;
    else {
      const vpcs = associated.get(jsonString(r.Id) ?? '') ?? [];
      // The listing shows only this account's associations: a rule shared with other accounts may be
      // associated there, unseen, so no visible association does not mean it forwards nothing.
      if (vpcs.length || r.ShareStatus !== 'SHARED_BY_ME') {
        rule.vpcs = vpcs.map((id) => ({ id }));
        rule.vpcsOrigin = LIST_ASSOCIATIONS;
      }
    }
    (e.forwardingRules ??= []).push(rule);
    e.targetIps.push(...rule.targetIps);
    Object.assign((e.meta.origin ??= {}), { forwardingRules: LIST_RULES, targetIps: LIST_RULES });
  }
  for (const e of byId.values())
    e.forwardingRules?.sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
}

/** Rule id -> the VPCs associated with it, leaving out associations that no longer (or never did) apply. */
function vpcsByRule(associations: Json[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of associations) {
    const rule = jsonString(a.ResolverRuleId);
    const vpc = jsonString(a.VPCId);
    if (!rule || !vpc || a.Status === 'DELETING' || a.Status === 'FAILED') continue;
    out.set(rule, [...new Set([...(out.get(rule) ?? []), vpc])].sort());
  }
  return out;
}

/**
 * DNS Firewall associations belong to VPCs, which the network collector reads: the associations are
 * folded into them once both have finished. A listing that failed leaves each VPC's field unreadable.
 */
async function firewallAssociations(ctx: ScanContext, region: string, list: Lister): Promise<void> {
  const a = await ctx.call({ call: LIST_FIREWALL, kinds: ['Vpc'], region, fieldsOnly: true }, () =>
    list('ListFirewallRuleGroupAssociations', 'FirewallRuleGroupAssociations'),
  );
  const byVpc = new Map<string, string[]>();
  if (a.state === 'ok') {
    for (const assoc of a.value) {
      const vpc = jsonString(assoc.VpcId);
      const name = jsonString(assoc.Arn) ?? jsonString(assoc.Id);
      // An association being removed no longer filters the VPC's queries.
      if (!vpc || !name || assoc.Status === 'DELETING') continue;
      byVpc.set(vpc, [...(byVpc.get(vpc) ?? []), name].sort());
    }
  }
  ctx.join((entities) => {
    for (const v of entities) {
      if (v.kind !== 'Vpc' || v.meta.region !== region || !v.id) continue;
      if (a.state === 'failed') markUnknown(v.meta, 'dnsFirewallAssociations', LIST_FIREWALL);
      else {
        v.dnsFirewallAssociations = byVpc.get(v.id) ?? [];
        (v.meta.origin ??= {}).dnsFirewallAssociations = LIST_FIREWALL;
      }
    }
  });
}
