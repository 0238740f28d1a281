/**
 * Additions to the shared deployment that the fault matrix needs and the non-compliant deployment
 * lacks: an interface endpoint in a public subnet behind a 443-only security group (DEP-003 fails it
 * only if route tables are read), and a bucket and a secret encrypted with a key the loopback proxy
 * presents as AWS-managed (moto cannot create one): KeyManager AWS and an `alias/aws/s3` alias, as real AWS answers.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ACCOUNT, REGION } from './deployment.js';
import type { Rewrite } from './faultProxy.js';

export const MANAGED_KEY_BUCKET = 'airgap-fault-managed-key';

export interface TargetedDeployment {
  publicEndpointId: string;
  managedKeyId: string;
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`moto returned no ${what}`);
  return v;
}

export async function deployTargeted(endpoint: string): Promise<TargetedDeployment> {
  const cfg = { endpoint, region: REGION };
  const ec2 = new EC2Client(cfg);
  const vpcId = need((await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc?.VpcId, 'vpc');
  const subnetId = need(
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.1.0/24', AvailabilityZone: `${REGION}a` }),
      )
    ).Subnet?.SubnetId,
    'subnet',
  );
  const igwId = need((await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId, 'igw');
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const tableId = need(
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId,
    'route table',
  );
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
  const sgId = need(
    (
      await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: 'public-endpoint', Description: '443 only', VpcId: vpcId }),
      )
    ).GroupId,
    'sg',
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sgId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.30.0.0/16' }] }],
    }),
  );
  const publicEndpointId = need(
    (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.bedrock-runtime`,
          VpcEndpointType: 'Interface',
          SubnetIds: [subnetId],
          SecurityGroupIds: [sgId],
          PrivateDnsEnabled: true,
        }),
      )
    ).VpcEndpoint?.VpcEndpointId,
    'endpoint',
  );
  ec2.destroy();

  const kms = new KMSClient(cfg);
  const managedKeyId = need(
    (await kms.send(new CreateKeyCommand({ Description: 'stands in for aws/s3' }))).KeyMetadata?.KeyId,
    'key',
  );
  kms.destroy();
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: MANAGED_KEY_BUCKET }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: MANAGED_KEY_BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${managedKeyId}`,
            },
          },
        ],
      },
    }),
  );
  s3.destroy();
  const secrets = new SecretsManagerClient(cfg);
  await secrets.send(
    new CreateSecretCommand({
      Name: 'fault-managed-key-secret',
      SecretString: 'x',
      KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${managedKeyId}`,
    }),
  );
  secrets.destroy();
  return { publicEndpointId, managedKeyId };
}

/** Presents `keyId` as AWS's own `aws/s3` key: what DescribeKey and ListAliases say about one in AWS. */
export function awsManagedKeyRewrite(keyId: string): Rewrite {
  return (req, body) => {
    if (req.service !== 'kms') return undefined;
    if (req.action === 'DescribeKey' && body.includes(keyId))
      return body.replace(/"KeyManager":\s*"CUSTOMER"/, '"KeyManager": "AWS"');
    if (req.action === 'ListAliases') {
      const doc = JSON.parse(body || '{}') as { Aliases?: Array<Record<string, string>> };
      (doc.Aliases ??= []).push({
        AliasName: 'alias/aws/s3',
        AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/s3`,
        TargetKeyId: keyId,
      });
      return JSON.stringify(doc);
    }
    return undefined;
  };
}
