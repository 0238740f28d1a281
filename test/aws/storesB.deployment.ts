/**
 * Supply-chain, machine-learning and DNS resources created in moto through the SDK (and, for Route 53
 * Resolver, whose SDK client is not a dependency, through its JSON protocol): what the set-B collectors
 * read. Values come from `STORES_B`, which the parity plan (parityStoresB.test.ts) writes too.
 *
 * Bedrock agents and knowledge bases are not created here: moto 5.2.1 answers their timestamps as
 * numbers, which the SDK refuses to deserialize (RFC-3339 date-times must be strings), so neither the
 * deployment nor the collector can read them through moto; storesB.mock.test.ts covers them.
 */
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateDomainCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateNotebookInstanceCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';

export const STORES_B_ACCOUNT = '123456789012';
export const STORES_B_REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${STORES_B_ACCOUNT}:role/storesb-service`;

export const STORES_B = {
  vpc: { name: 'storesb-vpc', cidr: '10.60.0.0/16' },
  subnets: [
    { name: 'storesb-a', cidr: '10.60.1.0/24', az: 'us-east-1a' },
    { name: 'storesb-b', cidr: '10.60.2.0/24', az: 'us-east-1b' },
  ],
  securityGroup: 'storesb-sg',
  role: ROLE,
  notebooks: {
    closed: {
      name: 'storesb-nb-closed',
      directInternetAccess: 'Disabled',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/0b5e9c4e-0000-4000-8000-000000000001',
    },
    open: { name: 'storesb-nb-open', directInternetAccess: 'Enabled' },
  },
  domain: { name: 'storesb-domain', appNetworkAccessType: 'VpcOnly' },
  /** An ECR repository of the account, which the `repo` model pulls from (the plan names it by reference). */
  ecrRepository: 'storesb-infer',
  models: {
    own: { name: 'storesb-model-own', image: `${STORES_B_ACCOUNT}.dkr.ecr.${STORES_B_REGION}.amazonaws.com/infer:1.0` },
    public: { name: 'storesb-model-public', image: 'public.ecr.aws/acme/infer:latest' },
    repo: {
      name: 'storesb-model-repo',
      image: `${STORES_B_ACCOUNT}.dkr.ecr.${STORES_B_REGION}.amazonaws.com/storesb-infer:1.0`,
    },
  },
  /** Endpoint configurations: the ML storage key of the endpoints (KMS-001). */
  endpointConfigs: {
    keyed: {
      name: 'storesb-epc-keyed',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/0b5e9c4e-0000-4000-8000-000000000002',
    },
    /** Names no key: SageMaker's AWS managed key, which KMS-001 fails in the highest-trust profile. */
    managed: { name: 'storesb-epc-managed' },
  },
  projects: { inVpc: 'storesb-build-vpc', outside: 'storesb-build-open' },
  resolver: {
    /** Forwards a public domain to a public resolver: EGR-002 fails it. */
    outbound: 'storesb-outbound',
    /** Forwards the corporate domain to a resolver inside the VPC only: EGR-002 passes it. */
    internal: 'storesb-outbound-internal',
    inbound: 'storesb-inbound',
    /** `inside` and `outside` are associated with the VPC; `idle` with none, so it forwards nothing. */
    rules: {
      inside: { name: 'storesb-corp', domain: 'corp.example', target: '10.60.1.53' },
      outside: { name: 'storesb-public', domain: 'example.org', target: '8.8.8.8' },
      idle: { name: 'storesb-idle', domain: 'example.net', target: '1.1.1.1' },
    },
  },
} as const;

export interface StoresBDeployment {
  vpcId: string;
  subnetIds: string[];
  securityGroupId: string;
  outboundEndpointId: string;
  internalEndpointId: string;
  inboundEndpointId: string;
  /** Resolver rule ids by their key in STORES_B.resolver.rules. */
  ruleIds: Record<keyof typeof STORES_B.resolver.rules, string>;
}

/** One Route 53 Resolver operation, as the SDK client would send it (moto does not check signatures). */
async function resolverCall(url: string, operation: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Route53Resolver.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${STORES_B_REGION}/route53resolver/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Route53Resolver.${operation}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function deployStoresB(url: string): Promise<StoresBDeployment> {
  const config = { endpoint: url, region: STORES_B_REGION };
  const ec2 = new EC2Client(config);
  const sm = new SageMakerClient(config);
  const cb = new CodeBuildClient(config);
  const ecr = new ECRClient(config);
  try {
    const tag = (name: string) => [{ ResourceType: 'vpc' as const, Tags: [{ Key: 'Name', Value: name }] }];
    const vpc = await ec2.send(
      new CreateVpcCommand({ CidrBlock: STORES_B.vpc.cidr, TagSpecifications: tag(STORES_B.vpc.name) }),
    );
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnetIds: string[] = [];
    for (const s of STORES_B.subnets) {
      const r = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: s.cidr,
          AvailabilityZone: s.az,
          TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: s.name }] }],
        }),
      );
      subnetIds.push(r.Subnet?.SubnetId ?? '');
    }
    const sg = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: STORES_B.securityGroup, Description: 'set B', VpcId: vpcId }),
    );
    const securityGroupId = sg.GroupId ?? '';

    const nb = STORES_B.notebooks;
    await sm.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: nb.closed.name,
        InstanceType: 'ml.t3.medium',
        RoleArn: ROLE,
        DirectInternetAccess: nb.closed.directInternetAccess,
        SubnetId: subnetIds[0],
        SecurityGroupIds: [securityGroupId],
        // The ML volume's key (KMS-001 judges it); the open notebook names none and takes the AWS managed key.
        KmsKeyId: STORES_B.notebooks.closed.kmsKeyId,
      }),
    );
    // No DirectInternetAccess given: the service applies Enabled.
    await sm.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: nb.open.name,
        InstanceType: 'ml.t3.medium',
        RoleArn: ROLE,
      }),
    );
    await sm.send(
      new CreateDomainCommand({
        DomainName: STORES_B.domain.name,
        AuthMode: 'IAM',
        DefaultUserSettings: { ExecutionRole: ROLE },
        SubnetIds: subnetIds,
        VpcId: vpcId,
        AppNetworkAccessType: STORES_B.domain.appNetworkAccessType,
      }),
    );
    const repo = await ecr.send(new CreateRepositoryCommand({ repositoryName: STORES_B.ecrRepository }));
    if (!STORES_B.models.repo.image.startsWith(`${repo.repository?.repositoryUri}:`))
      throw new Error(`ECR repository URI ${repo.repository?.repositoryUri} is not the one the repo model pulls from`);
    for (const m of Object.values(STORES_B.models)) {
      await sm.send(
        new CreateModelCommand({ ModelName: m.name, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: m.image } }),
      );
    }
    const variant = {
      VariantName: 'main',
      ModelName: STORES_B.models.own.name,
      InstanceType: 'ml.m5.large' as const,
      InitialInstanceCount: 1,
    };
    const epc = STORES_B.endpointConfigs;
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: epc.keyed.name,
        ProductionVariants: [variant],
        KmsKeyId: epc.keyed.kmsKeyId,
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({ EndpointConfigName: epc.managed.name, ProductionVariants: [variant] }),
    );

    const project = (name: string) => ({
      name,
      source: { type: 'S3' as const, location: 'storesb-source/source.zip' },
      artifacts: { type: 'NO_ARTIFACTS' as const },
      environment: {
        type: 'LINUX_CONTAINER' as const,
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL' as const,
      },
      serviceRole: ROLE,
    });
    await cb.send(
      new CreateProjectCommand({
        ...project(STORES_B.projects.inVpc),
        vpcConfig: { vpcId, subnets: subnetIds, securityGroupIds: [securityGroupId] },
      }),
    );
    await cb.send(new CreateProjectCommand(project(STORES_B.projects.outside)));

    const r = STORES_B.resolver;
    const endpoint = async (name: string, direction: string) => {
      const out = await resolverCall(url, 'CreateResolverEndpoint', {
        CreatorRequestId: name,
        Name: name,
        Direction: direction,
        SecurityGroupIds: [securityGroupId],
        IpAddresses: subnetIds.map((SubnetId) => ({ SubnetId })),
      });
      return String((out.ResolverEndpoint as { Id: string }).Id);
    };
    const outboundEndpointId = await endpoint(r.outbound, 'OUTBOUND');
    const internalEndpointId = await endpoint(r.internal, 'OUTBOUND');
    const inboundEndpointId = await endpoint(r.inbound, 'INBOUND');
    const ruleIds = { inside: '', outside: '', idle: '' };
    for (const [key, via] of [
      ['inside', internalEndpointId],
      ['outside', outboundEndpointId],
      ['idle', internalEndpointId],
    ] as const) {
      const rule = r.rules[key];
      const out = await resolverCall(url, 'CreateResolverRule', {
        CreatorRequestId: rule.name,
        Name: rule.name,
        RuleType: 'FORWARD',
        DomainName: rule.domain,
        TargetIps: [{ Ip: rule.target, Port: 53 }],
        ResolverEndpointId: via,
      });
      ruleIds[key] = String((out.ResolverRule as { Id: string }).Id);
    }
    for (const key of ['inside', 'outside'] as const)
      await resolverCall(url, 'AssociateResolverRule', {
        ResolverRuleId: ruleIds[key],
        Name: r.rules[key].name,
        VPCId: vpcId,
      });
    return { vpcId, subnetIds, securityGroupId, outboundEndpointId, internalEndpointId, inboundEndpointId, ruleIds };
  } finally {
    for (const c of [ec2, sm, cb, ecr]) c.destroy();
  }
}
