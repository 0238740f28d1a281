/**
 * A small air-gap deployment built through the SDK against the emulator, the live twin of a plan fixture:
 * a VPC with subnets, an internet gateway, a NAT gateway, routes, endpoints, a security group and a flow
 * log; a KMS key; IAM users and roles; an audit bucket with Object Lock behind a CloudTrail trail; Bedrock
 * invocation logging; a log group; a secret; a Lambda function. Returns the ids the tests assert on.
 */
import { crc32 } from 'node:zlib';
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
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const AUDIT_BUCKET = 'airgap-audit-trail-logs';
export const PLAIN_BUCKET = 'airgap-plain-data';

export interface Deployment {
  vpcId: string;
  privateSubnetId: string;
  publicSubnetId: string;
  igwId: string;
  eigwId: string;
  natId: string;
  eipAllocationId: string;
  publicRouteTableId: string;
  privateRouteTableId: string;
  kmsEndpointId: string;
  s3EndpointId: string;
  sgId: string;
  flowLogId: string;
  launchTemplateId: string;
  keyId: string;
  keyArn: string;
  userName: string;
  accessKeyId: string;
  roleArn: string;
  policyArn: string;
  trailArn: string;
  logGroupName: string;
  secretArn: string;
  functionArn: string;
  layerArn: string;
}

export const ENDPOINT_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' }],
};

export const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Root',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'CloudTrail',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
  ],
};

export const BUCKET_POLICY = {
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

const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
};

const INVOKE_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }],
};

/** A one-file zip archive (stored, not deflated): enough for the emulator to accept a function. */
export function tinyZip(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const fname = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fname.length, 28);
  const localSize = local.length + fname.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fname.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, fname, data, central, fname, end]);
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === null) throw new Error(`emulator answered no ${what}`);
  return v;
}

