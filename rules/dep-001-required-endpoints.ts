import { parseEndpointService } from '../src/analysis/endpointService.js';
import { boundaryVpcs } from '../src/engine/boundary.js';
import {
  absenceEvidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  unsettledReason,
  unsettledWords,
} from '../src/engine/ruleKit.js';
import type { Rule } from '../src/engine/types.js';
import { byVpc, vpcKey } from '../src/analysis/relations.js';
import { ofKind } from '../src/model/inventory.js';
import type { VpcEndpoint } from '../src/model/types.js';

export const rule: Rule = {
  meta: {
    id: 'DEP-001',
    title: 'Every boundary VPC has the endpoints the workload needs',
    severity: 'high',
    condition: 'AG-3',
    layer: 1,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Without a VPC endpoint, a call to Bedrock, KMS, Secrets Manager, CloudWatch, STS or S3 either fails or leaves through the internet. Each boundary VPC needs them in its own region.',
    remediation:
      'Add `aws_vpc_endpoint` resources (`vpc_endpoint_type = "Interface"`) for bedrock-runtime, bedrock-agent-runtime, bedrock, bedrock-agent, kms, secretsmanager, logs, monitoring and sts, and a Gateway endpoint for s3, with `service_name = "com.amazonaws.<region>.<service>"` (FIPS names satisfy the same service). Adjust the list with `requiredEndpoints` in the config.',
    references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html'],
    reads: ['Vpc', 'VpcEndpoint'],
  },
  check(inventory, { config }) {
    const endpoints = byVpc(inventory, ofKind(inventory, 'VpcEndpoint'), (ep) => ep.vpc);
    return boundaryVpcs(inventory, config).map((vpc) => {
      const mine = endpoints.get(vpcKey(vpc)) ?? [];
      const present = new Set<string>();
      const unnamed: VpcEndpoint[] = [];
      for (const ep of mine) {
        const svc = ep.serviceName ? parseEndpointService(ep.serviceName) : undefined;
        if (!svc) {
          unnamed.push(ep);
          continue;
        }
        // An endpoint in another region does not serve this VPC's calls.
        if (vpc.meta.region && svc.region && svc.region !== vpc.meta.region) continue;
        present.add(svc.service);
      }
      const missing = config.requiredEndpoints.filter((s) => !present.has(s));
      const ev = [
        absenceEvidence(
          'endpoints',
          [...present].sort(),
          `endpoints for ${config.requiredEndpoints.join(', ')}${vpc.meta.region ? ` in ${vpc.meta.region}` : ''}`,
          `VpcEndpoint entities naming ${vpc.meta.address}`,
        ),
      ];
      if (missing.length === 0)
        return pass(resourceOf(vpc), { message: 'All required endpoints are present', evidence: ev });
      if (unnamed.length > 0) {
        // A name the input states but that names no region is read, not unsettled: it needs a look.
        const [first] = unnamed;
        const named = first.serviceName !== undefined;
        const what = named
          ? `that names no region ("${first.serviceName}")`
          : unsettledWords(first, 'serviceName').words;
        return notAssessed(resourceOf(vpc), named ? 'needs-review' : unsettledReason(first, 'serviceName'), {
          message: `Missing ${missing.join(', ')} unless one of ${unnamed.length} endpoint(s) with a service name ${what} provides it`,
          evidence: ev,
        });
      }
      return fail(resourceOf(vpc), { message: `Missing VPC endpoints: ${missing.join(', ')}`, evidence: ev });
    });
  },
};
