/**
 * The live collectors against moto's AWS API emulator: the deployment (see deployment.ts), then one
 * `collectAws` run whose model is checked collector by collector.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { ofKind, resolve, type Inventory } from '../../src/model/inventory.js';
import type { Entity, EntityKind, EntityOf } from '../../src/model/types.js';
import { ACCOUNT, AUDIT_BUCKET, PLAIN_BUCKET, REGION, type Deployment } from './deployment.js';
import type { LiveEnv } from './moto.test.js';
import { MOTO_SERVICES } from './motoServer.js';
import { failedGaps } from './gaps.js';

let d: Deployment;
let inv: Inventory;
let url: string;
const progress: string[] = [];

export function collectionSuite(env: LiveEnv): void {
  beforeAll(async () => {
    d = env.deployment;
    url = env.moto.url;
    inv = await collectAws({
      endpointUrl: url,
      regions: [REGION],
      services: MOTO_SERVICES,
      progress: (m) => progress.push(m),
    });
  }, 60_000);

  function byId<K extends EntityKind>(kind: K, id: string): EntityOf<K> {
    const e = resolve(inv, { id }, kind);
    if (!e)
      throw new Error(
        `no ${kind} with id ${id}; have ${ofKind(inv, kind)
          .map((x) => x.id)
          .join(', ')}`,
      );
    return e;
  }

  /** `global` for IAM, which has no region. */
  function expectLiveMeta(e: Entity, type: string, region: string = REGION): void {
    expect(e.meta.source).toBe('aws');
    expect(e.meta.type).toBe(type);
    expect(e.meta.region).toBe(region === 'global' ? undefined : region);
    expect(e.meta.account).toBe(ACCOUNT);
  }

  describe('inventory', () => {
    it('names the account, the scanned regions and the input', () => {
      expect(inv.accounts).toEqual([ACCOUNT]);
      expect(inv.regions).toEqual([REGION]);
      expect(inv.inputs).toEqual([{ kind: 'aws-account', path: `aws://${ACCOUNT}` }]);
      expect(inv.providers).toEqual([
        { key: `aws://${ACCOUNT}/${REGION}`, region: REGION, account: ACCOUNT, regionKnown: true },
      ]);
    });

    it('records no gap but the call the emulator does not implement', () => {
      // moto has no GetRuntimeManagementConfig; everything else it answers.
      expect(failedGaps(inv).map((g) => g.call)).toEqual(['lambda:GetRuntimeManagementConfig']);
      // It only leaves one field of one function unknown, so it names no kinds: no region-wide not-assessed.
      expect(failedGaps(inv)[0]).toMatchObject({ kinds: [], region: REGION, reason: 'error' });
      expect(failedGaps(inv)[0].detail).toContain(d.functionArn);
    });

    it('reports progress only through the callback', () => {
      expect(progress[0]).toMatch(/^scanning account 123456789012 in 1 region/);
      expect(progress).toContain('us-east-1: ec2 network done');
      expect(progress).toContain('global: iam done');
    });

    it('addresses every entity by ARN and keeps entities in a stable order', () => {
      for (const e of inv.entities) expect(e.meta.address).toMatch(/^arn:aws:/);
      const keys = inv.entities.map((e) => `${e.kind}\u0000${e.meta.address}`);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(keys).size).toBe(keys.length);
    });
  });

  describe('EC2 network', () => {
    it('reads VPCs, the default one included, with ARNs built from their ids', () => {
      const vpc = byId('Vpc', d.vpcId);
      expectLiveMeta(vpc, 'aws_vpc');
      expect(vpc.meta.address).toBe(`arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${d.vpcId}`);
      expect(vpc.cidrBlocks).toEqual(['10.20.0.0/16']);
      expect(vpc.meta.origin?.cidrBlocks).toBe('ec2:DescribeVpcs');
      // Every region has a default VPC (and so does moto's).
      expect(ofKind(inv, 'Vpc').some((v) => v.cidrBlocks.includes('172.31.0.0/16'))).toBe(true);
    });

    it('reads subnets with their public-IP-on-launch setting', () => {
      expect(byId('Subnet', d.publicSubnetId)).toMatchObject({
        vpc: { id: d.vpcId },
        cidrBlock: '10.20.2.0/24',
        mapPublicIpOnLaunch: true,
      });
      const priv = byId('Subnet', d.privateSubnetId);
      expect(priv.mapPublicIpOnLaunch).toBe(false);
      expectLiveMeta(priv, 'aws_subnet');
    });

    it('reads route tables with typed targets, associations and the main flag', () => {
      const pub = byId('RouteTable', d.publicRouteTableId);
      expectLiveMeta(pub, 'aws_route_table');
      expect(pub.routes).toEqual([
        { destination: '10.20.0.0/16', target: 'local', origin: `ec2:DescribeRouteTables ${d.publicRouteTableId}` },
        {
          destination: '0.0.0.0/0',
          target: 'internet-gateway',
          targetRef: { id: d.igwId },
          origin: `ec2:DescribeRouteTables ${d.publicRouteTableId}`,
        },
      ]);
      expect(pub.subnets).toEqual([{ id: d.publicSubnetId }]);
      expect(pub.main).toBe(false);
      const priv = byId('RouteTable', d.privateRouteTableId);
      expect(priv.routes.find((r) => r.destination === '0.0.0.0/0')).toMatchObject({
        target: 'nat-gateway',
        targetRef: { id: d.natId },
      });
      // The S3 gateway endpoint adds a prefix-list route.
      expect(priv.routes.find((r) => r.target === 'vpc-endpoint')).toMatchObject({ targetRef: { id: d.s3EndpointId } });
      const main = ofKind(inv, 'RouteTable').filter((t) => t.vpc?.id === d.vpcId && t.main);
      expect(main).toHaveLength(1);
    });

    it('reads internet, egress-only and NAT gateways and Elastic IPs', () => {
      const igw = byId('InternetGateway', d.igwId);
      expect(igw).toMatchObject({ egressOnly: false, vpc: { id: d.vpcId } });
      expectLiveMeta(igw, 'aws_internet_gateway');
      const eigw = byId('InternetGateway', d.eigwId);
      expect(eigw).toMatchObject({ egressOnly: true, vpc: { id: d.vpcId } });
      expectLiveMeta(eigw, 'aws_egress_only_internet_gateway');
      const nat = byId('NatGateway', d.natId);
      expect(nat).toMatchObject({ connectivityType: 'public', subnet: { id: d.publicSubnetId } });
      expectLiveMeta(nat, 'aws_nat_gateway');
      const eip = byId('PublicIp', d.eipAllocationId);
      expect(eip).toMatchObject({ via: 'elastic-ip', domain: 'vpc' });
      expectLiveMeta(eip, 'aws_eip');
    });

    it('reads VPC endpoints with their policy parsed', () => {
      const kms = byId('VpcEndpoint', d.kmsEndpointId);
      expectLiveMeta(kms, 'aws_vpc_endpoint');
      expect(kms).toMatchObject({
        serviceName: 'com.amazonaws.us-east-1.kms',
        endpointType: 'Interface',
        privateDnsEnabled: true,
        subnets: [{ id: d.privateSubnetId }],
        securityGroups: [{ id: d.sgId }],
      });
      expect(kms.policy?.state).toBe('known');
      if (kms.policy?.state !== 'known') return;
      expect(kms.policy.doc.statements[0]).toMatchObject({
        effect: 'Allow',
        principal: '*',
        action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      });
      expect(kms.policy.origin).toBe(`ec2:DescribeVpcEndpoints ${d.kmsEndpointId}`);
      expect(kms.meta.origin?.policy).toBe('ec2:DescribeVpcEndpoints');
      const s3 = byId('VpcEndpoint', d.s3EndpointId);
      expect(s3).toMatchObject({ endpointType: 'Gateway', routeTables: [{ id: d.privateRouteTableId }] });
      // No policy was given: AWS answers the full-access default, which is still a policy to judge.
      expect(s3.policy.state).toBe('known');
      if (s3.policy?.state === 'known')
        expect(s3.policy.doc.statements[0]).toMatchObject({ effect: 'Allow', principal: '*', action: ['*'] });
    });

    it('reads security groups with ingress and egress rules, self references marked', () => {
      const sg = byId('SecurityGroup', d.sgId);
      expectLiveMeta(sg, 'aws_security_group');
      expect(sg.name).toBe('endpoints');
      expect(sg.vpc).toEqual({ id: d.vpcId });
      const ingress = sg.rules.filter((r) => r.direction === 'ingress');
      expect(ingress).toEqual([
        expect.objectContaining({
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrs: ['10.20.0.0/16'],
          ipv6Cidrs: [],
          prefixLists: [],
          groups: [],
        }),
      ]);
      const egress = sg.rules.filter((r) => r.direction === 'egress');
      expect(egress).toContainEqual(expect.objectContaining({ protocol: '-1', cidrs: ['0.0.0.0/0'] }));
      expect(egress).toContainEqual(
        expect.objectContaining({ protocol: 'tcp', fromPort: 443, self: true, groups: [] }),
      );
    });

    it('reads flow logs with what they watch', () => {
      const fl = byId('FlowLog', d.flowLogId);
      expectLiveMeta(fl, 'aws_flow_log');
      expect(fl).toMatchObject({ target: { id: d.vpcId }, targetKind: 'vpc', trafficType: 'ALL' });
      expect(resolve(inv, fl.target, 'Vpc')?.id).toBe(d.vpcId);
    });
  });

  describe('EC2 compute', () => {
    it('reads launch templates with their default version’s enclave and network settings', () => {
      const lt = byId('ComputeWorkload', d.launchTemplateId);
      expectLiveMeta(lt, 'aws_launch_template');
      expect(lt).toMatchObject({
        computeKind: 'launch-template',
        name: 'enclave-workers',
        enclaveEnabled: true,
        associatePublicIp: false,
        subnets: [{ id: d.privateSubnetId }],
        securityGroups: [{ id: d.sgId }],
      });
      expect(lt.meta.origin?.enclaveEnabled).toContain('ec2:DescribeLaunchTemplateVersions');
    });
  });

  describe('KMS', () => {
    it('reads the customer-managed key with policy, rotation and aliases', () => {
      const key = byId('KmsKey', d.keyArn);
      expectLiveMeta(key, 'aws_kms_key');
      expect(key.id).toBe(d.keyId);
      expect(key).toMatchObject({
        customerManaged: true,
        keySpec: 'SYMMETRIC_DEFAULT',
        keyOrigin: 'AWS_KMS',
        rotationEnabled: true,
        aliases: ['alias/audit-logs'],
      });
      // moto does not answer RotationPeriodInDays; a key that rotates without one rotates yearly.
      expect(key.rotationPeriodDays).toBe(365);
      expect(key.policy?.state).toBe('known');
      if (key.policy?.state === 'known') {
        expect(key.policy.doc.statements.map((s) => s.sid)).toEqual(['Root', 'CloudTrail']);
        expect(key.policy.doc.statements[1].condition).toEqual({ StringEquals: { 'aws:sourceaccount': [ACCOUNT] } });
      }
      expect(key.meta.origin).toMatchObject({
        policy: 'kms:GetKeyPolicy',
        rotationEnabled: 'kms:GetKeyRotationStatus',
      });
    });
  });

  describe('IAM', () => {
    it('reads users with inline policies (URL-decoded), access keys and console passwords', () => {
      const users = ofKind(inv, 'IamUser');
      const ci = users.find((u) => u.name === d.userName);
      expect(ci).toBeDefined();
      if (!ci) return;
      expectLiveMeta(ci, 'aws_iam_user', 'global');
      expect(ci.meta.address).toBe(`arn:aws:iam::${ACCOUNT}:user/${d.userName}`);
      expect(ci.hasConsolePassword).toBe(true);
      expect(ci.accessKeys).toEqual([{ id: d.accessKeyId, status: 'Active', origin: `iam:ListAccessKeys ${ci.arn}` }]);
      expect(ci.policies).toHaveLength(1);
      expect(ci.policies[0].state).toBe('known');
      if (ci.policies[0].state === 'known')
        expect(ci.policies[0].doc.statements[0]).toMatchObject({ action: ['bedrock:InvokeModel'], resource: ['*'] });
      const auditor = users.find((u) => u.name === 'auditor');
      expect(auditor).toMatchObject({ hasConsolePassword: false, accessKeys: [] });
    });

    it('reads roles with trust policy, session limit and attached policies', () => {
      const role = byId('IamRole', d.roleArn);
      expectLiveMeta(role, 'aws_iam_role', 'global');
      expect(role.maxSessionDuration).toBe(7200);
      expect(role.attachedPolicyArns).toEqual([d.policyArn]);
      expect(role.attachedPolicies).toEqual([{ id: d.policyArn }]);
      expect(resolve(inv, role.attachedPolicies[0], 'IamPolicy')?.arn).toBe(d.policyArn);
      expect(role.trustPolicy?.state).toBe('known');
      if (role.trustPolicy?.state === 'known') {
        expect(role.trustPolicy.doc.statements[0]).toMatchObject({
          principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
          action: ['sts:AssumeRole'],
        });
      }
    });

    it('reads customer-managed policies and OIDC providers', () => {
      const policy = byId('IamPolicy', d.policyArn);
      expectLiveMeta(policy, 'aws_iam_policy', 'global');
      expect(policy.policy?.state).toBe('known');
      const oidc = ofKind(inv, 'OidcProvider');
      expect(oidc).toHaveLength(1);
      expect(oidc[0]).toMatchObject({ url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
      expectLiveMeta(oidc[0], 'aws_iam_openid_connect_provider', 'global');
    });
  });

  describe('CloudTrail', () => {
    it('reads the trail with status and advanced event selectors', () => {
      const trail = byId('Trail', d.trailArn);
      expectLiveMeta(trail, 'aws_cloudtrail');
      expect(trail).toMatchObject({
        name: 'org-audit',
        bucket: { id: AUDIT_BUCKET },
        bucketName: AUDIT_BUCKET,
        multiRegion: true,
        logFileValidation: true,
        includeGlobalEvents: true,
        logging: true,
        kmsKey: { id: d.keyArn },
      });
      expect(trail.advancedEventSelectors).toEqual([
        { name: 'management', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'bedrock models',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::Bedrock::Model'] },
          ],
        },
      ]);
      expect(resolve(inv, trail.bucket, 'Bucket')?.bucketName).toBe(AUDIT_BUCKET);
      expect(resolve(inv, trail.kmsKey, 'KmsKey')?.id).toBe(d.keyId);
    });
  });

  describe('S3', () => {
    it('reads the audit bucket: Object Lock, policy, public access block, versioning', () => {
      const b = byId('Bucket', AUDIT_BUCKET);
      expectLiveMeta(b, 'aws_s3_bucket');
      expect(b.meta.address).toBe(`arn:aws:s3:::${AUDIT_BUCKET}`);
      expect(b).toMatchObject({
        bucketName: AUDIT_BUCKET,
        objectLockEnabled: true,
        objectLockMode: 'COMPLIANCE',
        objectLockYears: 7,
        versioning: 'Enabled',
        publicAccessBlock: {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
      });
      expect(b.objectLockDays).toBeUndefined();
      expect(b.policy?.state).toBe('known');
      if (b.policy?.state === 'known')
        expect(b.policy.doc.statements[0]).toMatchObject({
          effect: 'Deny',
          action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        });
      expect(b.meta.origin?.objectLockMode).toBe('s3:GetBucketObjectLockConfiguration');
    });

    it('reads "not configured" answers as absent settings, never as gaps', () => {
      const b = byId('Bucket', PLAIN_BUCKET);
      expect(b.objectLockEnabled).toBe(false);
      expect(b.policy).toBeUndefined();
      expect(b.publicAccessBlock).toBeUndefined();
      expect(b.versioning).toBe('Disabled');
      // S3's default encryption applies when none is configured, as the plan adapter reads it too.
      expect(b.sseAlgorithm).toBe('AES256');
      expect(b.kmsKey).toBeUndefined();
      expect(b.meta.unknown).toBeUndefined();
      expect(b.meta.origin).toMatchObject({
        objectLockEnabled: 's3:GetBucketObjectLockConfiguration (ObjectLockConfigurationNotFoundError)',
        policy: 's3:GetBucketPolicy (NoSuchBucketPolicy)',
        publicAccessBlock: 's3:GetBucketPublicAccessBlock (NoSuchPublicAccessBlockConfiguration)',
        sseAlgorithm:
          's3:GetEncryptionConfiguration (ServerSideEncryptionConfigurationNotFoundError: S3 default encryption, SSE-S3)',
      });
    });
  });

  describe('Bedrock, CloudWatch Logs, Secrets Manager, Lambda', () => {
    it('reads model invocation logging', () => {
      const logging = ofKind(inv, 'InvocationLogging');
      expect(logging).toHaveLength(1);
      expectLiveMeta(logging[0], 'aws_bedrock_model_invocation_logging_configuration');
      expect(logging[0]).toMatchObject({
        textDelivery: true,
        imageDelivery: false,
        s3Bucket: { id: AUDIT_BUCKET },
        s3BucketName: AUDIT_BUCKET,
      });
    });

    it('reads log groups and secrets as data stores with their keys', () => {
      const stores = ofKind(inv, 'DataStore');
      const lg = stores.find((s) => s.storeKind === 'log-group');
      expect(lg).toMatchObject({
        id: d.logGroupName,
        kmsKey: { id: d.keyArn },
        kmsKeyRaw: d.keyArn,
        retentionDays: 400,
        encrypted: true,
      });
      if (lg) expectLiveMeta(lg, 'aws_cloudwatch_log_group');
      expect(lg?.meta.address).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${d.logGroupName}`);
      const secret = stores.find((s) => s.storeKind === 'secret');
      expect(secret).toMatchObject({ arn: d.secretArn, name: 'db-password', kmsKey: { id: d.keyArn } });
      if (secret) expectLiveMeta(secret, 'aws_secretsmanager_secret');
    });

    it('reads Lambda functions with VPC attachment and layers; an unanswered call leaves its field unknown', () => {
      const fn = byId('ComputeWorkload', 'retriever');
      expectLiveMeta(fn, 'aws_lambda_function');
      expect(fn).toMatchObject({
        computeKind: 'lambda',
        arn: d.functionArn,
        vpcConfigured: true,
        subnets: [{ id: d.privateSubnetId }],
        securityGroups: [{ id: d.sgId }],
        runtime: 'python3.12',
        layers: [d.layerArn],
      });
      expect(fn.runtimeUpdateMode).toBeUndefined();
      expect(fn.meta.unreadable).toEqual({ runtimeUpdateMode: 'lambda:GetRuntimeManagementConfig' });
      expect(fn.meta.origin?.runtimeUpdateMode).toBe('lambda:GetRuntimeManagementConfig (failed)');
    });
  });

  describe('scoping', () => {
    it('leaves buckets of regions outside the scan out, and scans a second region in parallel', async () => {
      const other = await collectAws({ endpointUrl: url, regions: ['eu-west-1'], services: ['s3', 'ec2'] });
      expect(other.regions).toEqual(['eu-west-1']);
      expect(ofKind(other, 'Bucket')).toEqual([]);
      // eu-west-1 has its own default VPC and nothing of the deployment.
      expect(ofKind(other, 'Vpc').map((v) => v.meta.region)).toEqual(['eu-west-1']);
      expect(ofKind(other, 'Vpc')[0].id).not.toBe(d.vpcId);
    });

    it('is deterministic: a second scan yields the same model', async () => {
      const again = await collectAws({ endpointUrl: url, regions: [REGION], services: MOTO_SERVICES, concurrency: 2 });
      expect(JSON.stringify(again.entities)).toBe(JSON.stringify(inv.entities));
      expect(failedGaps(again)).toEqual(failedGaps(inv));
    });
  });
}
