/**
 * The RDS, DynamoDB, OpenSearch, SQS, SNS and EBS collectors where the emulator cannot fail or answer
 * as AWS does, with the SDK clients mocked: every call refused in turn (a gap naming the call, the
 * rules not-assessed, never a pass), a per-store read that fails (that store's encryption not readable),
 * a server error, stores deleted between listing and reading, DocumentDB clusters, and EBS encryption
 * by default switched on.
 *
 * Longer than most test files: one scripted account serves every failure case of six collectors, which
 * are compared with the same full-access baseline.
 */
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeVolumesCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AwsService, collectAws } from '../../src/aws/collectAws.js';
import { defaultConfig } from '../../src/config/config.js';
import type { Finding } from '../../src/engine/types.js';
import { ofKind, type Inventory } from '../../src/model/inventory.js';
import type { DataStore } from '../../src/model/types.js';
import { fieldValue } from '../../src/model/values.js';
import { assessInventory } from '../../src/scan.js';
import { ACCOUNT, awsError, mock, useMockedAccount } from './mockedAccount.js';
import { failedGaps } from './gaps.js';

const REGION = 'us-east-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`;
const config = { ...defaultConfig(), profile: 'highest-trust' as const, allowedRegions: [REGION] };

const denied = (ec2 = false) => awsError(ec2 ? 'UnauthorizedOperation' : 'AccessDeniedException', ec2 ? 403 : 400);

let rds: AwsClientStub<RDSClient>;
let ddb: AwsClientStub<DynamoDBClient>;
let search: AwsClientStub<OpenSearchClient>;
let sqs: AwsClientStub<SQSClient>;
let sns: AwsClientStub<SNSClient>;
let ec2: AwsClientStub<EC2Client>;

const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q1`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:t1`;

