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
import type { ComputeWorkload, DataStore } from '../src/model/types.js';

function judgeStore(s: DataStore, field: 'autoMinorVersionUpgrade' | 'autoSoftwareUpdate'): RuleResult {
  const res = resourceOf(s);
  const what = field === 'autoSoftwareUpdate' ? 'automatic software updates' : 'automatic minor version upgrades';
  const ev = [evidence(s, field, s[field], 'false')];
  if (isUnknown(s, field) || s[field] === undefined)
    return notAssessed(res, unsettledReason(s, field), {
      message: `Whether ${what} are on is ${unsettledWords(s, field).words}`,
      evidence: ev,
    });
  if (s[field])
    return fail(res, { message: `${what} are on: AWS upgrades the engine in the maintenance window`, evidence: ev });
  return pass(res, { message: `${what} are off`, evidence: ev });
}

function judgeLambda(fn: ComputeWorkload): RuleResult {
  const res = resourceOf(fn);
  const mode = fn.runtimeUpdateMode ?? 'Auto';
  const ev = [
    evidence(
      fn,
      'runtimeUpdateMode',
      mode,
      'FunctionUpdate or Manual',
      fn.meta.origin?.runtimeUpdateMode ?? `${fn.meta.address} (no aws_lambda_runtime_management_config: Auto)`,
    ),
  ];
  if (isUnknown(fn, 'runtimeUpdateMode'))
    return notAssessed(res, unsettledReason(fn, 'runtimeUpdateMode'), {
      message: 'Runtime update mode is not settled by the input',
      evidence: ev,
    });
  if (mode === 'Auto')
    return fail(res, {
      message: 'Runtime updates are Auto: AWS patches the runtime on its own schedule',
      evidence: ev,
    });
  return pass(res, { message: `Runtime updates are ${mode}`, evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'UPD-003',
    title: 'No vendor-controlled automatic upgrades',
    severity: 'medium',
    condition: 'AG-4',
    profiles: ['regulated', 'highest-trust'],
    rationale:
      "Automatic minor version upgrades (RDS, Aurora, ElastiCache, Amazon MQ), OpenSearch automatic software updates and Lambda runtime updates in Auto mode change running software on the vendor's schedule, outside change control.",
    remediation:
      'Set `auto_minor_version_upgrade = false` on `aws_db_instance`, `aws_rds_cluster_instance`, `aws_rds_cluster`, `aws_elasticache_*` and `aws_mq_broker`; `software_update_options { auto_software_update_enabled = false }` on `aws_opensearch_domain`; and an `aws_lambda_runtime_management_config` with `update_runtime_on = "FunctionUpdate"` (or `Manual` with a pinned runtime version) for each function.',
    references: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/service-software.html',
    ],
    reads: ['DataStore', 'ComputeWorkload'],
  },
  check(inventory) {
    const results: RuleResult[] = [];
    for (const s of ofKind(inventory, 'DataStore')) {
      if (s.autoMinorVersionUpgrade !== undefined || isUnknown(s, 'autoMinorVersionUpgrade'))
        results.push(judgeStore(s, 'autoMinorVersionUpgrade'));
      if (s.autoSoftwareUpdate !== undefined || isUnknown(s, 'autoSoftwareUpdate'))
        results.push(judgeStore(s, 'autoSoftwareUpdate'));
    }
    // Container-image functions have no managed runtime to update.
    for (const fn of ofKind(inventory, 'ComputeWorkload'))
      if (fn.computeKind === 'lambda' && fn.runtime) results.push(judgeLambda(fn));
    return results;
  },
};
