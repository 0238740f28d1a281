/**
 * A deployment of the data stores the RDS, DynamoDB, OpenSearch, SQS, SNS and EBS collectors read,
 * created in moto through the SDK: each store in the states its rules tell apart (customer key, AWS
 * managed key, service-owned key, not encrypted; automatic upgrades on and off). The field-by-field
 * test (storesA.moto.test.ts) and the plan/live parity test (parityStoresA.test.ts) both deploy it;
 * the parity test's plan (storesA.plan.ts) takes its names and settings from `STORES_A` too.
 *
 * The Neptune cluster lives in a second region: no plan adapter models `aws_neptune_cluster`, so the
 * parity test, which scans the first region only, leaves it out.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CreateDBClusterCommand, CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';

export const STORES_ACCOUNT = '123456789012';
export const STORES_REGION = 'us-east-1';
/** Where the Neptune cluster lives (see the header). */
export const STORES_OTHER_REGION = 'us-west-2';

export const STORES_A = {
  dataKeyAlias: 'alias/storesa-data',
  messagingKeyAlias: 'alias/storesa-messaging',
  db: { cmk: 'storesa-db-cmk', plain: 'storesa-db-plain' },
  /** Aurora clusters join the plan by Name tag: the plan adapter names no cluster identifier. */
  aurora: {
    pinned: { id: 'storesa-aurora-pinned', instance: 'storesa-aurora-pinned-1' },
    upgrading: { id: 'storesa-aurora-upgrading', instance: 'storesa-aurora-upgrading-1' },
  },
  neptune: 'storesa-neptune',
  table: { owned: 'storesa-owned', cmk: 'storesa-cmk', managed: 'storesa-managed' },
  domain: { cmk: 'storesa-search-cmk', plain: 'storesa-search-plain' },
  queue: { sse: 'storesa-sse', cmk: 'storesa-cmk', none: 'storesa-none' },
  topic: { plain: 'storesa-plain', cmk: 'storesa-cmk', managed: 'storesa-managed' },
  volume: { cmk: 'storesa-vol-cmk', plain: 'storesa-vol-plain' },
} as const;

/** The key policy of both customer keys: the account root, as KMS writes by default. */
export const STORES_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Root',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${STORES_ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

export interface StoresDeployment {
  dataKeyArn: string;
  messagingKeyArn: string;
  volumeIds: { cmk: string; plain: string };
  queueUrls: { sse: string; cmk: string; none: string };
}

function need<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`moto returned no ${what}`);
  return v;
}

async function customerKey(kms: KMSClient, alias: string, description: string): Promise<string> {
  const md = need(
    (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(STORES_KEY_POLICY), Description: description })))
      .KeyMetadata,
    'key',
  );
  const keyId = need(md.KeyId, 'key id');
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  return need(md.Arn, 'key arn');
}

const nameTag = (name: string) => [{ Key: 'Name', Value: name }];

