/**
 * What the emulator cannot show, with the SDK clients mocked: answers split over several pages, fields
 * moto does not answer (rotation period, runtime update mode, bucket location), multi-region keys and
 * shadow trails, region discovery, opt-in regions, and a collector that meets an answer it cannot read.
 */
import { BedrockClient, GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GetAccountAuthorizationDetailsCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import {
  GetFunctionCommand,
  GetRuntimeManagementConfigCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { ofKind } from '../../src/model/inventory.js';
import { ACCOUNT, awsError, mock, useMockedAccount } from './mockedAccount.js';
import { failedGaps } from './gaps.js';

let ec2: AwsClientStub<EC2Client>;

useMockedAccount();
beforeEach(() => {
  ec2 = mock(mockClient(EC2Client));
});

describe('pagination', () => {
  it('follows every page of paginated listings', async () => {
    ec2
      .on(DescribeVpcsCommand)
      .resolves({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }], NextToken: 'p2' })
      .on(DescribeVpcsCommand, { NextToken: 'p2' })
      .resolves({ Vpcs: [{ VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16' }], NextToken: 'p3' })
      .on(DescribeVpcsCommand, { NextToken: 'p3' })
      .resolves({ Vpcs: [{ VpcId: 'vpc-3', CidrBlock: '10.2.0.0/16' }] })
      .on(DescribeSubnetsCommand)
      .resolves({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }], NextToken: 'n' })
      .on(DescribeSubnetsCommand, { NextToken: 'n' })
      .resolves({ Subnets: [{ SubnetId: 'subnet-2', VpcId: 'vpc-2' }] })
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-1' }], NextToken: 'n' })
      .on(DescribeSecurityGroupsCommand, { NextToken: 'n' })
      .resolves({ SecurityGroups: [{ GroupId: 'sg-2' }] });
    mock(mockClient(KMSClient))
      .on(ListKeysCommand)
      .resolves({
        Keys: [{ KeyId: 'k1', KeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1` }],
        Truncated: true,
        NextMarker: 'm',
      })
      .on(ListKeysCommand, { Marker: 'm' })
      .resolves({ Keys: [{ KeyId: 'k2', KeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k2` }], Truncated: false })
      .on(DescribeKeyCommand)
      .callsFake((input: { KeyId: string }) => ({
        KeyMetadata: { KeyId: input.KeyId, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' },
      }));
    mock(mockClient(IAMClient))
      .on(GetAccountAuthorizationDetailsCommand)
      .resolves({
        UserDetailList: [{ UserName: 'a', Arn: `arn:aws:iam::${ACCOUNT}:user/a` }],
        IsTruncated: true,
        Marker: 'm',
      })
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'm' })
      .resolves({ UserDetailList: [{ UserName: 'b', Arn: `arn:aws:iam::${ACCOUNT}:user/b` }], IsTruncated: false })
      .on(ListAccessKeysCommand, { UserName: 'b' })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIA1', Status: 'Active' }], IsTruncated: true, Marker: 'k' })
      .on(ListAccessKeysCommand, { UserName: 'b', Marker: 'k' })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIA2', Status: 'Inactive' }], IsTruncated: false })
      .on(GetLoginProfileCommand)
      .rejects(awsError('NoSuchEntity', 404));
    mock(mockClient(S3Client))
      .on(ListBucketsCommand)
      .resolves({ Buckets: [{ Name: 'b1', BucketRegion: 'us-east-1' }], ContinuationToken: 'c' })
      .on(ListBucketsCommand, { ContinuationToken: 'c' })
      .resolves({ Buckets: [{ Name: 'b2', BucketRegion: 'us-east-1' }] });
    mock(mockClient(CloudWatchLogsClient))
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: 'g1' }], nextToken: 't' })
      .on(DescribeLogGroupsCommand, { nextToken: 't' })
      .resolves({ logGroups: [{ logGroupName: 'g2' }] });
    mock(mockClient(SecretsManagerClient))
      .on(ListSecretsCommand)
      .resolves({ SecretList: [{ ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:s1' }], NextToken: 't' })
      .on(ListSecretsCommand, { NextToken: 't' })
      .resolves({ SecretList: [{ ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:s2' }] });
    mock(mockClient(LambdaClient))
      .on(ListFunctionsCommand)
      .resolves({
        Functions: [{ FunctionName: 'f1', FunctionArn: 'arn:aws:lambda:us-east-1:1:function:f1' }],
        NextMarker: 'm',
      })
      .on(ListFunctionsCommand, { Marker: 'm' })
      .resolves({ Functions: [{ FunctionName: 'f2', FunctionArn: 'arn:aws:lambda:us-east-1:1:function:f2' }] });

    const inv = await collectAws({
      regions: ['us-east-1'],
      services: ['ec2', 'kms', 'iam', 's3', 'logs', 'secretsmanager', 'lambda'],
    });
    expect(ofKind(inv, 'Vpc').map((v) => v.id)).toEqual(['vpc-1', 'vpc-2', 'vpc-3']);
    expect(ofKind(inv, 'Subnet').map((v) => v.id)).toEqual(['subnet-1', 'subnet-2']);
    expect(ofKind(inv, 'SecurityGroup').map((v) => v.id)).toEqual(['sg-1', 'sg-2']);
    expect(ofKind(inv, 'KmsKey').map((v) => v.id)).toEqual(['k1', 'k2']);
    expect(ofKind(inv, 'IamUser').map((v) => v.name)).toEqual(['a', 'b']);
    expect(ofKind(inv, 'IamUser')[1].accessKeys.map((k) => `${k.id}:${k.status}`)).toEqual([
      'AKIA1:Active',
      'AKIA2:Inactive',
    ]);
    expect(ofKind(inv, 'IamUser')[1].hasConsolePassword).toBe(false);
    expect(ofKind(inv, 'Bucket').map((v) => v.id)).toEqual(['b1', 'b2']);
    expect(ofKind(inv, 'DataStore').map((v) => v.id)).toEqual([
      'g1',
      'g2',
      'arn:aws:secretsmanager:us-east-1:1:secret:s1',
      'arn:aws:secretsmanager:us-east-1:1:secret:s2',
    ]);
    expect(ofKind(inv, 'ComputeWorkload').map((v) => v.id)).toEqual(['f1', 'f2']);
    expect(ofKind(inv, 'DataStore').find((d) => d.storeKind === 'secret')?.defaultEncryption).toBe(
      'alias/aws/secretsmanager',
    );
    expect(failedGaps(inv)).toEqual([]);
  });
});

describe('answers the emulator does not give', () => {
  it('reads rotation periods, asymmetric keys, AWS-managed keys and out-of-scope replicas', async () => {
    const arn = (id: string, region = 'us-east-1') => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
    const kms = mock(mockClient(KMSClient));
    kms
      .on(ListKeysCommand)
      .resolves({ Keys: ['sym', 'rsa', 'awsk', 'mrk-1'].map((id) => ({ KeyId: id, KeyArn: arn(id) })) })
      .on(ListAliasesCommand)
      .resolves({
        Aliases: [
          { AliasName: 'alias/aws/logs', TargetKeyId: 'awsk' },
          { AliasName: 'alias/app', TargetKeyId: 'sym' },
        ],
      })
      .on(DescribeKeyCommand, { KeyId: 'sym' })
      .resolves({
        KeyMetadata: {
          KeyId: 'sym',
          KeyManager: 'CUSTOMER',
          KeySpec: 'SYMMETRIC_DEFAULT',
          Origin: 'AWS_KMS',
          KeyUsage: 'ENCRYPT_DECRYPT',
        },
      })
      .on(DescribeKeyCommand, { KeyId: 'rsa' })
      .resolves({
        KeyMetadata: {
          KeyId: 'rsa',
          KeyManager: 'CUSTOMER',
          KeySpec: 'RSA_4096',
          Origin: 'AWS_KMS',
          KeyUsage: 'SIGN_VERIFY',
        },
      })
      .on(DescribeKeyCommand, { KeyId: 'mrk-1' })
      .resolves({
        KeyMetadata: {
          KeyId: 'mrk-1',
          KeyManager: 'CUSTOMER',
          KeySpec: 'SYMMETRIC_DEFAULT',
          Origin: 'AWS_KMS',
          MultiRegion: true,
          MultiRegionConfiguration: {
            MultiRegionKeyType: 'PRIMARY',
            PrimaryKey: { Arn: arn('mrk-1'), Region: 'us-east-1' },
            ReplicaKeys: [{ Arn: arn('mrk-1', 'ap-south-1'), Region: 'ap-south-1' }],
          },
        },
      })
      .on(GetKeyPolicyCommand)
      .resolves({
        Policy:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}',
      })
      .on(GetKeyRotationStatusCommand)
      .resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
    mock(mockClient(CloudWatchLogsClient))
      .on(DescribeLogGroupsCommand)
      .resolves({
        logGroups: [{ logGroupName: 'app', kmsKeyId: arn('awsk'), retentionInDays: 30 }, { logGroupName: 'plain' }],
      });

    const inv = await collectAws({ regions: ['us-east-1'], services: ['kms', 'logs'] });
    const keys = new Map(ofKind(inv, 'KmsKey').map((k) => [k.meta.address, k]));
    expect([...keys.keys()].sort()).toEqual([arn('mrk-1', 'ap-south-1'), arn('mrk-1'), arn('rsa'), arn('sym')]);
    expect(keys.get(arn('sym'))).toMatchObject({
      rotationEnabled: true,
      rotationPeriodDays: 180,
      aliases: ['alias/app'],
      name: 'alias/app',
      keyUsage: 'ENCRYPT_DECRYPT',
    });
    expect(keys.get(arn('rsa'))).toMatchObject({ rotationEnabled: false, keySpec: 'RSA_4096' });
    expect(kms.commandCalls(GetKeyRotationStatusCommand, { KeyId: 'rsa' })).toHaveLength(0);
    expect(keys.get(arn('mrk-1'))).toMatchObject({ multiRegion: true });
    expect(keys.get(arn('mrk-1'))?.meta.type).toBe('aws_kms_key');
    const replica = keys.get(arn('mrk-1', 'ap-south-1'));
    expect(replica).toMatchObject({ replicaOf: { id: arn('mrk-1') }, multiRegion: true, customerManaged: true });
    expect(replica?.meta).toMatchObject({
      type: 'aws_kms_replica_key',
      region: 'ap-south-1',
      unreadable: {
        policy: 'kms:GetKeyPolicy (ap-south-1 not scanned)',
        rotationEnabled: 'kms:GetKeyRotationStatus (ap-south-1 not scanned)',
      },
    });
    expect(replica?.policy?.state).toBe('unreadable');
    // The AWS-managed key is no entity; the log group that uses it names its alias.
    expect(ofKind(inv, 'DataStore')[0]).toMatchObject({
      kmsKey: { id: arn('awsk') },
      kmsKeyRaw: 'alias/aws/logs',
      retentionDays: 30,
    });
    expect(ofKind(inv, 'DataStore')[0].defaultEncryption).toBeUndefined();
    // No key named: CloudWatch Logs encrypts with a key AWS owns.
    expect(ofKind(inv, 'DataStore')[1]).toMatchObject({
      name: 'plain',
      encrypted: true,
      defaultEncryption: 'AWS owned key',
      kmsKey: undefined,
    });
    expect(ofKind(inv, 'DataStore')[1].retentionDays).toBeUndefined();
    expect(keys.get(arn('sym'))?.keyOrigin).toBe('AWS_KMS');
  });

  it('reads runtime update modes, container images and bucket locations', async () => {
    mock(mockClient(LambdaClient))
      .on(ListFunctionsCommand)
      .resolves({
        Functions: [
          {
            FunctionName: 'zip',
            FunctionArn: 'arn:aws:lambda:us-east-1:1:function:zip',
            Runtime: 'nodejs20.x',
            PackageType: 'Zip',
            VpcConfig: { SubnetIds: [], SecurityGroupIds: [], VpcId: '' },
          },
          { FunctionName: 'img', FunctionArn: 'arn:aws:lambda:us-east-1:1:function:img', PackageType: 'Image' },
        ],
      })
      .on(GetRuntimeManagementConfigCommand)
      .resolves({ UpdateRuntimeOn: 'FunctionUpdate' })
      .on(GetFunctionCommand)
      .resolves({ Code: { ImageUri: '999999999999.dkr.ecr.us-east-1.amazonaws.com/app:1' } });
    mock(mockClient(S3Client))
      .on(ListBucketsCommand)
      .resolves({ Buckets: [{ Name: 'old-eu' }, { Name: 'old-us' }] })
      .on(GetBucketLocationCommand, { Bucket: 'old-eu' })
      .resolves({ LocationConstraint: 'EU' })
      .on(GetBucketLocationCommand, { Bucket: 'old-us' })
      .resolves({});
    const inv = await collectAws({ regions: ['us-east-1', 'eu-west-1'], services: ['lambda', 's3'] });
    const fns = ofKind(inv, 'ComputeWorkload');
    expect(fns.find((f) => f.name === 'zip')).toMatchObject({
      runtimeUpdateMode: 'FunctionUpdate',
      vpcConfigured: false,
      subnets: [],
    });
    expect(fns.find((f) => f.name === 'img')).toMatchObject({
      imageUri: '999999999999.dkr.ecr.us-east-1.amazonaws.com/app:1',
    });
    expect(fns.find((f) => f.name === 'img')?.runtimeUpdateMode).toBeUndefined();
    expect(ofKind(inv, 'Bucket').map((b) => `${b.id}@${b.meta.region}`)).toEqual([
      'old-eu@eu-west-1',
      'old-us@us-east-1',
    ]);
  });

  it('treats an empty Bedrock logging configuration as not configured', async () => {
    mock(mockClient(BedrockClient)).on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: {} });
    const inv = await collectAws({ regions: ['us-east-1'], services: ['bedrock'] });
    expect(ofKind(inv, 'InvocationLogging')).toEqual([]);
    expect(failedGaps(inv)).toEqual([]);
  });

  it('keeps a trail seen from several regions once, and one whose home region is not scanned', async () => {
    const trails = [
      {
        Name: 'home',
        TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/home`,
        HomeRegion: 'us-east-1',
        IsMultiRegionTrail: true,
      },
      {
        Name: 'org',
        TrailARN: 'arn:aws:cloudtrail:eu-central-1:999999999999:trail/org',
        HomeRegion: 'eu-central-1',
        IsOrganizationTrail: true,
      },
    ];
    mock(mockClient(CloudTrailClient))
      .on(DescribeTrailsCommand)
      .resolves({ trailList: trails })
      .on(GetTrailStatusCommand)
      .resolves({ IsLogging: true })
      .on(GetEventSelectorsCommand)
      .resolves({
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            DataResources: [{ Type: 'AWS::S3::Object', Values: [] }],
          },
        ],
        AdvancedEventSelectors: [
          {
            Name: 'agents',
            FieldSelectors: [
              { Field: 'resources.type', Equals: ['AWS::Bedrock::AgentAlias'] },
              {
                Field: 'resources.ARN',
                EndsWith: ['/prod'],
                NotStartsWith: ['arn:aws:bedrock:us-west-2'],
                NotEndsWith: ['/test'],
              },
            ],
          },
        ],
      });
    const inv = await collectAws({ regions: ['us-east-1', 'us-west-2'], services: ['cloudtrail'] });
    const got = ofKind(inv, 'Trail');
    expect(got.map((t) => `${t.name}@${t.meta.region}/${t.meta.account}`)).toEqual([
      'org@eu-central-1/999999999999',
      'home@us-east-1/111122223333',
    ]);
    expect(got[1].eventSelectors).toEqual([
      { readWriteType: 'All', includeManagementEvents: true, dataResourceTypes: ['AWS::S3::Object'] },
    ]);
    expect(got[1].advancedEventSelectors[0].fieldSelectors[1]).toEqual({
      field: 'resources.ARN',
      endsWith: ['/prod'],
      notStartsWith: ['arn:aws:bedrock:us-west-2'],
      notEndsWith: ['/test'],
    });
  });
});

describe('regions and failures', () => {
  it('scans the enabled regions when none are given', async () => {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'opted-in' },
        { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
      ],
    });
    const inv = await collectAws({ services: ['ec2'] });
    expect(inv.regions).toEqual(['af-south-1', 'us-east-1']);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0].args[0].input).toEqual({ AllRegions: false });
  });

  it('falls back to the home region when regions cannot be listed', async () => {
    ec2.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const inv = await collectAws({ services: ['ec2'] });
    expect(inv.regions).toEqual(['us-east-1']);
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'ec2:DescribeRegions', reason: 'access-denied' }),
    ]);
  });

  it('reads OptInRequired as a region that is not enabled', async () => {
    ec2.on(DescribeVpcsCommand).callsFake(async (_input: unknown, getClient: () => EC2Client) => {
      if ((await getClient().config.region()) === 'me-central-1')
        throw awsError('OptInRequired', 401, 'You are not subscribed to this service.');
      return { Vpcs: [{ VpcId: 'vpc-ok' }] };
    });
    const inv = await collectAws({ regions: ['us-east-1', 'me-central-1'], services: ['ec2'] });
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ region: 'me-central-1', call: 'ec2:DescribeVpcs', reason: 'region-not-enabled' }),
    ]);
    expect(ofKind(inv, 'Vpc').map((v) => v.id)).toEqual(['vpc-ok']);
  });

  it('survives a collector that cannot read an answer: a gap, and its siblings still finish', async () => {
    ec2
      .on(DescribeRouteTablesCommand)
      .resolves({ RouteTables: [{ RouteTableId: 'rtb-1', Routes: 5 as unknown as [] }] })
      .on(DescribeVpcsCommand)
      .callsFake(async () => {
        await new Promise((r) => setTimeout(r, 50));
        return { Vpcs: [{ VpcId: 'vpc-late' }] };
      });
    const inv = await collectAws({ regions: ['us-east-1'], services: ['ec2'] });
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'ec2 network', reason: 'error', region: 'us-east-1' }),
    ]);
    expect(ofKind(inv, 'Vpc').map((v) => v.id)).toEqual(['vpc-late']);
  });

  it('stops calling a service whose endpoint does not answer, once the SDK has given up on it', async () => {
    ec2
      .on(DescribeVpcsCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }));
    const inv = await collectAws({ regions: ['us-east-1'], services: ['ec2'], concurrency: 1 });
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
    expect(ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(0);
    const first = failedGaps(inv).find((g) => g.call === 'ec2:DescribeVpcs');
    expect(first).toMatchObject({
      reason: 'error',
      region: 'us-east-1',
      detail: 'ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:443',
    });
    const skipped = failedGaps(inv).find((g) => g.call === 'ec2:DescribeSubnets');
    expect(skipped).toMatchObject({ kinds: ['Subnet'], reason: 'error' });
    expect(skipped?.detail).toContain('ec2/us-east-1 endpoint unreachable');
  });

  it('reports progress only when not quiet', async () => {
    const seen: string[] = [];
    await collectAws({ regions: ['us-east-1'], services: ['ec2'], quiet: true, progress: (m) => seen.push(m) });
    expect(seen).toEqual([]);
    await collectAws({ regions: ['us-east-1'], services: ['ec2'], progress: (m) => seen.push(m) });
    expect(seen.length).toBeGreaterThan(0);
  });
});