/** One store of each kind, each with a customer key and automatic upgrades off: all pass when read. */
function scriptAccount(): void {
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'db1',
          DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:db1`,
          StorageEncrypted: true,
          KmsKeyId: KEY,
          AutoMinorVersionUpgrade: false,
        },
        {
          DBInstanceIdentifier: 'c1-a',
          DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:c1-a`,
          DBClusterIdentifier: 'c1',
          AutoMinorVersionUpgrade: false,
        },
      ],
    })
    .on(DescribeDBClustersCommand)
    .resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'c1',
          DBClusterArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`,
          Engine: 'aurora-postgresql',
          StorageEncrypted: true,
          KmsKeyId: KEY,
        },
      ],
    });
  ddb
    .on(ListTablesCommand)
    .resolves({ TableNames: ['t1'] })
    .on(DescribeTableCommand)
    .resolves({
      Table: {
        TableName: 't1',
        TableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t1`,
        SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY },
      },
    });
  search
    .on(ListDomainNamesCommand)
    .resolves({ DomainNames: [{ DomainName: 'dom1' }] })
    .on(DescribeDomainsCommand)
    .resolves({
      DomainStatusList: [
        {
          DomainName: 'dom1',
          DomainId: `${ACCOUNT}/dom1`,
          ARN: `arn:aws:es:${REGION}:${ACCOUNT}:domain/dom1`,
          ClusterConfig: {},
          EncryptionAtRestOptions: { Enabled: true, KmsKeyId: KEY },
          SoftwareUpdateOptions: { AutoSoftwareUpdateEnabled: false },
        },
      ],
    });
  sqs
    .on(ListQueuesCommand)
    .resolves({ QueueUrls: [QUEUE_URL] })
    .on(GetQueueAttributesCommand)
    .resolves({ Attributes: { QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q1`, KmsMasterKeyId: KEY } });
  sns
    .on(ListTopicsCommand)
    .resolves({ Topics: [{ TopicArn: TOPIC }] })
    .on(GetTopicAttributesCommand)
    .resolves({ Attributes: { TopicArn: TOPIC, KmsMasterKeyId: KEY } });
  ec2
    .on(DescribeVolumesCommand)
    .resolves({ Volumes: [{ VolumeId: 'vol-1', Encrypted: true, KmsKeyId: KEY, State: 'in-use' }] })
    .on(GetEbsEncryptionByDefaultCommand)
    .resolves({ EbsEncryptionByDefault: false });
}

const STORE_SERVICES: AwsService[] = ['kms', 'rds', 'dynamodb', 'opensearch', 'sqs', 'sns', 'ebs'];

async function scan(maxAttempts?: number): Promise<{ inv: Inventory; findings: Finding[] }> {
  const inv = await collectAws({ regions: [REGION], services: STORE_SERVICES, maxAttempts });
  return { inv, findings: assessInventory(inv, { config }).findings };
}

function byArn(inv: Inventory, arn: string): DataStore {
  const e = inv.byAddress.get(arn);
  if (e?.kind !== 'DataStore') throw new Error(`no store ${arn}`);
  return e;
}

/** Statuses per rule and resource address. */
function verdicts(findings: Finding[], ruleId: string): Record<string, string> {
  return Object.fromEntries(
    findings
      .filter((f) => f.ruleId === ruleId)
      .map((f) => [f.resource.address, f.reason ? `${f.status}/${f.reason}` : f.status]),
  );
}

useMockedAccount();
beforeEach(() => {
  // The one customer key every store names, so KMS-001 can tell it is customer-managed.
  mock(mockClient(KMSClient))
    .on(ListKeysCommand)
    .resolves({ Keys: [{ KeyId: 'k1', KeyArn: KEY }] })
    .on(DescribeKeyCommand)
    .resolves({
      KeyMetadata: { KeyId: 'k1', Arn: KEY, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
    })
    .on(GetKeyPolicyCommand)
    .resolves({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) })
    .on(GetKeyRotationStatusCommand)
    .resolves({ KeyRotationEnabled: true });
  rds = mock(mockClient(RDSClient));
  ddb = mock(mockClient(DynamoDBClient));
  search = mock(mockClient(OpenSearchClient));
  sqs = mock(mockClient(SQSClient));
  sns = mock(mockClient(SNSClient));
  ec2 = mock(mockClient(EC2Client));
  scriptAccount();
});

const ALL_PASS = {
  // Stores of the services this scan leaves out (log groups, secrets, ...) are not judged, and the report says so.
  [`account/${ACCOUNT}`]: 'not-assessed/out-of-scope',
  [`arn:aws:rds:${REGION}:${ACCOUNT}:db:db1`]: 'pass',
  [`arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`]: 'pass',
  [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t1`]: 'pass',
  [`arn:aws:es:${REGION}:${ACCOUNT}:domain/dom1`]: 'pass',
  [`arn:aws:sqs:${REGION}:${ACCOUNT}:q1`]: 'pass',
  [TOPIC]: 'pass',
  [`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-1`]: 'pass',
};

describe('full access', () => {
  it('reads every store and passes KMS-001 on each: the baseline every refusal below is compared with', async () => {
    const { inv, findings } = await scan();
    expect(failedGaps(inv)).toEqual([]);
    expect(verdicts(findings, 'KMS-001')).toEqual(ALL_PASS);
    expect(verdicts(findings, 'UPD-003')).toEqual({
      [`account/${ACCOUNT}`]: 'not-assessed/out-of-scope',
      [`arn:aws:rds:${REGION}:${ACCOUNT}:db:db1`]: 'pass',
      [`arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`]: 'pass',
      [`arn:aws:es:${REGION}:${ACCOUNT}:domain/dom1`]: 'pass',
    });
  });
});

describe('a refused listing', () => {
  const cases: Array<{ call: string; refuse: () => void; gone: string[] }> = [
    {
      call: 'rds:DescribeDBInstances',
      refuse: () => rds.on(DescribeDBInstancesCommand).rejects(denied()),
      gone: [`arn:aws:rds:${REGION}:${ACCOUNT}:db:db1`],
    },
    {
      call: 'rds:DescribeDBClusters',
      refuse: () => rds.on(DescribeDBClustersCommand).rejects(denied()),
      gone: [`arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`],
    },
    {
      call: 'dynamodb:ListTables',
      refuse: () => ddb.on(ListTablesCommand).rejects(denied()),
      gone: [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t1`],
    },
    {
      call: 'es:ListDomainNames',
      refuse: () => search.on(ListDomainNamesCommand).rejects(denied()),
      gone: [`arn:aws:es:${REGION}:${ACCOUNT}:domain/dom1`],
    },
    {
      call: 'sqs:ListQueues',
      refuse: () => sqs.on(ListQueuesCommand).rejects(denied()),
      gone: [`arn:aws:sqs:${REGION}:${ACCOUNT}:q1`],
    },
    {
      call: 'sns:ListTopics',
      refuse: () => sns.on(ListTopicsCommand).rejects(denied()),
      gone: [TOPIC],
    },
    {
      call: 'ec2:DescribeVolumes',
      refuse: () => ec2.on(DescribeVolumesCommand).rejects(denied(true)),
      gone: [`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-1`],
    },
  ];
  for (const c of cases) {
    it(`${c.call}: a gap naming the call, the region's store rules not-assessed, the rest still judged`, async () => {
      c.refuse();
      const { inv, findings } = await scan();
      expect(failedGaps(inv)).toEqual([
        expect.objectContaining({ call: c.call, kinds: ['DataStore'], region: REGION, reason: 'access-denied' }),
      ]);
      const kms = verdicts(findings, 'KMS-001');
      const expected: Record<string, string> = {
        ...ALL_PASS,
        [`account/${ACCOUNT}/region/${REGION}`]: 'not-assessed/access-denied',
      };
      for (const gone of c.gone) delete expected[gone];
      // The gap is reported against the account and region, naming the call; nothing unread passes.
      expect(kms).toEqual(expected);
      const scope = findings.find((f) => f.ruleId === 'KMS-001' && f.reason === 'access-denied');
      expect(scope?.message).toContain(c.call);
    });
  }
});

describe('a refused read of one store', () => {
  const cases: Array<{ call: string; refuse: () => void; store: string }> = [
    {
      call: 'dynamodb:DescribeTable',
      refuse: () => ddb.on(DescribeTableCommand).rejects(denied()),
      store: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t1`,
    },
    {
      call: 'es:DescribeDomains',
      refuse: () => search.on(DescribeDomainsCommand).rejects(denied()),
      store: `arn:aws:es:${REGION}:${ACCOUNT}:domain/dom1`,
    },
    {
      call: 'sqs:GetQueueAttributes',
      refuse: () => sqs.on(GetQueueAttributesCommand).rejects(denied()),
      store: `arn:aws:sqs:${REGION}:${ACCOUNT}:q1`,
    },
    {
      call: 'sns:GetTopicAttributes',
      refuse: () => sns.on(GetTopicAttributesCommand).rejects(denied()),
      store: TOPIC,
    },
  ];
  for (const c of cases) {
    it(`${c.call}: the store stays, its encryption not readable, KMS-001 not-assessed for it alone`, async () => {
      c.refuse();
      const { inv, findings } = await scan();
      expect(failedGaps(inv)).toEqual([
        expect.objectContaining({ call: c.call, kinds: [], region: REGION, reason: 'access-denied' }),
      ]);
      expect(failedGaps(inv)[0].detail).toContain(c.store);
      const s = byArn(inv, c.store);
      expect(fieldValue(s, 'kmsKey')).toMatchObject({ state: 'unreadable', call: c.call });
      expect(fieldValue(s, 'encrypted')).toMatchObject({ state: 'unreadable', call: c.call });
      expect(verdicts(findings, 'KMS-001')).toEqual({ ...ALL_PASS, [c.store]: 'not-assessed/access-denied' });
    });
  }

  it('es:DescribeDomains refused: automatic software updates not readable, UPD-003 not-assessed', async () => {
    search.on(DescribeDomainsCommand).rejects(denied());
    const { findings } = await scan();
    expect(verdicts(findings, 'UPD-003')[`arn:aws:es:${REGION}:${ACCOUNT}:domain/dom1`]).toBe(
      'not-assessed/access-denied',
    );
  });

  it('rds:DescribeDBInstances refused: whether an Aurora instance upgrades the cluster is not readable', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(denied());
    const { inv, findings } = await scan();
    const cluster = byArn(inv, `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`);
    expect(fieldValue(cluster, 'autoMinorVersionUpgrade')).toMatchObject({
      state: 'unreadable',
      call: 'rds:DescribeDBInstances',
    });
    // Its encryption came from DescribeDBClusters, which answered.
    expect(verdicts(findings, 'KMS-001')[cluster.meta.address]).toBe('pass');
    expect(verdicts(findings, 'UPD-003')[cluster.meta.address]).toBe('not-assessed/access-denied');
  });

  it('a server error (after the retries) is a gap too, never a pass', async () => {
    ddb.on(DescribeTableCommand).rejects(Object.assign(awsError('InternalServerError', 500), { $fault: 'server' }));
    const { inv, findings } = await scan(1);
    expect(failedGaps(inv)).toEqual([expect.objectContaining({ call: 'dynamodb:DescribeTable', reason: 'error' })]);
    expect(verdicts(findings, 'KMS-001')[`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t1`]).toMatch(/^not-assessed/);
  });
});

describe('EBS encryption by default', () => {
  it('refused: a gap naming the call; volumes still judged on their own answer', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolves({ Volumes: [{ VolumeId: 'vol-2', Encrypted: false, State: 'available' }] })
      .on(GetEbsEncryptionByDefaultCommand)
      .rejects(denied(true));
    const { inv, findings } = await scan();
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'ec2:GetEbsEncryptionByDefault', kinds: [], reason: 'access-denied' }),
    ]);
    const v = byArn(inv, `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-2`);
    expect(v).toMatchObject({ encrypted: false, defaultEncryption: 'none' });
    expect(verdicts(findings, 'KMS-001')[v.meta.address]).toBe('fail');
  });

  it('on: the default key is read and named in an older unencrypted volume’s evidence', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolves({ Volumes: [{ VolumeId: 'vol-2', Encrypted: false, State: 'available' }] })
      .on(GetEbsEncryptionByDefaultCommand)
      .resolves({ EbsEncryptionByDefault: true })
      .on(GetEbsDefaultKmsKeyIdCommand)
      .resolves({ KmsKeyId: KEY });
    const { inv } = await scan();
    expect(failedGaps(inv)).toEqual([]);
    const v = byArn(inv, `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-2`);
    expect(v.defaultEncryption).toBe(
      `none (EBS encryption by default is on in ${REGION} (default key ${KEY}); this volume predates it)`,
    );
    expect(v.meta.origin?.defaultEncryption).toBe('ec2:GetEbsEncryptionByDefault, ec2:GetEbsDefaultKmsKeyId');
  });

  it('on, the default key refused: a gap naming ec2:GetEbsDefaultKmsKeyId', async () => {
    ec2
      .on(GetEbsEncryptionByDefaultCommand)
      .resolves({ EbsEncryptionByDefault: true })
      .on(GetEbsDefaultKmsKeyIdCommand)
      .rejects(denied(true));
    const { inv, findings } = await scan();
    expect(failedGaps(inv).map((g) => g.call)).toEqual(['ec2:GetEbsDefaultKmsKeyId']);
    expect(verdicts(findings, 'KMS-001')).toEqual(ALL_PASS);
  });
});

describe('answers the emulator does not give', () => {
  it('DocumentDB clusters come through the RDS API as aws_docdb_cluster; instances upgrade them', async () => {
    rds
      .on(DescribeDBClustersCommand)
      .resolves({
        DBClusters: [
          {
            DBClusterIdentifier: 'docs',
            DBClusterArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:docs`,
            Engine: 'docdb',
            StorageEncrypted: true,
          },
        ],
      })
      .on(DescribeDBInstancesCommand)
      .resolves({
        DBInstances: [
          {
            DBInstanceIdentifier: 'docs-1',
            DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:docs-1`,
            DBClusterIdentifier: 'docs',
            AutoMinorVersionUpgrade: true,
          },
        ],
      });
    const { inv } = await scan();
    const docs = byArn(inv, `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:docs`);
    expect(docs).toMatchObject({
      storeKind: 'docdb',
      encrypted: true,
      defaultEncryption: 'alias/aws/rds',
      autoMinorVersionUpgrade: true,
    });
    expect(docs.meta.type).toBe('aws_docdb_cluster');
    expect(fieldValue(docs, 'kmsKey').state).toBe('default');
  });

  it('stores deleted between listing and reading, or being deleted, are left out without a gap', async () => {
    ddb
      .on(ListTablesCommand)
      .resolves({ TableNames: ['gone', 'going'] })
      .on(DescribeTableCommand, { TableName: 'gone' })
      .rejects(awsError('ResourceNotFoundException', 400))
      .on(DescribeTableCommand, { TableName: 'going' })
      .resolves({ Table: { TableName: 'going', TableStatus: 'DELETING' } });
    search.on(DescribeDomainsCommand).resolves({
      DomainStatusList: [{ DomainName: 'dom1', DomainId: 'x', ARN: 'a', ClusterConfig: {}, Deleted: true }],
    });
    sqs.on(GetQueueAttributesCommand).rejects(awsError('QueueDoesNotExist', 400));
    sns.on(GetTopicAttributesCommand).rejects(awsError('NotFound', 404));
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'db9', DBInstanceStatus: 'deleting', StorageEncrypted: false }],
    });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-9', Encrypted: false, State: 'deleting' }] });
    const { inv } = await scan();
    expect(failedGaps(inv)).toEqual([]);
    expect(ofKind(inv, 'DataStore').map((s) => s.meta.address)).toEqual([
      `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:c1`,
    ]);
  });

  it('reads OpenSearch domains five to a DescribeDomains call', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `dom-${String(i).padStart(2, '0')}`);
    search
      .on(ListDomainNamesCommand)
      .resolves({ DomainNames: names.map((DomainName) => ({ DomainName })) })
      .on(DescribeDomainsCommand)
      .callsFake((input: { DomainNames: string[] }) => ({
        DomainStatusList: input.DomainNames.map((n) => ({
          DomainName: n,
          DomainId: n,
          ARN: `arn:aws:es:${REGION}:${ACCOUNT}:domain/${n}`,
          ClusterConfig: {},
          EncryptionAtRestOptions: { Enabled: false },
        })),
      }));
    const { inv } = await scan();
    expect(search.commandCalls(DescribeDomainsCommand).map((c) => c.args[0].input.DomainNames?.length)).toEqual([
      5, 5, 2,
    ]);
    expect(ofKind(inv, 'DataStore').filter((s) => s.storeKind === 'opensearch')).toHaveLength(12);
  });
});
