import { inBoundary } from '../src/engine/boundary.js';
import {
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  unsettledReason,
  unsettledWords,
} from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { isUnknown, ofKind, resolve } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'NET-002',
    title: 'No public NAT gateway',
    severity: 'critical',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A public NAT gateway lets private subnets open connections to the internet. A private NAT gateway (connectivity_type = "private") only translates between private networks and is allowed.',
    remediation:
      'Remove the `aws_nat_gateway`, or set `connectivity_type = "private"` when address translation between private networks is needed.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html'],
    reads: ['NatGateway', 'Subnet'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'NatGateway')
      .filter((n) => inBoundary(inventory, config, resolve(inventory, n.subnet, 'Subnet')?.vpc))
      .map((n) => {
        const ev = [evidence(n, 'connectivityType', n.connectivityType ?? 'public (provider default)', 'private')];
        if (n.connectivityType === 'private')
          return pass(resourceOf(n), { message: 'Private NAT gateway: no internet path', evidence: ev });
        if (n.connectivityType === undefined && isUnknown(n, 'connectivityType')) {
          return notAssessed(resourceOf(n), unsettledReason(n, 'connectivityType'), {
            message: `connectivity_type is ${unsettledWords(n, 'connectivityType').words}`,
            evidence: ev,
          });
        }
        return fail(resourceOf(n), {
          message: `Public NAT gateway ${n.meta.address} gives private subnets internet egress`,
          evidence: ev,
        });
      });
  },
};
