/**
 * The normalized resource model. Typed by concept, not by Terraform resource type, so a rule is
 * written once and judges a plan and a live account alike. Sources (plan loader, AWS collectors)
 * fill it through adapters; rules read nothing else.
 */
import type { PolicyValue } from './policy.js';

/** Where a resource came from and what is known about its values. Kept per resource, derived per path. */
export interface Meta {
  source: 'plan' | 'aws';
  /** Terraform address (plan) or ARN / id (live): what a finding names. */
  address: string;
  /** Terraform resource type, also used by the live adapters so both sources speak one vocabulary. */
  type: string;
  /** undefined = the input does not tell. */
  region?: string;
  account?: string;
  /** Model fields whose value is unknown until apply (plan `after_unknown`). Written through values.ts. */
  unknown?: string[];
  /** Model field -> the API call that failed to read it (live). Written through values.ts. */
  unreadable?: Record<string, string>;
  /** Model field -> the documented default that set it (a `defaults.ts` citation). Written through values.ts. */
  defaults?: Record<string, string>;
  /** Model fields whose value is sensitive (plan `after_sensitive`): never printed. */
  sensitive?: string[];
  /** Model field -> where it was set, when not derived from `fields` (folded split resources, API calls). */
  origin?: Record<string, string>;
  /** Model field -> Terraform attribute path (plan): evidence sources are derived from it on demand. */
  fields?: Readonly<Record<string, ReadonlyArray<string | number>>>;
  /** The input this entity was read from (plan path as given, `<stdin>`): findings name it. */
  input?: string;
  /** Terraform provider configuration key (plan only). */
  providerKey?: string;
}

/**
 * A relation to another resource. At plan time ids are often unknown, so the plan adapter resolves
 * `configuration` references to an address instead; the inventory follows either in constant time.
 */
export interface Ref {
  id?: string;
  address?: string;
}

interface Base {
  meta: Meta;
  /** Cloud id when known (vpc-..., arn:...). */
  id?: string;
  arn?: string;
  name?: string;
  tags?: Record<string, string>;
}

export interface Vpc extends Base {
  kind: 'Vpc';
  cidrBlocks: string[];
  /** Route 53 Resolver DNS Firewall rule groups associated with the VPC (where each association was set). */
  dnsFirewallAssociations?: string[];
}

export interface Subnet extends Base {
  kind: 'Subnet';
  vpc?: Ref;
  cidrBlock?: string;
  mapPublicIpOnLaunch?: boolean;
  assignIpv6OnCreation?: boolean;
}

export type RouteTargetKind =
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'transit-gateway'
  | 'vpc-peering'
  | 'instance'
  | 'network-interface'
  | 'vpc-endpoint'
  | 'virtual-private-gateway'
  | 'carrier-gateway'
  | 'core-network'
  | 'local'
  | 'unknown';

export interface Route {
  destination: string | undefined;
  /** true when the destination is unknown at plan time. */
  destinationUnknown?: boolean;
  target: RouteTargetKind;
  targetRef?: Ref;
  /** Where the route was declared (inline block or aws_route resource). */
  origin: string;
}

export interface RouteTable extends Base {
  kind: 'RouteTable';
  vpc?: Ref;
  routes: Route[];
  subnets: Ref[];
  /** The VPC's main route table: applies to subnets with no explicit association. */
  main?: boolean;
}

export interface InternetGateway extends Base {
  kind: 'InternetGateway';
  egressOnly: boolean;
  vpc?: Ref;
}

export interface NatGateway extends Base {
  kind: 'NatGateway';
  /** `public` is the provider default. */
  connectivityType?: 'public' | 'private';
  subnet?: Ref;
}

export interface PublicIp extends Base {
  kind: 'PublicIp';
  /** aws_eip, an instance/launch template asking for a public address, etc. */
  via: 'elastic-ip' | 'instance' | 'launch-template' | 'subnet';
  domain?: string;
}

export interface SecurityGroupRule {
  direction: 'ingress' | 'egress';
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  ipv6Cidrs: string[];
  prefixLists: string[];
  groups: Ref[];
  self?: boolean;
  /** true when any peer of the rule is unknown at plan time. */
  peersUnknown?: boolean;
  origin: string;
}

export interface SecurityGroup extends Base {
  kind: 'SecurityGroup';
  vpc?: Ref;
  rules: SecurityGroupRule[];
}

