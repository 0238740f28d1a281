import {
  auditBucketTargets,
  targetResource,
  trustedLogAccounts,
  viaText,
  workloadAccountsOf,
} from '../src/analysis/auditBuckets.js';
import { fail, notAssessed, pass } from '../src/engine/ruleKit.js';
import type { Evidence, Rule, RuleResult } from '../src/engine/types.js';

export const rule: Rule = {
  meta: {
    id: 'AUD-006',
    title: 'Audit buckets live in another account than the workload',
    severity: 'high',
    layer: 4,
    profiles: ['baseline', 'regulated', 'highest-trust'],
    rationale:
      'Whoever controls the workload account must not control its logs. Delivering trail and invocation logs to a bucket in a separate log-archive account keeps them out of reach of a compromised workload administrator.',
    remediation:
      "Create the audit buckets in a log-archive account (an aliased provider, e.g. `provider = aws.logarchive` with `assume_role` into that account) and list it in `trustedAccounts`; for a bucket managed in another stack, name it and its account in the config's `auditBuckets`.",
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-receive-logs-from-multiple-accounts.html',
      'https://docs.aws.amazon.com/prescriptive-guidance/latest/security-reference-architecture/log-archive.html',
    ],
    reads: ['Bucket', 'Trail', 'InvocationLogging'],
  },
  check(inventory, { config }) {
    const trusted = trustedLogAccounts(inventory, config);
    return auditBucketTargets(inventory, config).map((t): RuleResult => {
      const workloads = workloadAccountsOf(t, inventory, config);
      const workload = workloads.length > 0 ? workloads.join(', ') : undefined;
      const expected = `an account other than the workload's (${workload ?? 'unknown'})${trusted.length ? `, one of trustedAccounts ${trusted.join(', ')}` : ''}`;
      const res = targetResource(t);
      // The managing provider's account decides for a managed bucket; the config places the others.
      const account = t.bucket?.meta.account ?? t.placedAccount;
      const source = t.bucket
        ? `${t.bucket.meta.address} (provider ${t.bucket.meta.providerKey ?? 'aws'})`
        : t.placedAccount
          ? 'config auditBuckets'
          : t.via[0];
      const ev: Evidence[] = [{ path: 'account', observed: account ?? null, expected, source }];
      if (!account) {
        const why = t.bucket
          ? 'the provider that manages it names no account (set allowed_account_ids or assume_role)'
          : 'it is not managed by this input and the config does not place it (auditBuckets[].account)';
        return notAssessed(res, 'needs-review', {
          message: `Account of audit bucket ${t.name ?? res.address} (used by ${viaText(t)}) is unknown: ${why}`,
          evidence: ev,
        });
      }
      if (workloads.includes(account))
        return fail(res, {
          message: `Audit bucket is in the workload account ${account}: its administrators can reach the logs`,
          evidence: ev,
        });
      if (trusted.length && !trusted.includes(account))
        return fail(res, {
          message: `Audit bucket is in account ${account}, which is not a trusted log-archive account`,
          evidence: ev,
        });
      if (!workload && !trusted.includes(account))
        return notAssessed(res, 'needs-review', {
          message: `Audit bucket is in account ${account}, but the workload account is unknown (set workloadAccount)`,
          evidence: ev,
        });
      return pass(res, {
        message: `Audit bucket is in account ${account}, separate from the workload account${workload ? ` ${workload}` : ''}`,
        evidence: ev,
      });
    });
  },
};
