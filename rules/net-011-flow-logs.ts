import { boundaryVpcs } from '../src/engine/boundary.js';
import { absenceEvidence, evidence, fail, pass, resourceOf } from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { byVpc, vpcKey } from '../src/analysis/relations.js';
import { ofKind } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'NET-011',
    title: 'VPC flow logs on every boundary VPC',
    severity: 'medium',
    layer: 1,
    profiles: ['regulated', 'highest-trust'],
    rationale: 'Flow logs are the record that the boundary held: without them nobody can show that no traffic left.',
    remediation: 'Add an `aws_flow_log` with `vpc_id` set to each boundary VPC and `traffic_type = "ALL"`.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html'],
    reads: ['Vpc', 'FlowLog'],
  },
  check(inventory, { config }) {
    const logs = byVpc(
      inventory,
      ofKind(inventory, 'FlowLog').filter((f) => f.targetKind === 'vpc'),
      (f) => f.target,
    );
    return boundaryVpcs(inventory, config).map((vpc) => {
      const log = logs.get(vpcKey(vpc))?.[0];
      if (log) {
        return pass(resourceOf(vpc), {
          message: `Flow log ${log.meta.address} records this VPC (${log.trafficType ?? 'ALL'})`,
          evidence: [evidence(log, 'target', vpc.meta.address, 'a flow log on the VPC')],
        });
      }
      return fail(resourceOf(vpc), {
        message: 'No flow log records this VPC',
        evidence: [
          absenceEvidence('flowLogs', [], 'a flow log on the VPC', `FlowLog entities naming ${vpc.meta.address}`),
        ],
      });
    });
  },
};
