/**
 * The parity deployment, live half: a small air-gap-ish account created through the SDK in moto. Its
 * plan half is `parityPlan.ts`; both take their values from `PARITY` so the two cannot drift apart.
 *
 * Every EC2 resource carries a `Name` tag and every other resource a natural name (bucket, alias, trail,
 * user, role, log group): `parityKey` in parity.test.ts joins the two scans on `<terraform type>/<name>`.
 */
import { BedrockClient, PutModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';

/** moto's fixed account id; the plan pins the same one through the provider's `allowed_account_ids`. */
export const PARITY_ACCOUNT = '123456789012';
export const PARITY_REGION = 'us-east-1';

const AUDIT_BUCKET = 'parity-audit-logs';

/** The shared values: what both halves deploy. Names are the join keys (`Name` tag or natural name). */
export const PARITY = {
  vpc: { name: 'parity-vpc', cidr: '10.40.0.0/16' },
  subnets: [
    { name: 'parity-private-a', cidr: '10.40.1.0/24', az: 'us-east-1a' },
    { name: 'parity-private-b', cidr: '10.40.2.0/24', az: 'us-east-1b' },
  ],
  publicSubnet: { name: 'parity-public', cidr: '10.40.0.0/24', az: 'us-east-1a' },
  igw: 'parity-igw',
  eip: 'parity-nat-eip',
  nat: 'parity-nat',
  publicRouteTable: 'parity-public-rt',
  privateRouteTable: 'parity-private-rt',
  securityGroup: { name: 'parity-endpoints', description: 'interface endpoints' },
  s3Endpoint: 'parity-s3',
  kmsEndpoint: 'parity-kms',
  flowLog: 'parity-flow-log',
  keyAlias: 'alias/parity-audit',
  user: 'parity-deployer',
  role: { name: 'parity-workload', maxSessionDuration: 3600 },
  bucket: AUDIT_BUCKET,
  trail: 'parity-trail',
  logGroup: { name: '/parity/invocations', retentionDays: 3653 },
  bedrockPrefix: 'bedrock/',
} as const;

/** Scoped endpoint policy: named actions on the account's own keys only. */
export const PARITY_ENDPOINT_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PARITY_ACCOUNT}:root` },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: `arn:aws:kms:${PARITY_REGION}:${PARITY_ACCOUNT}:key/*`,
    },
  ],
};

/** A wildcard principal, pinned to this account by kms:CallerAccount: not open to the world. */
export const PARITY_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Root',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PARITY_ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'AccountUse',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': PARITY_ACCOUNT } },
    },
  ],
};

export const PARITY_BUCKET_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyDelete',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: `arn:aws:s3:::${AUDIT_BUCKET}/*`,
    },
  ],
};

export const PARITY_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARITY_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
};

/** Management events plus Bedrock model data events, as advanced selectors. */
export const PARITY_EVENT_SELECTORS = [
  { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
  {
    Name: 'bedrock models',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::Bedrock::Model'] },
    ],
  },
];

export const PARITY_OBJECT_LOCK = { mode: 'COMPLIANCE', years: 7 } as const;

export interface ParityDeployment {
  vpcId: string;
  igwId: string;
  igwArn: string;
}

function need<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`emulator answered no ${what}`);
  return v;
}

