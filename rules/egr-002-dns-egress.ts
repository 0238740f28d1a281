import { cidrWithin } from '../src/analysis/cidr.js';
import { boundaryVpcs, inBoundary } from '../src/engine/boundary.js';
import { evidence, fail, notAssessed, pass, planUnknown, resourceOf, unsettledReason } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { ResolverEndpoint, Vpc } from '../src/model/types.js';

function insideBoundary(ip: string, vpcs: readonly Vpc[]): boolean | undefined {
  // IPv6 ranges are compared textually elsewhere; a target address cannot be placed that way.
  if (ip.includes(':')) return undefined;
  return vpcs.some((v) => v.cidrBlocks.some((c) => cidrWithin(`${ip}/32`, c)));
}

function judgeOutbound(e: ResolverEndpoint, vpcs: readonly Vpc[]): RuleResult {
  const res = resourceOf(e);
  // A live scan that could not list the rules does not know that none forwards through the endpoint.
  if (isUnknown(e, 'forwardingRules'))
    return notAssessed(res, unsettledReason(e, 'forwardingRules'), {
      message: 'The forwarding rules of this endpoint could not be read',
      evidence: [evidence(e, 'forwardingRules', null, 'forwarding only to resolvers inside the boundary VPCs')],
    });
  const rules = e.forwardingRules ?? [];
  const outside: string[] = [];
  const review: string[] = [];
  const unknown: string[] = [];
  for (const r of rules) {
    if (r.targetsUnknown) unknown.push(r.origin);
    for (const ip of r.targetIps) {
      const inside = insideBoundary(ip, vpcs);
      if (inside === false) outside.push(`${r.domain ?? '(any domain)'} -> ${ip}`);
      else if (inside === undefined) review.push(`${r.domain ?? '(any domain)'} -> ${ip}`);
    }
  }
  const ev = [
    evidence(
      e,
      'forwardingRules',
      rules.map((r) => ({ domain: r.domain, targets: r.targetIps, origin: r.origin })),
      'forwarding only to resolvers inside the boundary VPCs',
    ),
  ];
  if (outside.length)
    return fail(res, {
      message: `Outbound resolver endpoint forwards DNS outside the boundary: ${outside.join(', ')}`,
      evidence: ev,
    });
  if (unknown.length)
    return planUnknown(res, {
      message: `Forwarding targets unknown until apply in ${unknown.join(', ')}`,
      evidence: ev,
    });
  if (review.length)
    return notAssessed(res, 'needs-review', {
      message: `Forwarding targets that cannot be placed: ${review.join(', ')}`,
      evidence: ev,
    });
  return pass(res, {
    message: rules.length
      ? 'Every forwarding rule targets resolvers inside the boundary'
      : 'No forwarding rule uses this outbound endpoint',
    evidence: ev,
  });
}

function judgeFirewall(vpc: Vpc): RuleResult {
  const res = resourceOf(vpc);
  const ev = [
    evidence(
      vpc,
      'dnsFirewallAssociations',
      vpc.dnsFirewallAssociations ?? [],
      'a Route 53 Resolver DNS Firewall rule group associated with the VPC',
      vpc.dnsFirewallAssociations?.[0],
    ),
  ];
  if (isUnknown(vpc, 'dnsFirewallAssociations'))
    return notAssessed(res, unsettledReason(vpc, 'dnsFirewallAssociations'), {
      message: 'The DNS Firewall associations of this VPC could not be read',
      evidence: ev,
      key: 'dns-firewall',
    });
  if (vpc.dnsFirewallAssociations?.length)
    return pass(res, {
      message: `DNS Firewall rule group associated (${vpc.dnsFirewallAssociations.join(', ')})`,
      evidence: ev,
      key: 'dns-firewall',
    });
  if (vpc.meta.source === 'aws' && vpc.dnsFirewallAssociations === undefined) {
    return notAssessed(res, 'out-of-scope', {
      message: 'DNS Firewall associations were not collected for this VPC',
      evidence: ev,
      key: 'dns-firewall',
    });
  }
  return fail(res, {
    message: 'No DNS Firewall on the VPC: DNS queries can carry data out (DNS tunnelling) and resolve any domain',
    evidence: ev,
    key: 'dns-firewall',
  });
}

export const rule: Rule = {
  meta: {
    id: 'EGR-002',
    title: 'DNS does not leave the boundary: no forwarding outside it, DNS Firewall on boundary VPCs',
    severity: 'medium',
    condition: 'AG-2',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'DNS is the channel that stays open when everything else is shut: an outbound Resolver endpoint forwarding to outside resolvers, or a VPC resolving any domain without a DNS Firewall, lets software phone home or tunnel data through queries.',
    remediation:
      'Point `aws_route53_resolver_rule` FORWARD targets only at resolvers inside the boundary VPCs, and associate an `aws_route53_resolver_firewall_rule_group` with each boundary VPC (`aws_route53_resolver_firewall_rule_group_association`), blocking all domains but the ones the workload needs. The DNS Firewall part runs in the regulated and highest-trust profiles.',
    references: [
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html',
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall.html',
    ],
    reads: ['ResolverEndpoint', 'Vpc'],
  },
  check(inventory, { config, profile }) {
    const vpcs = boundaryVpcs(inventory, config);
    const results = ofKind(inventory, 'ResolverEndpoint')
      .filter((e) => (e.direction ?? '').toUpperCase() === 'OUTBOUND' && inBoundary(inventory, config, e.vpc))
      .map((e) =>
        isUnknown(e, 'direction')
          ? notAssessed(resourceOf(e), unsettledReason(e, 'direction'), {
              message: 'Endpoint direction unknown until apply',
              evidence: [],
            })
          : judgeOutbound(e, vpcs),
      );
    // The DNS Firewall is a regulated-profile control: the baseline profile judges forwarding only.
    if (profile !== 'baseline') results.push(...vpcs.map(judgeFirewall));
    return results;
  },
};