export async function deploy(endpoint: string): Promise<Deployment> {
  const cfg = { endpoint, region: REGION };
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
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 7 } },
      },
    }),
  );
  await s3.send(new PutBucketPolicyCommand({ Bucket: AUDIT_BUCKET, Policy: JSON.stringify(BUCKET_POLICY) }));
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
  await s3.send(new CreateBucketCommand({ Bucket: PLAIN_BUCKET }));

  const ec2 = new EC2Client(cfg);
  const vpcId = need((await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId, 'vpc');
  const privateSubnetId = need(
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: 'us-east-1a' }),
      )
    ).Subnet?.SubnetId,
    'subnet',
  );
  const publicSubnetId = need(
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.2.0/24', AvailabilityZone: 'us-east-1b' }),
      )
    ).Subnet?.SubnetId,
    'subnet',
  );
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnetId, MapPublicIpOnLaunch: { Value: true } }));
  const igwId = need((await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId, 'igw');
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const eigwId = need(
    (await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }))).EgressOnlyInternetGateway
      ?.EgressOnlyInternetGatewayId,
    'eigw',
  );
  const eipAllocationId = need((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'eip');
  const natId = need(
    (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnetId, AllocationId: eipAllocationId })))
      .NatGateway?.NatGatewayId,
    'nat',
  );
  const publicRouteTableId = need(
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId,
    'rtb',
  );
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: publicRouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTableId, SubnetId: publicSubnetId }));
  const privateRouteTableId = need(
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId,
    'rtb',
  );
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: privateRouteTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: natId,
    }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRouteTableId, SubnetId: privateSubnetId }));

  const sgId = need(
    (
      await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: 'endpoints', Description: 'interface endpoints', VpcId: vpcId }),
      )
    ).GroupId,
    'sg',
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sgId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: sgId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: sgId }] }],
    }),
  );
  const kmsEndpointId = need(
    (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.kms`,
          VpcEndpointType: 'Interface',
          SubnetIds: [privateSubnetId],
          SecurityGroupIds: [sgId],
          PrivateDnsEnabled: true,
          PolicyDocument: JSON.stringify(ENDPOINT_POLICY),
        }),
      )
    ).VpcEndpoint?.VpcEndpointId,
    'kms endpoint',
  );
  const s3EndpointId = need(
    (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.s3`,
          VpcEndpointType: 'Gateway',
          RouteTableIds: [privateRouteTableId],
        }),
      )
    ).VpcEndpoint?.VpcEndpointId,
    's3 endpoint',
  );
  const flowLogId = need(
    (
      await ec2.send(
        new CreateFlowLogsCommand({
          ResourceIds: [vpcId],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: `arn:aws:s3:::${PLAIN_BUCKET}`,
        }),
      )
    ).FlowLogIds?.[0],
    'flow log',
  );
  const launchTemplateId = need(
    (
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'enclave-workers',
          LaunchTemplateData: {
            ImageId: 'ami-12c6146b',
            InstanceType: 'm5.xlarge',
            EnclaveOptions: { Enabled: true },
            NetworkInterfaces: [
              { DeviceIndex: 0, SubnetId: privateSubnetId, AssociatePublicIpAddress: false, Groups: [sgId] },
            ],
          },
        }),
      )
    ).LaunchTemplate?.LaunchTemplateId,
    'launch template',
  );

  const kms = new KMSClient(cfg);
  const keyMd = need(
    (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(KEY_POLICY), Description: 'audit logs' })))
      .KeyMetadata,
    'key',
  );
  const keyId = need(keyMd.KeyId, 'key id');
  const keyArn = need(keyMd.Arn, 'key arn');
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 180 }));
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/audit-logs', TargetKeyId: keyId }));

  const iam = new IAMClient(cfg);
  const userName = 'ci-deployer';
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const accessKeyId = need(
    (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey?.AccessKeyId,
    'access key',
  );
  await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: 'Correct-Horse-42!' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: 'invoke',
      PolicyDocument: JSON.stringify(INVOKE_POLICY),
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
  const roleArn = need(
    (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'workload',
          AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY),
          MaxSessionDuration: 7200,
        }),
      )
    ).Role?.Arn,
    'role',
  );
  const policyArn = need(
    (
      await iam.send(
        new CreatePolicyCommand({ PolicyName: 'invoke-models', PolicyDocument: JSON.stringify(INVOKE_POLICY) }),
      )
    ).Policy?.Arn,
    'policy',
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'workload', PolicyArn: policyArn }));
  await iam.send(
    new CreateOpenIDConnectProviderCommand({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    }),
  );

  const trail = new CloudTrailClient(cfg);
  const trailArn = need(
    (
      await trail.send(
        new CreateTrailCommand({
          Name: 'org-audit',
          S3BucketName: AUDIT_BUCKET,
          IsMultiRegionTrail: true,
          EnableLogFileValidation: true,
          IncludeGlobalServiceEvents: true,
          KmsKeyId: keyArn,
        }),
      )
    ).TrailARN,
    'trail',
  );
  await trail.send(
    new PutEventSelectorsCommand({
      TrailName: 'org-audit',
      AdvancedEventSelectors: [
        { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'bedrock models',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Bedrock::Model'] },
          ],
        },
      ],
    }),
  );
  await trail.send(new StartLoggingCommand({ Name: 'org-audit' }));

  await new BedrockClient(cfg).send(
    new PutModelInvocationLoggingConfigurationCommand({
      loggingConfig: {
        s3Config: { bucketName: AUDIT_BUCKET, keyPrefix: 'bedrock/' },
        textDataDeliveryEnabled: true,
        imageDataDeliveryEnabled: false,
      },
    }),
  );

  const logs = new CloudWatchLogsClient(cfg);
  const logGroupName = '/airgap/invocations';
  await logs.send(new CreateLogGroupCommand({ logGroupName, kmsKeyId: keyArn }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 400 }));

  const secretArn = need(
    (
      await new SecretsManagerClient(cfg).send(
        new CreateSecretCommand({ Name: 'db-password', SecretString: 'x', KmsKeyId: keyArn }),
      )
    ).ARN,
    'secret',
  );

  const lambda = new LambdaClient(cfg);
  const layerArn = need(
    (
      await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'shared-sdk',
          Content: { ZipFile: tinyZip('python/sdk.py', 'X = 1\n') },
          CompatibleRuntimes: ['python3.12'],
        }),
      )
    ).LayerVersionArn,
    'layer',
  );
  const functionArn = need(
    (
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'retriever',
          Runtime: 'python3.12',
          Role: roleArn,
          Handler: 'index.handler',
          Code: { ZipFile: tinyZip('index.py', 'def handler(e, c):\n    return 1\n') },
          VpcConfig: { SubnetIds: [privateSubnetId], SecurityGroupIds: [sgId] },
          Layers: [layerArn],
        }),
      )
    ).FunctionArn,
    'function',
  );

  return {
    vpcId,
    privateSubnetId,
    publicSubnetId,
    igwId,
    eigwId,
    natId,
    eipAllocationId,
    publicRouteTableId,
    privateRouteTableId,
    kmsEndpointId,
    s3EndpointId,
    sgId,
    flowLogId,
    launchTemplateId,
    keyId,
    keyArn,
    userName,
    accessKeyId,
    roleArn,
    policyArn,
    trailArn,
    logGroupName,
    secretArn,
    functionArn,
    layerArn,
  };
}
