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
import { isUnknown, ofKind } from '../src/model/inventory.js';

export const rule: Rule = {
  meta: {
    id: 'DEP-002',
    title: 'Interface endpoints resolve the public service names privately',
    severity: 'medium',
    condition: 'AG-3',
    layer: 1,
    profiles: ['regulated', 'highest-trust'],
    rationale:
      'Without private DNS, SDKs resolve `bedrock-runtime.<region>.amazonaws.com` to public addresses and try the internet; with it, the default names reach the endpoint.',
    remediation: 'Set `private_dns_enabled = true` on every Interface `aws_vpc_endpoint`.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns-hostnames',
    ],
    reads: ['VpcEndpoint'],
  },
  check(inventory, { config }) {
    return ofKind(inventory, 'VpcEndpoint')
      .filter((ep) => ep.endpointType === 'Interface' && inBoundary(inventory, config, ep.vpc))
      .map((ep) => {
        const ev = [evidence(ep, 'privateDnsEnabled', ep.privateDnsEnabled ?? false, 'true')];
        if (ep.privateDnsEnabled === true)
          return pass(resourceOf(ep), { message: 'Private DNS is enabled', evidence: ev });
        if (ep.privateDnsEnabled === undefined && isUnknown(ep, 'privateDnsEnabled'))
          return notAssessed(resourceOf(ep), unsettledReason(ep, 'privateDnsEnabled'), {
            message: `private_dns_enabled is ${unsettledWords(ep, 'privateDnsEnabled').words}`,
            evidence: ev,
          });
        return fail(resourceOf(ep), {
          message: 'Private DNS is off: default service names resolve to public addresses',
          evidence: ev,
        });
      });
  },
};
