import { routeReachesInternet, INTERNET_TARGETS } from '../src/analysis/routing.js';
import { isAnyAddress } from '../src/analysis/cidr.js';
import { inBoundary } from '../src/engine/boundary.js';
import {
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  planUnknown,
  unsettled,
  unsettledWords,
} from '../src/engine/ruleKit.js';
import { fieldValue, isSettled } from '../src/model/values.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { ofKind, resolve } from '../src/model/inventory.js';
import type { Route } from '../src/model/types.js';

/** Targets whose traffic leaves the input's sight: where it goes is decided elsewhere. */
const ELSEWHERE = new Set<Route['target']>([
  'transit-gateway',
  'vpc-peering',
  'core-network',
  'virtual-private-gateway',
  'vpc-endpoint',
  'carrier-gateway',
]);

export const rule: Rule = {
  meta: {
    id: 'NET-004',
    title: 'No default route to the internet',
    severity: 'high',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A route to 0.0.0.0/0 or ::/0 through an internet, NAT or egress-only gateway, an instance or a network interface sends traffic out of the boundary. Through a transit gateway or peering the destination lies outside this input and needs review.',
    remediation:
      'Delete `route { cidr_block = "0.0.0.0/0" ... }` blocks and `aws_route` resources with `destination_cidr_block = "0.0.0.0/0"` / `destination_ipv6_cidr_block = "::/0"`; route only VPC-local and endpoint prefixes.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html'],
    reads: ['RouteTable', 'NatGateway'],
  },
  check(inventory, { config }) {
    const results: RuleResult[] = [];
    for (const table of ofKind(inventory, 'RouteTable')) {
      if (!inBoundary(inventory, config, table.vpc)) continue;
      let judged = false;
      for (const route of table.routes) {
        const key = `${route.origin}:${route.destination ?? '?'}`;
        const ev = [
          evidence(
            table,
            'routes',
            {
              destination: route.destination ?? '(known after apply)',
              target: route.target,
              targetId: route.targetRef?.id ?? route.targetRef?.address ?? null,
            },
            'no 0.0.0.0/0 or ::/0 route leaving the boundary',
            route.origin,
          ),
        ];
        if (route.destinationUnknown && INTERNET_TARGETS.has(route.target)) {
          judged = true;
          results.push(
            planUnknown(resourceOf(table), {
              key,
              message: `Route via ${route.target} has a destination unknown until apply`,
              evidence: ev,
            }),
          );
          continue;
        }
        if (!route.destination || !isAnyAddress(route.destination)) continue;
        judged = true;
        if (routeReachesInternet(inventory, route)) {
          results.push(
            fail(resourceOf(table), {
              key,
              message: `Default route ${route.destination} via ${route.target} reaches the internet`,
              evidence: ev,
            }),
          );
        } else if (
          route.target === 'nat-gateway' &&
          resolve(inventory, route.targetRef, 'NatGateway')?.connectivityType === 'private'
        ) {
          results.push(
            notAssessed(resourceOf(table), 'needs-review', {
              key,
              message: `Default route via a private NAT gateway: where it leads is decided by that subnet's routes`,
              evidence: ev,
            }),
          );
        } else if (ELSEWHERE.has(route.target)) {
          results.push(
            notAssessed(resourceOf(table), 'needs-review', {
              key,
              message: `Default route ${route.destination} via ${route.target}: where the traffic goes is outside this input`,
              evidence: ev,
            }),
          );
        } else if (route.target === 'unknown' && table.meta.source === 'aws') {
          // A live route always names its target; one of a kind not classified here is read, not unsettled.
          const id = route.targetRef?.id;
          results.push(
            notAssessed(resourceOf(table), 'needs-review', {
              key,
              message: `Default route ${route.destination} to a target of a kind this scan does not classify${id ? ` (${id})` : ''}: check where it leads`,
              evidence: ev,
            }),
          );
        } else if (route.target === 'unknown') {
          results.push(
            planUnknown(resourceOf(table), {
              key,
              message: `Default route ${route.destination} to a target unknown until apply`,
              evidence: ev,
            }),
          );
        } else {
          results.push(
            pass(resourceOf(table), { key, message: `Default route ${route.destination} stays local`, evidence: ev }),
          );
        }
      }
      const listed = fieldValue(table, 'routes');
      if (!judged && !isSettled(listed)) {
        results.push(
          unsettled(resourceOf(table), listed, {
            message: 'The routes of this table are not settled by the input, so a default route cannot be ruled out',
            evidence: [
              evidence(
                table,
                'routes',
                unsettledWords(table, 'routes').observed,
                'no 0.0.0.0/0 or ::/0 route leaving the boundary',
              ),
            ],
          }),
        );
      } else if (!judged) {
        results.push(
          pass(resourceOf(table), {
            message: 'No default route in this table',
            evidence: [
              evidence(
                table,
                'routes',
                table.routes.map((r) => r.destination ?? '(known after apply)'),
                'no 0.0.0.0/0 or ::/0 route leaving the boundary',
              ),
            ],
          }),
        );
      }
    }
    return results;
  },
};