export async function deployStoresA(endpoint: string): Promise<StoresDeployment> {
  const cfg = { endpoint, region: STORES_REGION };
  const kms = new KMSClient(cfg);
  const dataKeyArn = await customerKey(kms, STORES_A.dataKeyAlias, 'data stores');
  const messagingKeyArn = await customerKey(kms, STORES_A.messagingKeyAlias, 'messaging');

  const rds = new RDSClient(cfg);
  const login = { MasterUsername: 'admin_user', MasterUserPassword: 'not-a-secret-1' };
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: STORES_A.db.cmk,
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      AllocatedStorage: 20,
      StorageEncrypted: true,
      KmsKeyId: dataKeyArn,
      AutoMinorVersionUpgrade: false,
      ...login,
    }),
  );
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: STORES_A.db.plain,
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      AllocatedStorage: 20,
      StorageEncrypted: false,
      AutoMinorVersionUpgrade: true,
      PubliclyAccessible: true,
      ...login,
    }),
  );
  for (const [c, instanceUpgrades] of [
    [STORES_A.aurora.pinned, false],
    [STORES_A.aurora.upgrading, true],
  ] as const) {
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: c.id,
        Engine: 'aurora-postgresql',
        StorageEncrypted: true,
        KmsKeyId: dataKeyArn,
        AutoMinorVersionUpgrade: false,
        Tags: nameTag(c.id),
        ...login,
      }),
    );
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: c.instance,
        DBClusterIdentifier: c.id,
        DBInstanceClass: 'db.r5.large',
        Engine: 'aurora-postgresql',
        AutoMinorVersionUpgrade: instanceUpgrades,
        // The upgrading cluster's instance is also the one with a public address (NET-005 folds it in).
        PubliclyAccessible: instanceUpgrades,
      }),
    );
  }
  await new RDSClient({ endpoint, region: STORES_OTHER_REGION }).send(
    new CreateDBClusterCommand({ DBClusterIdentifier: STORES_A.neptune, Engine: 'neptune', StorageEncrypted: false }),
  );

  const ddb = new DynamoDBClient(cfg);
  const table = (name: string) => ({
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
    BillingMode: 'PAY_PER_REQUEST' as const,
  });
  await ddb.send(new CreateTableCommand(table(STORES_A.table.owned)));
  await ddb.send(
    new CreateTableCommand({
      ...table(STORES_A.table.cmk),
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: dataKeyArn },
    }),
  );
  await ddb.send(
    new CreateTableCommand({ ...table(STORES_A.table.managed), SSESpecification: { Enabled: true, SSEType: 'KMS' } }),
  );

  const search = new OpenSearchClient(cfg);
  await search.send(
    new CreateDomainCommand({
      DomainName: STORES_A.domain.cmk,
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: dataKeyArn },
      SoftwareUpdateOptions: { AutoSoftwareUpdateEnabled: false },
    }),
  );
  await search.send(new CreateDomainCommand({ DomainName: STORES_A.domain.plain }));

  const sqs = new SQSClient(cfg);
  const queueUrls = {
    sse: need((await sqs.send(new CreateQueueCommand({ QueueName: STORES_A.queue.sse }))).QueueUrl, 'queue'),
    cmk: need(
      (
        await sqs.send(
          new CreateQueueCommand({ QueueName: STORES_A.queue.cmk, Attributes: { KmsMasterKeyId: messagingKeyArn } }),
        )
      ).QueueUrl,
      'queue',
    ),
    none: need(
      (
        await sqs.send(
          new CreateQueueCommand({ QueueName: STORES_A.queue.none, Attributes: { SqsManagedSseEnabled: 'false' } }),
        )
      ).QueueUrl,
      'queue',
    ),
  };

  const sns = new SNSClient(cfg);
  await sns.send(new CreateTopicCommand({ Name: STORES_A.topic.plain }));
  await sns.send(new CreateTopicCommand({ Name: STORES_A.topic.cmk, Attributes: { KmsMasterKeyId: messagingKeyArn } }));
  await sns.send(
    new CreateTopicCommand({ Name: STORES_A.topic.managed, Attributes: { KmsMasterKeyId: 'alias/aws/sns' } }),
  );

  const ec2 = new EC2Client(cfg);
  const volume = async (name: string, encrypted: boolean): Promise<string> =>
    need(
      (
        await ec2.send(
          new CreateVolumeCommand({
            AvailabilityZone: `${STORES_REGION}a`,
            Size: 8,
            Encrypted: encrypted,
            KmsKeyId: encrypted ? dataKeyArn : undefined,
            TagSpecifications: [{ ResourceType: 'volume', Tags: nameTag(name) }],
          }),
        )
      ).VolumeId,
      'volume',
    );
  const volumeIds = { cmk: await volume(STORES_A.volume.cmk, true), plain: await volume(STORES_A.volume.plain, false) };

  for (const c of [kms, rds, ddb, search, sqs, sns, ec2]) c.destroy();
  return { dataKeyArn, messagingKeyArn, volumeIds, queueUrls };
}
