/**
 * The shipped scenarios, composed from their parts: the air-gapped Bedrock blueprint and its
 * "looks private but isn't" twin. Written to fixtures/examples/ (see test/scenarios/examples.test.ts).
 */
import type { AuditConfig } from '../../../src/config/config.js';
import type { PlanSpec, ResourceSpec } from '../planBuilder.js';
import { blueprintNetwork, leakyNetwork, REGION, WORKLOAD_ACCOUNT } from './network.js';
import { blueprintParts, leakyParts } from './parts.js';

export const LOG_ARCHIVE_ACCOUNT = '222222222222';
export const PROVIDER_VERSION = '5.80.0';

const providers: PlanSpec['providers'] = {
  aws: { region: REGION, allowedAccountIds: [WORKLOAD_ACCOUNT], versionConstraint: PROVIDER_VERSION },
  'aws.logarchive': {
    region: REGION,
    alias: 'logarchive',
    assumeRoleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/log-archive-writer`,
    versionConstraint: PROVIDER_VERSION,
  },
};

export const scenarioConfig: Partial<AuditConfig> = {
  allowedRegions: [REGION, 'us-west-2'],
  trustedAccounts: [LOG_ARCHIVE_ACCOUNT],
};

function dedupe(resources: ResourceSpec[]): ResourceSpec[] {
  const seen = new Set<string>();
  return resources.filter((r) => !seen.has(r.address) && seen.add(r.address));
}

export function blueprintPlan(): PlanSpec {
  return { resources: dedupe([...blueprintNetwork(), ...blueprintParts()]), providers };
}

export function leakyPlan(): PlanSpec {
  return {
    resources: dedupe([...leakyNetwork(), ...leakyParts()]),
    providers: {
      ...providers,
      aws: { region: REGION, allowedAccountIds: [WORKLOAD_ACCOUNT], versionConstraint: '>= 5.0' },
    },
    modules: {
      'module.network': { source: 'git::https://git.example.com/platform/terraform-aws-network.git?ref=main' },
    },
  };
}
