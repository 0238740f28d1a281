import { boundaryVpcs, inBoundary } from '../src/engine/boundary.js';
import {
  absenceEvidence,
  evidence,
  fail,
  gapReason,
  notAssessed,
  pass,
  resourceOf,
  unsettled,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { byVpc, vpcKey } from '../src/analysis/relations.js';
import { gapCause, ofKind, unreadKind } from '../src/model/inventory.js';
import { fieldValue, isSettled } from '../src/model/values.js';

export const rule: Rule = {
  meta: {
    id: 'NET-001',
    title: 'No internet gateway in the boundary',
    severity: 'critical',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'An internet gateway is the door between a VPC and the public internet. An air-gapped boundary has none, so that no route, misconfiguration or compromised workload can reach outside.',
    remediation:
      'Remove the `aws_internet_gateway` (and any `aws_internet_gateway_attachment`) from boundary VPCs; reach AWS services through VPC endpoints (`aws_vpc_endpoint`) instead.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html'],
    reads: ['InternetGateway', 'Vpc'],
  },
  check(inventory, { config }) {
    const results: RuleResult[] = [];
    const gateways = ofKind(inventory, 'InternetGateway').filter(
      (g) => !g.egressOnly && inBoundary(inventory, config, g.vpc),
    );
    for (const g of gateways) {
      results.push(
        fail(resourceOf(g), {
          message: `Internet gateway ${g.meta.address} gives the VPC a route to the public internet`,
          evidence: [
            evidence(g, 'vpc', g.vpc?.id ?? g.vpc?.address ?? null, 'no internet gateway attached to a boundary VPC'),
          ],
        }),
      );
    }
    const attached = byVpc(inventory, gateways, (g) => g.vpc);
    // A gateway whose VPC the input does not settle may be attached to any of them.
    const unplaced = gateways.find((g) => !g.vpc && !isSettled(fieldValue(g, 'vpc')));
    for (const vpc of boundaryVpcs(inventory, config)) {
      if (!attached.has(vpcKey(vpc)) && unplaced) {
        const v = fieldValue(unplaced, 'vpc');
        if (!isSettled(v))
          results.push(
            unsettled(resourceOf(vpc), v, {
              message: `The VPC of internet gateway ${unplaced.meta.address} is not settled by the input: it may be attached here`,
              evidence: [evidence(unplaced, 'vpc', null, 'no internet gateway attached to a boundary VPC')],
            }),
          );
        continue;
      }
      if (!attached.has(vpcKey(vpc))) {
        const gap = unreadKind(inventory, 'InternetGateway', vpc.meta.region, vpc.meta.account);
        if (gap) {
          results.push(
            notAssessed(resourceOf(vpc), gapReason(gap), {
              message: `Internet gateways could not be read (${gapCause(gap)}): whether one is attached is not known`,
              evidence: [
                absenceEvidence(
                  'internetGateways',
                  null,
                  'none',
                  `${gap.call} (${gap.reason === 'not-collected' ? 'not collected' : 'failed'})`,
                ),
              ],
            }),
          );
          continue;
        }
        results.push(
          pass(resourceOf(vpc), {
            message: 'No internet gateway is attached to this VPC',
            evidence: [
              absenceEvidence('internetGateways', [], 'none', `InternetGateway entities naming ${vpc.meta.address}`),
            ],
          }),
        );
      }
    }
    return results;
  },
};