export async function deployParity(endpoint: string): Promise<ParityDeployment> {
  const cfg = { endpoint, region: PARITY_REGION };

  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: AUDIT_BUCKET, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: AUDIT_BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: AUDIT_BUCKET,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: PARITY_OBJECT_LOCK.mode, Years: PARITY_OBJECT_LOCK.years } },
      },
    }),
  );
  await s3.send(new PutBucketPolicyCommand({ Bucket: AUDIT_BUCKET, Policy: JSON.stringify(PARITY_BUCKET_POLICY) }));
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: AUDIT_BUCKET,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  s3.destroy();

  const ec2 = new EC2Client(cfg);
  // Tags are set after creation, one call per resource: CreateTags works alike for every EC2 id.
  const name = async (id: string, value: string): Promise<string> => {
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: value }] }));
    return id;
  };
  const vpcId = await name(
    need((await ec2.send(new CreateVpcCommand({ CidrBlock: PARITY.vpc.cidr }))).Vpc?.VpcId, 'vpc'),
    PARITY.vpc.name,
  );
  const subnet = async (s: { name: string; cidr: string; az: string }): Promise<string> =>
    name(
      need(
        (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: s.cidr, AvailabilityZone: s.az }))).Subnet
          ?.SubnetId,
        'subnet',
      ),
      s.name,
    );
  const privateSubnetIds: string[] = [];
  for (const s of PARITY.subnets) privateSubnetIds.push(await subnet(s));
  const publicSubnetId = await subnet(PARITY.publicSubnet);

  const igwId = await name(
    need((await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId, 'igw'),
    PARITY.igw,
  );
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const eipId = await name(
    need((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'eip'),
    PARITY.eip,
  );
  const natId = await name(
    need(
      (
        await ec2.send(
          new CreateNatGatewayCommand({ SubnetId: publicSubnetId, AllocationId: eipId, ConnectivityType: 'public' }),
        )
      ).NatGateway?.NatGatewayId,
      'nat',
    ),
    PARITY.nat,
  );

  const publicRt = await name(
    need((await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId, 'rtb'),
    PARITY.publicRouteTable,
  );
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: publicSubnetId }));
  const privateRt = await name(
    need((await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId, 'rtb'),
    PARITY.privateRouteTable,
  );
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: privateRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId }),
  );
  for (const s of privateSubnetIds)
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRt, SubnetId: s }));

  // A new group gets AWS's allow-all egress rule (0.0.0.0/0, all protocols): the plan writes it out.
  const sgId = await name(
    need(
      (
        await ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: PARITY.securityGroup.name,
            Description: PARITY.securityGroup.description,
            VpcId: vpcId,
          }),
        )
      ).GroupId,
      'sg',
    ),
    PARITY.securityGroup.name,
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sgId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: PARITY.vpc.cidr }] }],
    }),
  );

  await name(
    need(
      (
        await ec2.send(
          new CreateVpcEndpointCommand({
            VpcId: vpcId,
            ServiceName: `com.amazonaws.${PARITY_REGION}.s3`,
            VpcEndpointType: 'Gateway',
            RouteTableIds: [privateRt],
          }),
        )
      ).VpcEndpoint?.VpcEndpointId,
      's3 endpoint',
    ),
    PARITY.s3Endpoint,
  );
  await name(
    need(
      (
        await ec2.send(
          new CreateVpcEndpointCommand({
            VpcId: vpcId,
            ServiceName: `com.amazonaws.${PARITY_REGION}.kms`,
            VpcEndpointType: 'Interface',
            SubnetIds: privateSubnetIds,
            SecurityGroupIds: [sgId],
            PrivateDnsEnabled: true,
            PolicyDocument: JSON.stringify(PARITY_ENDPOINT_POLICY),
          }),
        )
      ).VpcEndpoint?.VpcEndpointId,
      'kms endpoint',
    ),
    PARITY.kmsEndpoint,
  );
  await name(
    need(
      (
        await ec2.send(
          new CreateFlowLogsCommand({
            ResourceIds: [vpcId],
            ResourceType: 'VPC',
            TrafficType: 'ALL',
            LogDestinationType: 's3',
            LogDestination: `arn:aws:s3:::${AUDIT_BUCKET}`,
          }),
        )
      ).FlowLogIds?.[0],
      'flow log',
    ),
    PARITY.flowLog,
  );
  ec2.destroy();

  const kms = new KMSClient(cfg);
  const keyMd = need(
    (
      await kms.send(
        new CreateKeyCommand({ Policy: JSON.stringify(PARITY_KEY_POLICY), Description: 'parity audit logs' }),
      )
    ).KeyMetadata,
    'key',
  );
  const keyId = need(keyMd.KeyId, 'key id');
  const keyArn = need(keyMd.Arn, 'key arn');
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 365 }));
  await kms.send(new CreateAliasCommand({ AliasName: PARITY.keyAlias, TargetKeyId: keyId }));
  kms.destroy();

  const iam = new IAMClient(cfg);
  await iam.send(new CreateUserCommand({ UserName: PARITY.user }));
  await iam.send(new CreateAccessKeyCommand({ UserName: PARITY.user }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: PARITY.role.name,
      AssumeRolePolicyDocument: JSON.stringify(PARITY_TRUST_POLICY),
      MaxSessionDuration: PARITY.role.maxSessionDuration,
    }),
  );
  iam.destroy();

  const trail = new CloudTrailClient(cfg);
  await trail.send(
    new CreateTrailCommand({
      Name: PARITY.trail,
      S3BucketName: AUDIT_BUCKET,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      KmsKeyId: keyArn,
    }),
  );
  await trail.send(
    new PutEventSelectorsCommand({ TrailName: PARITY.trail, AdvancedEventSelectors: PARITY_EVENT_SELECTORS }),
  );
  await trail.send(new StartLoggingCommand({ Name: PARITY.trail }));
  trail.destroy();

  const bedrock = new BedrockClient(cfg);
  await bedrock.send(
    new PutModelInvocationLoggingConfigurationCommand({
      loggingConfig: {
        s3Config: { bucketName: AUDIT_BUCKET, keyPrefix: PARITY.bedrockPrefix },
        textDataDeliveryEnabled: true,
        imageDataDeliveryEnabled: true,
        embeddingDataDeliveryEnabled: true,
      },
    }),
  );
  bedrock.destroy();

  const logs = new CloudWatchLogsClient(cfg);
  await logs.send(new CreateLogGroupCommand({ logGroupName: PARITY.logGroup.name, kmsKeyId: keyArn }));
  await logs.send(
    new PutRetentionPolicyCommand({
      logGroupName: PARITY.logGroup.name,
      retentionInDays: PARITY.logGroup.retentionDays,
    }),
  );
  logs.destroy();

  return { vpcId, igwId, igwArn: `arn:aws:ec2:${PARITY_REGION}:${PARITY_ACCOUNT}:internet-gateway/${igwId}` };
}
