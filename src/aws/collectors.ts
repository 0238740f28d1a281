/**
 * The live scan's collectors as data: which service each reads, where (once per scan or once per region),
 * the model kinds it fills and the IAM actions it calls. The orchestration in collectAws.ts runs this
 * table; the kinds and calls declared here are what a missing collector would leave unassessed and what
 * the shipped read-only policy must allow, so they are declared beside the collector, not rediscovered.
 */
import type { EntityKind } from '../model/types.js';
import { collectBedrock } from './bedrock.js';
import { collectBedrockAgents, collectGuardrails } from './bedrockAgents.js';
import { collectCloudTrail } from './cloudtrail.js';
import { collectCodeArtifact } from './codeartifact.js';
import { collectCodeBuild } from './codebuild.js';
import type { ScanContext } from './context.js';
import { collectEc2Compute } from './ec2Compute.js';
import { collectEc2Network } from './ec2Network.js';
import { collectEc2TrafficControls } from './ec2TrafficControls.js';
import { collectEcr } from './ecr.js';
import { collectIam } from './iam.js';
import { collectKms } from './kms.js';
import { collectLambda } from './lambda.js';
import { collectLogs } from './logs.js';
import { collectResolver } from './resolver.js';
import { collectS3 } from './s3.js';
import { collectSageMaker } from './sagemaker.js';
import { collectSecrets } from './secrets.js';
import { collectDynamoDb } from './dynamodb.js';
import { collectEbs } from './ebs.js';
import { collectSns, collectSqs } from './messaging.js';
import { collectOpenSearch } from './opensearch.js';
import { collectRds } from './rds.js';

export type AwsService =
  | 'ec2'
  | 'kms'
  | 'iam'
  | 'cloudtrail'
  | 's3'
  | 'bedrock'
  | 'logs'
  | 'secretsmanager'
  | 'lambda'
  | 'rds'
  | 'dynamodb'
  | 'opensearch'
  | 'sqs'
  | 'sns'
  | 'ebs'
  | 'sagemaker'
  | 'codebuild'
  | 'ecr'
  | 'codeartifact'
  | 'bedrock-agent'
  | 'bedrock-guardrails'
  | 'route53resolver';

interface CollectorBase {
  service: AwsService;
  /** Progress and gap label, "ec2 network". */
  label: string;
  /** Model kinds this collector fills: unassessed where it cannot run. */
  kinds: readonly EntityKind[];
  /** IAM actions the collector may call, each a Describe/Get/List (the permissions test checks the policy). */
  calls: readonly string[];
}

/** Runs once per region scanned. */
export interface RegionalCollector extends CollectorBase {
  scope: 'regional';
  collect: (ctx: ScanContext, region: string) => Promise<void>;
}

/** Runs once per scan: global services (IAM) and global listings (S3 ListBuckets). */
export interface GlobalCollector extends CollectorBase {
  scope: 'global';
  collect: (ctx: ScanContext) => Promise<void>;
}

export type Collector = RegionalCollector | GlobalCollector;

