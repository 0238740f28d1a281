import {
  absenceAccounts,
  evidence,
  fail,
  inAccount,
  notAssessed,
  pass,
  resourceOf,
  scopeResource,
  unreadInAccount,
  unsettledReason,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind, type Inventory } from '../src/model/inventory.js';
import type { AuditConfig } from '../src/config/config.js';
import { workloadAccount } from '../src/analysis/auditBuckets.js';
import type { InvocationLogging } from '../src/model/types.js';

/** Regions the workload account's providers write to: where invocation logging must be configured. */
function workloadRegions(inventory: Inventory, config: AuditConfig): string[] {
  const account = workloadAccount(inventory, config);
  const regions = new Set<string>();
  for (const p of inventory.providers)
    if (p.region && (!p.account || !account || p.account === account)) regions.add(p.region);
  if (inventory.providers.length === 0) for (const r of inventory.regions) regions.add(r);
  return [...regions].sort();
}

/** Regions an account of several scanned together was read in, or its providers write to. */
function accountRegions(inventory: Inventory, account: string): string[] {
  return [...new Set(inventory.providers.flatMap((p) => (p.account === account && p.region ? [p.region] : [])))].sort();
}

function judge(l: InvocationLogging): RuleResult {
  const res = resourceOf(l);
  const destination = l.s3BucketName ?? l.s3Bucket?.address ?? l.s3Bucket?.id ?? l.cloudWatchLogGroup;
  const ev = [
    evidence(l, 'textDelivery', l.textDelivery, 'true'),
    evidence(
      l,
      l.s3Bucket || l.s3BucketName ? 's3BucketName' : 'cloudWatchLogGroup',
      destination ?? null,
      'an S3 bucket or CloudWatch log group',
    ),
  ];
  if (l.textDelivery === false)
    return fail(res, { message: 'Invocation logging does not deliver text (prompts and completions)', evidence: ev });
  if (!destination) {
    if (isUnknown(l, 's3BucketName') || isUnknown(l, 'cloudWatchLogGroup'))
      return notAssessed(res, unsettledReason(l, 's3BucketName', 'cloudWatchLogGroup'), {
        message: 'The logging destination is unknown until apply',
        evidence: ev,
      });
    return fail(res, { message: 'Invocation logging has no destination', evidence: ev });
  }
  if (l.textDelivery === undefined)
    return notAssessed(res, unsettledReason(l, 'textDelivery'), {
      message: 'Text delivery is not settled by the input',
      evidence: ev,
    });
  return pass(res, { message: `Invocation logging delivers text to ${destination}`, evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'AUD-003',
    title: 'Bedrock model invocation logging delivers text to a destination',
    severity: 'high',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'CloudTrail records that a model was called, not what was asked and answered. Invocation logging keeps the prompts and completions, the evidence of what data went to a model.',
    remediation:
      'Declare `aws_bedrock_model_invocation_logging_configuration` in each region the workload uses, with `logging_config { text_data_delivery_enabled = true }` and an `s3_config` (to an audit bucket) or `cloudwatch_config`.',
    references: ['https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html'],
    reads: ['InvocationLogging'],
  },
  check(inventory, { config }) {
    const logging = ofKind(inventory, 'InvocationLogging');
    const results = logging.map(judge);
    for (const account of absenceAccounts(inventory)) {
      // Logging is configured per account and region: one account's configuration says nothing of another's.
      const own = logging.filter((l) => inAccount(l, account));
      const covered = new Set(own.map((l) => l.meta.region));
      const regions = account === undefined ? workloadRegions(inventory, config) : accountRegions(inventory, account);
      const absent = regions.length ? regions.filter((r) => !covered.has(r)) : own.length ? [] : [undefined];
      if (unreadInAccount(inventory, 'InvocationLogging', account)) continue;
      for (const region of absent) results.push(absence(inventory, region, account));
    }
    return results;
  },
};

function absence(inventory: Inventory, region: string | undefined, account: string | undefined): RuleResult {
  return fail(scopeResource(inventory, region, account), {
    message: `No Bedrock model invocation logging configured${account ? ` in account ${account}` : ''}${region ? ` in ${region}` : ''}`,
    evidence: [
      {
        path: 'invocationLogging',
        observed: null,
        expected: 'a logging configuration with text delivery',
        source: 'inventory',
      },
    ],
  });
}