export interface VpcEndpoint extends Base {
  kind: 'VpcEndpoint';
  vpc?: Ref;
  serviceName?: string;
  endpointType?: 'Interface' | 'Gateway' | 'GatewayLoadBalancer' | 'Resource' | 'ServiceNetwork';
  privateDnsEnabled?: boolean;
  subnets: Ref[];
  securityGroups: Ref[];
  routeTables: Ref[];
  /** `absent` = no policy given: full access (the AWS default). */
  policy: PolicyValue;
}

export interface FlowLog extends Base {
  kind: 'FlowLog';
  /** The VPC, subnet or ENI it watches. */
  target?: Ref;
  targetKind: 'vpc' | 'subnet' | 'network-interface' | 'transit-gateway' | 'unknown';
  trafficType?: string;
}

export type ComputeKind =
  | 'instance'
  | 'launch-template'
  | 'launch-configuration'
  | 'lambda'
  | 'sagemaker-notebook'
  | 'sagemaker-domain'
  | 'codebuild';

export interface ComputeWorkload extends Base {
  kind: 'ComputeWorkload';
  computeKind: ComputeKind;
  /** Whether a VPC attachment block is present (Lambda, CodeBuild). */
  vpcConfigured?: boolean;
  subnets: Ref[];
  securityGroups: Ref[];
  associatePublicIp?: boolean;
  /** SageMaker notebooks: Enabled / Disabled. */
  directInternetAccess?: string;
  /** SageMaker domains: PublicInternetOnly / VpcOnly. */
  appNetworkAccessType?: string;
  enclaveEnabled?: boolean;
  runtime?: string;
  /** Lambda runtime update mode (Auto is the default). */
  runtimeUpdateMode?: string;
  layers?: string[];
  imageUri?: string;
  /** KMS keys the workload's instance role is linked to (key policy or role policy), for ENC-002. */
  enclaveKeys?: Ref[];
}

export interface KmsKey extends Base {
  kind: 'KmsKey';
  customerManaged: boolean;
  keySpec?: string;
  keyUsage?: string;
  rotationEnabled?: boolean;
  rotationPeriodDays?: number;
  multiRegion?: boolean;
  /** A multi-region replica of a primary key (aws_kms_replica_key). */
  replicaOf?: Ref;
  /** `absent` = no policy given: KMS writes the default key policy (the account root only). */
  policy: PolicyValue;
  aliases: string[];
  /** Where the key material comes from: AWS_KMS (default), EXTERNAL (imported), or a custom key store. */
  keyOrigin?: string;
  /** Addresses of the alias resources pointing at this key, so a reference to an alias finds the key. */
  aliasAddresses?: string[];
}

export interface Bucket extends Base {
  kind: 'Bucket';
  bucketName?: string;
  objectLockEnabled?: boolean;
  objectLockMode?: string;
  objectLockDays?: number;
  objectLockYears?: number;
  versioning?: string;
  sseAlgorithm?: string;
  kmsKey?: Ref;
  /** The key as the source named it, when that says more than the reference (`alias/aws/s3`). */
  kmsKeyRaw?: string;
  policy?: PolicyValue;
  publicAccessBlock?: {
    blockPublicAcls?: boolean;
    blockPublicPolicy?: boolean;
    ignorePublicAcls?: boolean;
    restrictPublicBuckets?: boolean;
  };
}

export interface DataStore extends Base {
  kind: 'DataStore';
  /** log-group, secret, dynamodb, rds, opensearch, sqs, sns, ebs, bedrock-knowledge-base, ... */
  storeKind: string;
  /** Whether this kind is encrypted by default with an AWS key when left unset. */
  encrypted?: boolean;
  kmsKey?: Ref;
  /** Raw encryption setting (e.g. `alias/aws/sns`, `AES256`). */
  kmsKeyRaw?: string;
  /** What encrypts it when no customer key is named: `AWS owned key`, `alias/aws/rds`, or `none`. */
  defaultEncryption?: string;
  /** The account setting that decides its encryption when the input names no key (EBS encryption by default). */
  decidedByAccount?: string;
  /** Bedrock model / inference-profile ARNs or ids the resource names (agent model, embedding model). */
  modelArns?: string[];
  retentionDays?: number;
  /** Whether the store gets an address reachable from the internet (RDS, Aurora, Neptune, Redshift, DMS `publicly_accessible`). */
  publiclyAccessible?: boolean;
  autoMinorVersionUpgrade?: boolean;
  autoSoftwareUpdate?: boolean;
}

