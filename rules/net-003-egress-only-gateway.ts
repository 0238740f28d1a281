import { inBoundary } from '../src/engine/boundary.js';
import { evidence, fail, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'NET-003',
    title: 'No egress-only internet gateway',
    severity: 'critical',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'An egress-only internet gateway gives every IPv6 address in the VPC outbound internet access: the IPv6 twin of a NAT gateway.',
    remediation: 'Remove the `aws_egress_only_internet_gateway` and its `::/0` routes.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html'],
    reads: ['InternetGateway'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'InternetGateway')
      .filter((g) => g.egressOnly && inBoundary(inventory, config, g.vpc))
      .map((g) =>
        fail(resourceOf(g), {
          message: `Egress-only internet gateway ${g.meta.address} lets IPv6 traffic reach the internet`,
          evidence: [evidence(g, 'vpc', g.vpc?.id ?? g.vpc?.address ?? null, 'no egress-only internet gateway')],
        }),
      );
  },
};
