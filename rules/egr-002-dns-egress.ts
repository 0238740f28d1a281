import { cidrWithin } from '../src/analysis/cidr.js';
import { boundaryVpcs, inBoundary } from '../src/engine/boundary.js';
import { evidence, fail, notAssessed, pass, planUnknown, resourceOf, unsettledReason } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { ResolverEndpoint, ResolverForwardingRule, Vpc } from '../src/model/types.js';

function insideBoundary(ip: string, vpcs: readonly Vpc[]): boolean | undefined {
  // IPv6 ranges are compared textually elsewhere; a target address cannot be placed that way.
  if (ip.includes(':')) return undefined;
  return vpcs.some((v) => v.cidrBlocks.some((c) => cidrWithin(`${ip}/32`, c)));
}

/**
 * Whether a rule forwards anyone's queries: only those of the VPCs it is associated with. `unsettled`
 * when its associations are unknown until apply or could not be read and none known settles it.
 */
function activity(r: ResolverForwardingRule): 'forwards' | 'inert' | 'unsettled' {
  if (r.vpcs?.length) return 'forwards';
  if (r.vpcsUnknown || r.vpcsUnreadable !== undefined) return 'unsettled';
  // Associations not read at all (a rule shared with accounts whose associations this one cannot list):
  // judged as if associated, so an outside target is never passed.
  return r.vpcs === undefined ? 'forwards' : 'inert';
}

const label = (r: ResolverForwardingRule, ip: string): string => `${r.domain ?? '(any domain)'} -> ${ip}`;

function judgeOutbound(
  e: ResolverEndpoint,
  vpcs: readonly Vpc[],
  rules: readonly ResolverForwardingRule[] = e.forwardingRules ?? [],
): RuleResult {
  const res = resourceOf(e);
  // A live scan that could not list the rules does not know that none forwards through the endpoint.
  if (isUnknown(e, 'forwardingRules'))
    return notAssessed(res, unsettledReason(e, 'forwardingRules'), {
      message: 'The forwarding rules of this endpoint could not be read',
      evidence: [evidence(e, 'forwardingRules', null, 'forwarding only to resolvers inside the boundary VPCs')],
    });
  const outside: string[] = [];
  const review: string[] = [];
  const unknown: string[] = [];
  const inert: string[] = [];
  // Rules that would forward outside (or cannot be placed) if they are associated, which is not settled.
  const unassociatedUnknown: ResolverForwardingRule[] = [];
  for (const r of rules) {
    const out = r.targetIps.filter((ip) => insideBoundary(ip, vpcs) === false);
    const unplaced = r.targetIps.filter((ip) => insideBoundary(ip, vpcs) === undefined);
    if (!out.length && !unplaced.length && !r.targetsUnknown) continue;
    const state = activity(r);
    if (state === 'inert') {
      inert.push(r.origin);
      continue;
    }
    if (state === 'unsettled') {
      unassociatedUnknown.push(r);
      continue;
    }
    if (r.targetsUnknown) unknown.push(r.origin);
    outside.push(...out.map((ip) => label(r, ip)));
    review.push(...unplaced.map((ip) => label(r, ip)));
  }
  const ev = [
    evidence(
      e,
      'forwardingRules',
      rules.map((r) => ({
        domain: r.domain,
        targets: r.targetIps,
        origin: r.origin,
        associatedVpcs:
          r.vpcsUnreadable !== undefined
            ? '(not readable)'
            : r.vpcsUnknown && !r.vpcs?.length
              ? '(known after apply)'
              : r.vpcs?.map((v) => v.id ?? v.address),
        associationsFrom: r.vpcsUnreadable ? `${r.vpcsUnreadable} (failed)` : r.vpcsOrigin,
      })),
      'forwarding only to resolvers inside the boundary VPCs, for the VPCs each rule is associated with',
    ),
  ];
  if (outside.length)
    return fail(res, {
      message: `Outbound resolver endpoint forwards DNS outside the boundary: ${outside.join(', ')}`,
      evidence: ev,
    });
  if (unassociatedUnknown.some((r) => r.vpcsUnreadable !== undefined))
    return notAssessed(res, 'access-denied', {
      message: `Rules forwarding outside the boundary whose VPC associations could not be read: ${unassociatedUnknown.map((r) => r.origin).join(', ')}`,
      evidence: ev,
    });
  if (unknown.length || unassociatedUnknown.length)
    return planUnknown(res, {
      message: [
        unknown.length ? `Forwarding targets unknown until apply in ${unknown.join(', ')}` : '',
        unassociatedUnknown.length
          ? `VPC associations unknown until apply for rules forwarding outside the boundary: ${unassociatedUnknown.map((r) => r.origin).join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join('; '),
      evidence: ev,
    });
  if (review.length)
    return notAssessed(res, 'needs-review', {
      message: `Forwarding targets that cannot be placed: ${review.join(', ')}`,
      evidence: ev,
    });
  const idle = inert.length ? ` (associated with no VPC, so forwarding nothing: ${inert.join(', ')})` : '';
  return pass(res, {
    message: rules.length
      ? `Every forwarding rule associated with a VPC targets resolvers inside the boundary${idle}`
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
      "Point `aws_route53_resolver_rule` FORWARD targets only at resolvers inside the boundary VPCs (or remove the `aws_route53_resolver_rule_association` of a rule that must not forward a boundary VPC's queries), and associate an `aws_route53_resolver_firewall_rule_group` with each boundary VPC (`aws_route53_resolver_firewall_rule_group_association`), blocking all domains but the ones the workload needs. The DNS Firewall part runs in the regulated and highest-trust profiles.",
    references: [
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html',
      'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall.html',
    ],
    reads: ['ResolverEndpoint', 'Vpc'],
  },
  check(inventory, { config, profile }) {
    const vpcs = boundaryVpcs(inventory, config);
    const results: RuleResult[] = [];
    for (const e of ofKind(inventory, 'ResolverEndpoint')) {
      if ((e.direction ?? '').toUpperCase() !== 'OUTBOUND') continue;
      if (isUnknown(e, 'direction')) {
        results.push(
          notAssessed(resourceOf(e), unsettledReason(e, 'direction'), {
            message: 'Endpoint direction unknown until apply',
            evidence: [],
          }),
        );
        continue;
      }
      if (inBoundary(inventory, config, e.vpc)) {
        results.push(judgeOutbound(e, vpcs));
        continue;
      }
      // An endpoint outside the boundary still carries out the queries of the boundary VPCs its rules
      // are associated with: those rules, for those VPCs, are the boundary's DNS leaving it.
      const served = (e.forwardingRules ?? []).flatMap((r) => {
        const inside = (r.vpcs ?? []).filter((v) => inBoundary(inventory, config, v));
        return inside.length ? [{ ...r, vpcs: inside }] : [];
      });
      if (served.length) results.push(judgeOutbound(e, vpcs, served));
    }
    // The DNS Firewall is a regulated-profile control: the baseline profile judges forwarding only.
    if (profile !== 'baseline') results.push(...vpcs.map(judgeFirewall));
    return results;
  },
};