export interface Trail extends Base {
  kind: 'Trail';
  bucket?: Ref;
  bucketName?: string;
  multiRegion?: boolean;
  logFileValidation?: boolean;
  includeGlobalEvents?: boolean;
  isOrganizationTrail?: boolean;
  logging?: boolean;
  kmsKey?: Ref;
  /** The key as the source named it, when that says more than the reference (`alias/aws/...`). */
  kmsKeyRaw?: string;
  /** Classic event selectors. */
  eventSelectors: Array<{ readWriteType?: string; includeManagementEvents?: boolean; dataResourceTypes: string[] }>;
  /** Advanced event selectors: field -> operator -> values. */
  advancedEventSelectors: Array<{
    name?: string;
    fieldSelectors: Array<{
      field: string;
      equals?: string[];
      notEquals?: string[];
      startsWith?: string[];
      endsWith?: string[];
      notStartsWith?: string[];
      notEndsWith?: string[];
    }>;
  }>;
}

export interface InvocationLogging extends Base {
  kind: 'InvocationLogging';
  textDelivery?: boolean;
  imageDelivery?: boolean;
  embeddingDelivery?: boolean;
  s3Bucket?: Ref;
  s3BucketName?: string;
  cloudWatchLogGroup?: string;
}

export interface IamUser extends Base {
  kind: 'IamUser';
  hasConsolePassword?: boolean;
  accessKeys: Array<{ id?: string; status?: string; origin: string }>;
  policies: PolicyValue[];
  attachedPolicyArns: string[];
  /** Attached policies as references (their ARN may be unknown until apply). */
  attachedPolicies?: Ref[];
}

export interface IamRole extends Base {
  kind: 'IamRole';
  trustPolicy?: PolicyValue;
  maxSessionDuration?: number;
  inlinePolicies: PolicyValue[];
  attachedPolicies: Ref[];
  attachedPolicyArns: string[];
}

export interface IamPolicy extends Base {
  kind: 'IamPolicy';
  policy?: PolicyValue;
}

export interface OidcProvider extends Base {
  kind: 'OidcProvider';
  url?: string;
  clientIds: string[];
}

/** A Resolver FORWARD rule that sends queries for `domain` out through an outbound endpoint. */
export interface ResolverForwardingRule {
  domain?: string;
  targetIps: string[];
  /** true when any target address is unknown at plan time. */
  targetsUnknown?: boolean;
  origin: string;
  /**
   * The VPCs the rule is associated with: only their queries are forwarded, so a rule associated with
   * none forwards nothing. Undefined, with neither flag below, when its associations may lie where this
   * input cannot see them (a rule shared with other accounts): judged as if associated.
   */
  vpcs?: Ref[];
  /** true when an association's VPC, or the rule an association names, is unknown at plan time. */
  vpcsUnknown?: boolean;
  /** The live call that failed to list the rule's associations. */
  vpcsUnreadable?: string;
  /** Where the associations were read: the association resources, or the API call. */
  vpcsOrigin?: string;
}

export interface ResolverEndpoint extends Base {
  kind: 'ResolverEndpoint';
  direction?: string;
  vpc?: Ref;
  targetIps: string[];
  subnets?: Ref[];
  forwardingRules?: ResolverForwardingRule[];
}

export interface ArtifactSource extends Base {
  kind: 'ArtifactSource';
  artifactKind: 'lambda-layer' | 'container-image' | 'ecr-pull-through' | 'codeartifact-external';
  location?: string;
  /** The workload that pulls the artefact (a Lambda function, a task definition), when not the source itself. */
  consumer?: Ref;
  /** The resource in this input that provides the artefact (a layer version, an ECR repository). */
  providedBy?: Ref;
}

export interface ModuleCall extends Base {
  kind: 'ModuleCall';
  source: string;
  version?: string;
}

export interface ProviderRequirement extends Base {
  kind: 'ProviderRequirement';
  provider: string;
  versionConstraint?: string;
}

export type Entity =
  | Vpc
  | Subnet
  | RouteTable
  | InternetGateway
  | NatGateway
  | PublicIp
  | SecurityGroup
  | VpcEndpoint
  | FlowLog
  | ComputeWorkload
  | KmsKey
  | Bucket
  | DataStore
  | Trail
  | InvocationLogging
  | IamUser
  | IamRole
  | IamPolicy
  | OidcProvider
  | ResolverEndpoint
  | ArtifactSource
  | ModuleCall
  | ProviderRequirement;

export type EntityKind = Entity['kind'];
export type EntityOf<K extends EntityKind> = Extract<Entity, { kind: K }>;

/** Something the loader could not turn into model values; rules turn these into not-assessed results. */
export interface LoadProblem {
  address: string;
  type: string;
  field: string;
  problem: string;
}