export const COLLECTORS: readonly Collector[] = [
  {
    service: 'iam',
    label: 'iam',
    scope: 'global',
    collect: collectIam,
    kinds: ['IamUser', 'IamRole', 'IamPolicy', 'OidcProvider'],
    calls: [
      'iam:GetAccountAuthorizationDetails',
      'iam:GetLoginProfile',
      'iam:GetOpenIDConnectProvider',
      'iam:ListAccessKeys',
      'iam:ListOpenIDConnectProviders',
      'iam:ListRoles',
    ],
  },
  {
    service: 's3',
    label: 's3',
    scope: 'global',
    collect: collectS3,
    kinds: ['Bucket'],
    calls: [
      's3:GetBucketLocation',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketPolicy',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketVersioning',
      's3:GetEncryptionConfiguration',
      's3:ListAllMyBuckets',
    ],
  },
  {
    service: 'ec2',
    label: 'network',
    scope: 'regional',
    collect: collectEc2Network,
    kinds: ['Vpc', 'Subnet', 'RouteTable', 'InternetGateway', 'NatGateway', 'PublicIp'],
    calls: [
      'ec2:DescribeAddresses',
      'ec2:DescribeEgressOnlyInternetGateways',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeNatGateways',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
    ],
  },
  {
    service: 'ec2',
    label: 'traffic controls',
    scope: 'regional',
    collect: collectEc2TrafficControls,
    kinds: ['VpcEndpoint', 'SecurityGroup', 'FlowLog'],
    calls: ['ec2:DescribeFlowLogs', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcEndpoints'],
  },
  {
    service: 'ec2',
    label: 'compute',
    scope: 'regional',
    collect: collectEc2Compute,
    kinds: ['ComputeWorkload'],
    calls: ['ec2:DescribeInstances', 'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeLaunchTemplates'],
  },
  {
    service: 'kms',
    label: 'keys',
    scope: 'regional',
    collect: collectKms,
    kinds: ['KmsKey'],
    calls: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListAliases', 'kms:ListKeys'],
  },
  {
    service: 'cloudtrail',
    label: 'trails',
    scope: 'regional',
    collect: collectCloudTrail,
    kinds: ['Trail'],
    calls: ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus'],
  },
  {
    service: 'bedrock',
    label: 'invocation logging',
    scope: 'regional',
    collect: collectBedrock,
    kinds: ['InvocationLogging'],
    calls: ['bedrock:GetModelInvocationLoggingConfiguration'],
  },
  {
    service: 'logs',
    label: 'log groups',
    scope: 'regional',
    collect: collectLogs,
    kinds: ['DataStore'],
    calls: ['logs:DescribeLogGroups'],
  },
  {
    service: 'secretsmanager',
    label: 'secrets',
    scope: 'regional',
    collect: collectSecrets,
    kinds: ['DataStore'],
    calls: ['secretsmanager:ListSecrets'],
  },
  {
    service: 'lambda',
    label: 'functions',
    scope: 'regional',
    collect: collectLambda,
    kinds: ['ComputeWorkload'],
    calls: ['lambda:GetFunction', 'lambda:GetRuntimeManagementConfig', 'lambda:ListFunctions'],
  },
  {
    service: 'rds',
    label: 'databases',
    scope: 'regional',
    collect: collectRds,
    kinds: ['DataStore'],
    calls: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  },
  {
    service: 'dynamodb',
    label: 'tables',
    scope: 'regional',
    collect: collectDynamoDb,
    kinds: ['DataStore'],
    calls: ['dynamodb:DescribeTable', 'dynamodb:ListTables'],
  },
  {
    service: 'opensearch',
    label: 'domains',
    scope: 'regional',
    collect: collectOpenSearch,
    kinds: ['DataStore'],
    calls: ['es:DescribeDomains', 'es:ListDomainNames'],
  },
  {
    service: 'sqs',
    label: 'queues',
    scope: 'regional',
    collect: collectSqs,
    kinds: ['DataStore'],
    calls: ['sqs:GetQueueAttributes', 'sqs:ListQueues'],
  },
  {
    service: 'sns',
    label: 'topics',
    scope: 'regional',
    collect: collectSns,
    kinds: ['DataStore'],
    calls: ['sns:GetTopicAttributes', 'sns:ListTopics'],
  },
  {
    service: 'ebs',
    label: 'volumes',
    scope: 'regional',
    collect: collectEbs,
    kinds: ['DataStore'],
    calls: ['ec2:DescribeVolumes', 'ec2:GetEbsDefaultKmsKeyId', 'ec2:GetEbsEncryptionByDefault'],
  },
  // supply chain, machine learning and DNS
  {
    service: 'sagemaker',
    label: 'notebooks, domains, models and endpoint configurations',
    scope: 'regional',
    collect: collectSageMaker,
    kinds: ['ComputeWorkload', 'ArtifactSource', 'DataStore'],
    calls: [
      'sagemaker:DescribeDomain',
      'sagemaker:DescribeEndpointConfig',
      'sagemaker:DescribeModel',
      'sagemaker:DescribeNotebookInstance',
      'sagemaker:ListDomains',
      'sagemaker:ListEndpointConfigs',
      'sagemaker:ListModels',
      'sagemaker:ListNotebookInstances',
    ],
  },
  {
    service: 'codebuild',
    label: 'projects',
    scope: 'regional',
    collect: collectCodeBuild,
    kinds: ['ComputeWorkload'],
    calls: ['codebuild:BatchGetProjects', 'codebuild:ListProjects'],
  },
  {
    service: 'ecr',
    label: 'pull-through cache rules',
    scope: 'regional',
    collect: collectEcr,
    kinds: ['ArtifactSource'],
    calls: ['ecr:DescribePullThroughCacheRules'],
  },
  {
    service: 'codeartifact',
    label: 'repositories',
    scope: 'regional',
    collect: collectCodeArtifact,
    kinds: ['ArtifactSource'],
    calls: ['codeartifact:DescribeRepository', 'codeartifact:ListRepositories'],
  },
  {
    service: 'bedrock-agent',
    label: 'agents, knowledge bases and data sources',
    scope: 'regional',
    collect: collectBedrockAgents,
    kinds: ['DataStore'],
    calls: [
      'bedrock:GetAgent',
      'bedrock:GetDataSource',
      'bedrock:GetKnowledgeBase',
      'bedrock:ListAgents',
      'bedrock:ListDataSources',
      'bedrock:ListKnowledgeBases',
    ],
  },
  {
    service: 'bedrock-guardrails',
    label: 'guardrails',
    scope: 'regional',
    collect: collectGuardrails,
    kinds: ['DataStore'],
    calls: ['bedrock:GetGuardrail', 'bedrock:ListGuardrails'],
  },
  {
    service: 'route53resolver',
    label: 'resolver endpoints, rules, rule associations and DNS Firewall',
    scope: 'regional',
    collect: collectResolver,
    // It also folds DNS Firewall associations into the network collector's VPCs: if it cannot run, those
    // stay unset and EGR-002 says they were not collected, without unassessing every VPC rule.
    kinds: ['ResolverEndpoint'],
    calls: [
      'route53resolver:ListFirewallRuleGroupAssociations',
      'route53resolver:ListResolverEndpointIpAddresses',
      'route53resolver:ListResolverEndpoints',
      'route53resolver:ListResolverRuleAssociations',
      'route53resolver:ListResolverRules',
    ],
  },
];

/** Services in the order collectors are declared: the default set a scan reads. */
export const AWS_SERVICES: readonly AwsService[] = [...new Set(COLLECTORS.map((c) => c.service))];
