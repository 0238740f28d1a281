/**
 * SQS and SNS collectors: queues and topics with the key that encrypts them. One listing per 1,000
 * queues (100 topics), one attribute read per queue or topic.
 */
import { GetTopicAttributesCommand, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import type { DataStore } from '../model/types.js';
import { collectPages, settleAll, type ScanContext } from './context.js';
import { encryptionUnreadable, lastSegment, unencrypted, withKey, withServiceKey } from './storeFields.js';

const LIST_QUEUES = 'sqs:ListQueues';
const QUEUE_ATTRIBUTES = 'sqs:GetQueueAttributes';
const LIST_TOPICS = 'sns:ListTopics';
const TOPIC_ATTRIBUTES = 'sns:GetTopicAttributes';
/** What encrypts a queue with SSE-SQS (the plan adapter says the same). */
const SSE_SQS = 'SSE-SQS (AWS owned key)';

export async function collectSqs(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('sqs', region, (config) => new SQSClient(config));
  const a = await ctx.call({ call: LIST_QUEUES, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListQueues({ client }, { MaxResults: 1000 }), (p) => p.QueueUrls),
  );
  if (a.state !== 'ok') return;
  await settleAll(
    a.value.map(async (url) => {
      const name = lastSegment(url, '/');
      const builtArn = `arn:${ctx.partition}:sqs:${region}:${ctx.account}:${name}`;
      const g = await ctx.call(
        {
          call: QUEUE_ATTRIBUTES,
          kinds: ['DataStore'],
          region,
          resource: builtArn,
          fieldsOnly: true,
          // Deleted between the listing and the read.
          absent: ['AWS.SimpleQueueService.NonExistentQueue', 'QueueDoesNotExist'],
        },
        () =>
          client.send(
            new GetQueueAttributesCommand({
              QueueUrl: url,
              AttributeNames: ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled'],
            }),
          ),
      );
      if (g.state === 'absent') return;
      const attrs = g.state === 'ok' ? (g.value.Attributes ?? {}) : undefined;
      const arn = attrs?.QueueArn ?? builtArn;
      const store: DataStore = {
        kind: 'DataStore',
        storeKind: 'sqs',
        meta: ctx.meta('aws_sqs_queue', arn, region, {}),
        id: url,
        arn,
        name,
      };
      if (!attrs) encryptionUnreadable(store.meta, QUEUE_ATTRIBUTES);
      else if (attrs.KmsMasterKeyId) withKey(store, attrs.KmsMasterKeyId, QUEUE_ATTRIBUTES);
      else if (attrs.SqsManagedSseEnabled === 'true') withServiceKey(store, SSE_SQS, QUEUE_ATTRIBUTES);
      else if (attrs.SqsManagedSseEnabled === 'false') unencrypted(store, 'none', QUEUE_ATTRIBUTES);
      // Neither answered: nothing is claimed, and KMS-001 says the input does not tell.
      ctx.add(store);
    }),
  );
}

export async function collectSns(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('sns', region, (config) => new SNSClient(config));
  const a = await ctx.call({ call: LIST_TOPICS, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListTopics({ client }, {}), (p) => p.Topics),
  );
  if (a.state !== 'ok') return;
  await settleAll(
    a.value.map(async (t) => {
      if (!t.TopicArn) return;
      const arn = t.TopicArn;
      const g = await ctx.call(
        { call: TOPIC_ATTRIBUTES, kinds: ['DataStore'], region, resource: arn, fieldsOnly: true, absent: ['NotFound'] },
        () => client.send(new GetTopicAttributesCommand({ TopicArn: arn })),
      );
      if (g.state === 'absent') return;
      const store: DataStore = {
        kind: 'DataStore',
        storeKind: 'sns',
        meta: ctx.meta('aws_sns_topic', arn, region, {}),
        id: arn,
        arn,
        name: lastSegment(arn, ':'),
      };
      const key = g.state === 'ok' ? g.value.Attributes?.KmsMasterKeyId : undefined;
      if (g.state !== 'ok') encryptionUnreadable(store.meta, TOPIC_ATTRIBUTES);
      else if (key) withKey(store, key, TOPIC_ATTRIBUTES);
      // SNS encrypts a topic at rest only when a key is named.
      else unencrypted(store, 'none', TOPIC_ATTRIBUTES);
      ctx.add(store);
    }),
  );
}
