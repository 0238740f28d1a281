import { classifyEgressCidr } from '../src/analysis/egressPeers.js';
import { boundaryVpcs, inBoundary } from '../src/engine/boundary.js';
import { evidence, fail, notAssessed, pass, planUnknown, resourceOf, unsettled } from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { ofKind } from '../src/model/inventory.js';
import { fieldValue, isSettled } from '../src/model/values.js';
import type { SecurityGroup } from '../src/model/types.js';

/** A port range for evidence; a bound the input does not give as a number (unknown, or of another type) is said to be unstated, never `undefined`. */
function portRange(from: number | undefined, to: number | undefined): string | undefined {
  if (from === undefined && to === undefined) return undefined;
  const bound = (p: number | undefined): string => (p === undefined ? '(not stated)' : String(p));
  return `${bound(from)}-${bound(to)}`;
}

function judge(sg: SecurityGroup, vpcCidrs: readonly string[]): RuleResult {
  const res = resourceOf(sg);
  const egress = sg.rules.filter((r) => r.direction === 'egress');
  const open: string[] = [];
  const review: string[] = [];
  const unknown: string[] = [];
  for (const r of egress) {
    for (const cidr of [...r.cidrs, ...r.ipv6Cidrs]) {
      const v = classifyEgressCidr(cidr, vpcCidrs);
      if (v === 'internet') open.push(`${cidr} (${r.origin})`);
      else if (v === 'review') review.push(`${cidr} (${r.origin})`);
    }
    if (r.peersUnknown) unknown.push(r.origin);
  }
  const observed = egress.map((r) => ({
    protocol: r.protocol,
    ports: portRange(r.fromPort, r.toPort),
    cidrs: [...r.cidrs, ...r.ipv6Cidrs],
    prefixLists: r.prefixLists,
    groups: r.groups.map((g) => g.address ?? g.id),
    origin: r.origin,
  }));
  const ev = [evidence(sg, 'rules', observed, 'egress only to VPC CIDRs, endpoint security groups or prefix lists')];
  if (open.length) return fail(res, { message: `Egress open to the internet: ${open.join(', ')}`, evidence: ev });
  const listed = fieldValue(sg, 'rules');
  if (!isSettled(listed))
    return unsettled(res, listed, {
      message: 'The rules of this security group are not settled by the input',
      evidence: ev,
    });
  if (unknown.length)
    return planUnknown(res, {
      message: `Egress peers unknown until apply in ${unknown.join(', ')}`,
      evidence: ev,
    });
  if (review.length)
    return notAssessed(res, 'needs-review', {
      message: `Egress to ranges outside the boundary VPCs that may be public: ${review.join(', ')}`,
      evidence: ev,
    });
  return pass(res, {
    message: egress.length
      ? 'Egress names only addresses inside the boundary, security groups or prefix lists'
      : 'No egress rules',
    evidence: ev,
  });
}

export const rule: Rule = {
  meta: {
    id: 'EGR-001',
    title: 'Security groups allow no egress to the internet',
    severity: 'high',
    condition: 'AG-2',
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Egress to 0.0.0.0/0 or ::/0 lets software phone home the moment any route or proxy to the internet appears. Egress that names VPC ranges, endpoint security groups or prefix lists keeps traffic to what the workload needs.',
    remediation:
      'Replace `cidr_blocks = ["0.0.0.0/0"]` (and `::/0`) egress with the VPC CIDR, the VPC endpoints\' security group (`security_groups` / `referenced_security_group_id`) or the S3 gateway prefix list (`prefix_list_ids`).',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html'],
    reads: ['SecurityGroup', 'Vpc'],
  },
  check(inventory, { config }) {
    const vpcCidrs = boundaryVpcs(inventory, config).flatMap((v) => v.cidrBlocks);
    return ofKind(inventory, 'SecurityGroup')
      .filter((sg) => inBoundary(inventory, config, sg.vpc))
      .map((sg) => judge(sg, vpcCidrs));
  },
};
