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
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { DataStore } from '../src/model/types.js';
import { fieldValue } from '../src/model/values.js';

/** A database or replication instance that may take a public address (`publicly_accessible`). */
function judgeStore(s: DataStore): RuleResult {
  const v = fieldValue(s, 'publiclyAccessible');
  const ev = [evidence(s, 'publiclyAccessible', s.publiclyAccessible ?? null, 'false')];
  if (v.state === 'unknown' || v.state === 'unreadable')
    return notAssessed(resourceOf(s), unsettledReason(s, 'publiclyAccessible'), {
      message: `Whether the ${s.storeKind} store is publicly accessible is not settled by the input`,
      evidence: ev,
    });
  if (v.value === true)
    return fail(resourceOf(s), {
      message: `The ${s.storeKind} store is publicly accessible: its endpoint resolves to a public address`,
      evidence: ev,
    });
  return pass(resourceOf(s), { message: `The ${s.storeKind} store is not publicly accessible`, evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'NET-005',
    title: 'No public IP addresses',
    severity: 'high',
    condition: 'AG-1',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'A public IP address makes a workload addressable from the internet and, with any internet path, able to reach it.',
    remediation:
      'Set `map_public_ip_on_launch = false` on subnets, `associate_public_ip_address = false` on instances, launch templates (`network_interfaces`) and launch configurations, `publicly_accessible = false` on `aws_db_instance`, `aws_rds_cluster_instance`, `aws_neptune_cluster_instance`, `aws_redshift_cluster` and `aws_dms_replication_instance`, and remove `aws_eip` resources.',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html'],
    reads: ['Subnet', 'ComputeWorkload', 'PublicIp', 'DataStore'],
  },
  check(inventory, { config }) {
    const results: RuleResult[] = [];
    for (const s of ofKind(inventory, 'Subnet')) {
      if (!inBoundary(inventory, config, s.vpc)) continue;
      const ev = [evidence(s, 'mapPublicIpOnLaunch', s.mapPublicIpOnLaunch ?? false, 'false')];
      if (s.mapPublicIpOnLaunch === undefined && isUnknown(s, 'mapPublicIpOnLaunch'))
        results.push(
          notAssessed(resourceOf(s), unsettledReason(s, 'mapPublicIpOnLaunch'), {
            message: `map_public_ip_on_launch is ${unsettledWords(s, 'mapPublicIpOnLaunch').words}`,
            evidence: ev,
          }),
        );
      else if (s.mapPublicIpOnLaunch)
        results.push(
          fail(resourceOf(s), { message: 'Subnet gives every instance launched in it a public IP', evidence: ev }),
        );
      else results.push(pass(resourceOf(s), { message: 'Subnet does not assign public IPs', evidence: ev }));
    }
    for (const w of ofKind(inventory, 'ComputeWorkload')) {
      if (
        w.computeKind !== 'instance' &&
        w.computeKind !== 'launch-template' &&
        w.computeKind !== 'launch-configuration'
      )
        continue;
      const ev = [evidence(w, 'associatePublicIp', w.associatePublicIp ?? null, 'false')];
      if (w.associatePublicIp === true)
        results.push(fail(resourceOf(w), { message: `${w.computeKind} asks for a public IP address`, evidence: ev }));
      else if (w.associatePublicIp === undefined && isUnknown(w, 'associatePublicIp'))
        results.push(
          notAssessed(resourceOf(w), unsettledReason(w, 'associatePublicIp'), {
            message: `associate_public_ip_address is ${unsettledWords(w, 'associatePublicIp').words}`,
            evidence: ev,
          }),
        );
      else
        results.push(
          pass(resourceOf(w), {
            message: `${w.computeKind} does not ask for a public IP (the subnet setting applies)`,
            evidence: ev,
          }),
        );
    }
    for (const s of ofKind(inventory, 'DataStore'))
      if (s.publiclyAccessible !== undefined || isUnknown(s, 'publiclyAccessible')) results.push(judgeStore(s));
    for (const ip of ofKind(inventory, 'PublicIp')) {
      results.push(
        fail(resourceOf(ip), {
          message: `Elastic IP ${ip.meta.address} is a public address`,
          evidence: [evidence(ip, 'domain', ip.domain ?? 'vpc', 'no Elastic IP in the boundary')],
        }),
      );
    }
    return results;
  },
};
