/**
 * DynamoDB collector: tables with the key that encrypts them. DynamoDB encrypts every table; without an
 * SSE description the table uses an AWS owned key (the documented default the plan adapter applies too).
 * One listing per 100 tables, one DescribeTable per table.
 */
import { DescribeTableCommand, DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { citeDefault, DEFAULTS } from '../model/defaults.js';
import type { DataStore } from '../model/types.js';
import { collectPages, settleAll, type ScanContext } from './context.js';
import { encryptionUnreadable, withKey, withServiceKey } from './storeFields.js';

const LIST = 'dynamodb:ListTables';
const DESCRIBE = 'dynamodb:DescribeTable';

export async function collectDynamoDb(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('dynamodb', region, (config) => new DynamoDBClient(config));
  const a = await ctx.call({ call: LIST, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListTables({ client }, {}), (p) => p.TableNames),
  );
  if (a.state !== 'ok') return;
  await settleAll(
    a.value.map(async (name) => {
      const builtArn = `arn:${ctx.partition}:dynamodb:${region}:${ctx.account}:table/${name}`;
      const d = await ctx.call(
        {
          call: DESCRIBE,
          kinds: ['DataStore'],
          region,
          resource: builtArn,
          fieldsOnly: true,
          absent: ['ResourceNotFoundException'],
        },
        () => client.send(new DescribeTableCommand({ TableName: name })),
      );
      const t = d.state === 'ok' ? d.value.Table : undefined;
      // Deleted between the listing and the description, or on its way out: as a destroyed plan resource.
      if (d.state === 'absent' || t?.TableStatus === 'DELETING') return;
      const arn = t?.TableArn ?? builtArn;
      const store: DataStore = {
        kind: 'DataStore',
        storeKind: 'dynamodb',
        meta: ctx.meta('aws_dynamodb_table', arn, region, {}),
        id: arn,
        arn,
        name,
      };
      if (!t) encryptionUnreadable(store.meta, DESCRIBE);
      else {
        const sse = t.SSEDescription;
        const kms = sse?.SSEType === 'KMS' && (sse.Status === 'ENABLED' || sse.Status === 'UPDATING');
        if (kms && sse?.KMSMasterKeyArn) withKey(store, sse.KMSMasterKeyArn, DESCRIBE);
        else if (kms) withServiceKey(store, DEFAULTS.dynamodbKey.value, DESCRIBE, citeDefault(DEFAULTS.dynamodbKey));
        else {
          // No SSE description (or SSE switched off): the AWS owned key, as documented.
          withServiceKey(store, DEFAULTS.dynamodbEncryption.means, DESCRIBE, citeDefault(DEFAULTS.dynamodbEncryption));
          (store.meta.defaults ??= {}).encrypted = citeDefault(DEFAULTS.dynamodbEncryption);
        }
      }
      ctx.add(store);
    }),
  );
}
