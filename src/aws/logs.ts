/**
 * CloudWatch Logs collector: log groups with their KMS key and retention.
 */
import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { collectPages, type ScanContext } from './context.js';

const CALL = 'logs:DescribeLogGroups';
/** What encrypts a log group that names no key (the plan adapter says the same). */
const AWS_OWNED = 'AWS owned key';

export async function collectLogs(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('logs', region, (config) => new CloudWatchLogsClient(config));
  const a = await ctx.call({ call: CALL, kinds: ['DataStore'], region }, () =>
    collectPages(paginateDescribeLogGroups({ client }, {}), (p) => p.logGroups),
  );
  if (a.state !== 'ok') return;
  for (const g of a.value) {
    if (!g.logGroupName) continue;
    // `arn` ends in `:*` (it names the streams); `logGroupArn` is the group itself.
    const arn =
      g.logGroupArn ??
      g.arn?.replace(/:\*$/, '') ??
      `arn:${ctx.partition}:logs:${region}:${ctx.account}:log-group:${g.logGroupName}`;
    ctx.add({
      kind: 'DataStore',
      storeKind: 'log-group',
      meta: ctx.meta('aws_cloudwatch_log_group', arn, region, { kmsKey: CALL, kmsKeyRaw: CALL, retentionDays: CALL }),
      id: g.logGroupName,
      arn,
      name: g.logGroupName,
      // CloudWatch Logs encrypts every log group; without a key it uses a service-owned one.
      encrypted: true,
      kmsKey: g.kmsKeyId ? { id: g.kmsKeyId } : undefined,
      kmsKeyRaw: g.kmsKeyId,
      defaultEncryption: g.kmsKeyId ? undefined : AWS_OWNED,
      // No retention answered means the logs never expire.
      retentionDays: g.retentionInDays,
    });
  }
}
