import { cidrWithin, isAnyAddress } from '../src/analysis/cidr.js';
import { routeReachesInternet } from '../src/analysis/routing.js';
import { routeTablesForSubnet } from '../src/analysis/relations.js';
import { boundaryVpcs, inBoundary } from '../src/engine/boundary.js';
import { evidence, fail, gapReason, notAssessed, pass, resourceOf, planUnknown } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { gapCause, isUnknown, ofKind, resolve, unreadKind, type Inventory } from '../src/model/inventory.js';
import type { SecurityGroupRule, VpcEndpoint } from '../src/model/types.js';

function ingressProblems(rule: SecurityGroupRule, boundaryCidrs: string[]): string[] {
  const problems: string[] = [];
  const proto = (rule.protocol ?? '').toLowerCase();
  const tcp443 = (proto === 'tcp' || proto === '6') && rule.fromPort === 443 && rule.toPort === 443;
  if (!tcp443) problems.push(`ingress ${proto || '?'} ${rule.fromPort ?? '?'}-${rule.toPort ?? '?'} (only tcp/443)`);
  for (const c of [...rule.cidrs, ...rule.ipv6Cidrs]) {
    if (isAnyAddress(c) || !boundaryCidrs.some((b) => cidrWithin(c, b)))
      problems.push(`ingress from ${c} (outside the boundary)`);
  }
  return problems;
}

function judge(inventory: Inventory, ep: VpcEndpoint, allBoundaryCidrs: string[]): RuleResult {
  const res = resourceOf(ep);
  // Inside the boundary means the endpoint's own VPC when the input names it, else any boundary VPC.
  const ownVpc = resolve(inventory, ep.vpc, 'Vpc');
  const boundaryCidrs = ownVpc ? ownVpc.cidrBlocks : allBoundaryCidrs;
  const problems: string[] = [];
  for (const s of ep.subnets) {
    for (const table of routeTablesForSubnet(inventory, s)) {
      for (const route of table.routes)
        if (routeReachesInternet(inventory, route))
          problems.push(
            `subnet ${s.id ?? s.address} routes ${route.destination} via ${route.target} (${table.meta.address})`,
          );
    }
  }
  let unknownGroups = ep.securityGroups.length === 0 && isUnknown(ep, 'securityGroups');
  for (const g of ep.securityGroups) {
    const sg = resolve(inventory, g, 'SecurityGroup');
    if (!sg) {
      unknownGroups = true;
      continue;
    }
    for (const rule of sg.rules) {
      if (rule.direction !== 'ingress') continue;
      if (rule.peersUnknown) unknownGroups = true;
      problems.push(...ingressProblems(rule, boundaryCidrs).map((p) => `${sg.meta.address}: ${p}`));
    }
  }
  const ev = [
    evidence(
      ep,
      'subnets',
      {
        subnets: ep.subnets.map((s) => s.id ?? s.address ?? null),
        securityGroups: ep.securityGroups.map((g) => g.id ?? g.address ?? null),
        problems,
      },
      'subnets without internet routes; security groups admitting only tcp/443 from inside the boundary',
    ),
  ];
  if (problems.length) return fail(res, { message: problems.join('; '), evidence: ev });
  // Subnets without a route to the internet only count when the route tables could be read at all.
  for (const kind of ['RouteTable', 'SecurityGroup'] as const) {
    const gap = unreadKind(inventory, kind, ep.meta.region, ep.meta.account);
    if (gap)
      return notAssessed(res, gapReason(gap), {
        message: `${gapCause(gap)}, so whether the endpoint's subnets route to the internet or its security groups admit more than tcp/443 is not known`,
        evidence: ev,
      });
  }
  if (ep.securityGroups.length === 0 && !unknownGroups)
    return notAssessed(res, 'needs-review', {
      message: "No security group named: the VPC's default security group applies",
      evidence: ev,
    });
  if (unknownGroups)
    return planUnknown(res, {
      message: 'Security groups or their peers are unknown or outside this input',
      evidence: ev,
    });
  return pass(res, { message: 'Endpoint sits in private subnets behind tcp/443-only security groups', evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'DEP-003',
    title: 'Endpoints sit in private subnets behind tcp/443-only security groups',
    severity: 'medium',
    condition: 'AG-3',
    layer: 1,
    profiles: ['regulated', 'highest-trust'],
    rationale:
      'An interface endpoint in a subnet with an internet route, or behind a security group open to the world or to other ports, widens the boundary instead of closing it.',
    remediation:
      'Place Interface endpoints in subnets whose route tables have no 0.0.0.0/0 route, and give them an `aws_security_group` whose only ingress is tcp/443 from the VPC CIDR or workload security groups.',
    references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html'],
    reads: ['VpcEndpoint', 'SecurityGroup', 'RouteTable', 'Subnet', 'Vpc', 'NatGateway'],
  },
  check(inventory, { config }) {
    const boundaryCidrs = boundaryVpcs(inventory, config).flatMap((v) => v.cidrBlocks);
    return ofKind(inventory, 'VpcEndpoint')
      .filter((ep) => ep.endpointType === 'Interface' && inBoundary(inventory, config, ep.vpc))
      .map((ep) => judge(inventory, ep, boundaryCidrs));
  },
};
