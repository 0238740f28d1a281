/**
 * Provider and service defaults: what applies when an input leaves a setting unset. One table, read by
 * the plan adapters (an attribute absent from a plan, or computed and not written in `configuration`)
 * and by the live collectors (an API answer that omits the setting), so both sources judge one default
 * the same way. Each entry cites the AWS provider documentation or the service's API reference.
 *
 * An entry with `accountSetting` depends on account state no plan shows: the value is not settled by
 * the input and rules say which setting decides (never a silent pass or fail).
 *
 * One table on purpose, so it is longer than most modules: every default in one place, each with its
 * reference, is what lets both sources cite the same one.
 */

export interface DocumentedDefault<T> {
  /** Terraform resource types whose attribute takes this default. */
  readonly resourceTypes: readonly string[];
  /** Terraform attribute path (dots), or the API field the live collector reads. */
  readonly attribute: string;
  readonly value: T;
  /** What the default means, as evidence says it. */
  readonly means: string;
  /** Provider documentation or API reference that states the default. */
  readonly reference: string;
  /** The account setting that decides, when no input can. */
  readonly accountSetting?: string;
}

const TF = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources';

function entry<T>(d: DocumentedDefault<T>): DocumentedDefault<T> {
  return d;
}

export const DEFAULTS = {
  kmsKeySpec: entry({
    resourceTypes: ['aws_kms_key'],
    attribute: 'customer_master_key_spec',
    value: 'SYMMETRIC_DEFAULT',
    means: 'key spec SYMMETRIC_DEFAULT',
    reference: `${TF}/kms_key#customer_master_key_spec; https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeySpec`,
  }),
  kmsKeyUsage: entry({
    resourceTypes: ['aws_kms_key'],
    attribute: 'key_usage',
    value: 'ENCRYPT_DECRYPT',
    means: 'key usage ENCRYPT_DECRYPT',
    reference: `${TF}/kms_key#key_usage; https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeyUsage`,
  }),
  kmsRotation: entry({
    resourceTypes: ['aws_kms_key'],
    attribute: 'enable_key_rotation',
    value: false,
    means: 'automatic rotation off',
    reference: `${TF}/kms_key#enable_key_rotation`,
  }),
  kmsRotationPeriod: entry({
    resourceTypes: ['aws_kms_key'],
    attribute: 'rotation_period_in_days',
    value: 365,
    means: 'rotation every 365 days',
    reference: `${TF}/kms_key#rotation_period_in_days; https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html#KMS-EnableKeyRotation-request-RotationPeriodInDays`,
  }),
  kmsMultiRegion: entry({
    resourceTypes: ['aws_kms_key'],
    attribute: 'multi_region',
    value: false,
    means: 'a single-region key',
    reference: `${TF}/kms_key#multi_region`,
  }),
  kmsKeyPolicy: entry({
    resourceTypes: ['aws_kms_key', 'aws_kms_external_key', 'aws_kms_replica_key', 'aws_kms_replica_external_key'],
    attribute: 'policy',
    value: 'default key policy',
    means: 'KMS applies the default key policy (the account root only)',
    reference: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
  }),
  vpcEndpointPolicy: entry({
    resourceTypes: ['aws_vpc_endpoint'],
    attribute: 'policy',
    value: 'full access',
    means: 'AWS applies the full-access endpoint policy',
    reference: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
  }),
  s3DefaultEncryption: entry({
    resourceTypes: ['aws_s3_bucket'],
    attribute: 'server_side_encryption_configuration',
    value: 'AES256',
    means: 'S3 default encryption: SSE-S3',
    reference: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html',
  }),
  dynamodbEncryption: entry({
    resourceTypes: ['aws_dynamodb_table'],
    attribute: 'server_side_encryption.enabled',
    value: false,
    means: 'AWS owned key',
    reference: `${TF}/dynamodb_table#server_side_encryption; https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html`,
  }),
  dynamodbKey: entry({
    resourceTypes: ['aws_dynamodb_table'],
    attribute: 'server_side_encryption.kms_key_arn',
    value: 'alias/aws/dynamodb',
    means: 'the AWS managed key alias/aws/dynamodb',
    reference: `${TF}/dynamodb_table#kms_key_arn`,
  }),
  rdsStorageEncrypted: entry({
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_docdb_cluster', 'aws_neptune_cluster'],
    attribute: 'storage_encrypted',
    value: false,
    means: 'storage not encrypted (provisioned engine mode)',
    reference: `${TF}/rds_cluster#storage_encrypted; ${TF}/db_instance#storage_encrypted`,
  }),
  rdsServerlessStorageEncrypted: entry({
    resourceTypes: ['aws_rds_cluster'],
    attribute: 'storage_encrypted',
    value: true,
    means: 'storage encrypted (serverless engine mode)',
    reference: `${TF}/rds_cluster#storage_encrypted`,
  }),
  opensearchEncryption: entry({
    resourceTypes: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
    attribute: 'encrypt_at_rest.enabled',
    value: false,
    means: 'encryption at rest off',
    reference: `${TF}/opensearch_domain#encrypt_at_rest`,
  }),
  opensearchAutoSoftwareUpdate: entry({
    resourceTypes: ['aws_opensearch_domain'],
    attribute: 'software_update_options.auto_software_update_enabled',
    value: false,
    means: 'automatic software updates off',
    reference: `${TF}/opensearch_domain#auto_software_update_enabled; https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_SoftwareUpdateOptions.html`,
  }),
  efsEncrypted: entry({
    resourceTypes: ['aws_efs_file_system'],
    attribute: 'encrypted',
    value: false,
    means: 'not encrypted at rest',
    reference: `${TF}/efs_file_system#encrypted`,
  }),
  rdsKey: entry({
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    attribute: 'kms_key_id',
    value: 'alias/aws/rds',
    means: 'the AWS managed key alias/aws/rds',
    reference: `${TF}/rds_cluster#kms_key_id; https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html`,
  }),
  docdbKey: entry({
    resourceTypes: ['aws_docdb_cluster'],
    attribute: 'kms_key_id',
    value: 'alias/aws/rds',
    means: 'the AWS managed key alias/aws/rds (DocumentDB uses the RDS managed key)',
    reference: `${TF}/docdb_cluster#kms_key_id; https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html`,
  }),
  neptuneKey: entry({
    resourceTypes: ['aws_neptune_cluster'],
    attribute: 'kms_key_arn',
    value: 'alias/aws/rds',
    means: 'the AWS managed key alias/aws/rds (Neptune uses the RDS managed key)',
    reference: `${TF}/neptune_cluster#kms_key_arn; https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html`,
  }),
  redshiftKey: entry({
    resourceTypes: ['aws_redshift_cluster'],
    attribute: 'kms_key_id',
    value: 'AWS managed key',
    means: 'Redshift encrypts with its AWS managed key when encryption is on and no key is named',
    reference: `${TF}/redshift_cluster#kms_key_id; https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html`,
  }),
  dmsKey: entry({
    resourceTypes: ['aws_dms_replication_instance'],
    attribute: 'kms_key_arn',
    value: 'alias/aws/dms',
    means: 'the AWS managed key alias/aws/dms',
    reference: `${TF}/dms_replication_instance#kms_key_arn; https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.html#CHAP_Security.EncryptionKey`,
  }),
  secretKey: entry({
    resourceTypes: ['aws_secretsmanager_secret'],
    attribute: 'kms_key_id',
    value: 'alias/aws/secretsmanager',
    means: 'the AWS managed key alias/aws/secretsmanager',
    reference: `${TF}/secretsmanager_secret#kms_key_id; https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-KmsKeyId`,
  }),
  logGroupKey: entry({
    resourceTypes: ['aws_cloudwatch_log_group'],
    attribute: 'kms_key_id',
    value: 'AWS owned key',
    means: 'CloudWatch Logs service-side encryption (an AWS owned key)',
    reference: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
  }),
  ebsEncryption: entry({
    resourceTypes: ['aws_ebs_volume', 'aws_instance', 'aws_launch_template'],
    attribute: 'encrypted / kms_key_id',
    value: 'account default',
    means: "the account's EBS encryption-by-default setting and default EBS key decide",
    reference: `${TF}/ebs_volume#encrypted; https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html`,
    accountSetting:
      'EBS encryption by default and the default EBS KMS key of the account and region (ec2:GetEbsEncryptionByDefault, ec2:GetEbsDefaultKmsKeyId; aws_ebs_encryption_by_default, aws_ebs_default_kms_key)',
  }),
  // aws_docdb_cluster_instance is not listed: the provider documents that DocumentDB performs no minor
  // version upgrades whatever the argument says (docdb_cluster_instance#auto_minor_version_upgrade).
  rdsAutoMinorVersionUpgrade: entry({
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance', 'aws_neptune_cluster_instance'],
    attribute: 'auto_minor_version_upgrade',
    value: true,
    means: 'minor versions applied automatically in the maintenance window',
    reference: `${TF}/rds_cluster_instance#auto_minor_version_upgrade; ${TF}/db_instance#auto_minor_version_upgrade; ${TF}/neptune_cluster_instance#auto_minor_version_upgrade`,
  }),
  rdsClusterAutoMinorVersionUpgrade: entry({
    resourceTypes: ['aws_rds_cluster'],
    attribute: 'auto_minor_version_upgrade',
    value: true,
    means: 'minor versions applied automatically in the maintenance window',
    reference: `${TF}/rds_cluster#auto_minor_version_upgrade`,
  }),
  elasticacheAutoMinorVersionUpgrade: entry({
    resourceTypes: ['aws_elasticache_cluster', 'aws_elasticache_replication_group'],
    attribute: 'auto_minor_version_upgrade',
    value: true,
    means: 'minor versions applied automatically in the maintenance window',
    reference: `${TF}/elasticache_replication_group#auto_minor_version_upgrade; ${TF}/elasticache_cluster#auto_minor_version_upgrade`,
  }),
  mqAutoMinorVersionUpgrade: entry({
    resourceTypes: ['aws_mq_broker'],
    attribute: 'auto_minor_version_upgrade',
    value: false,
    means: 'no automatic minor version upgrades',
    reference: `${TF}/mq_broker#auto_minor_version_upgrade; https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers.html`,
  }),
  natConnectivityType: entry({
    resourceTypes: ['aws_nat_gateway'],
    attribute: 'connectivity_type',
    value: 'public' as const,
    means: 'a public NAT gateway',
    reference: `${TF}/nat_gateway#connectivity_type`,
  }),
  vpcEndpointType: entry({
    resourceTypes: ['aws_vpc_endpoint'],
    attribute: 'vpc_endpoint_type',
    value: 'Gateway' as const,
    means: 'a Gateway endpoint',
    reference: `${TF}/vpc_endpoint#vpc_endpoint_type`,
  }),
  sqsManagedSse: entry({
    resourceTypes: ['aws_sqs_queue'],
    attribute: 'sqs_managed_sse_enabled',
    value: 'SSE-SQS (AWS owned key)',
    means: 'SQS-managed server-side encryption with an AWS owned key (on by default for new queues)',
    reference: `${TF}/sqs_queue#sqs_managed_sse_enabled; https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html`,
  }),
  sagemakerDirectInternetAccess: entry({
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    attribute: 'direct_internet_access',
    value: 'Enabled',
    means: 'the notebook reaches the internet directly',
    reference: `${TF}/sagemaker_notebook_instance#direct_internet_access; https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstance.html#sagemaker-CreateNotebookInstance-request-DirectInternetAccess`,
  }),
  sagemakerAppNetworkAccessType: entry({
    resourceTypes: ['aws_sagemaker_domain'],
    attribute: 'app_network_access_type',
    value: 'PublicInternetOnly',
    means: 'apps reach the internet through SageMaker-managed networking',
    reference: `${TF}/sagemaker_domain#app_network_access_type; https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateDomain.html#sagemaker-CreateDomain-request-AppNetworkAccessType`,
  }),
  iamRoleMaxSessionDuration: entry({
    resourceTypes: ['aws_iam_role'],
    attribute: 'max_session_duration',
    value: 3600,
    means: 'sessions of at most one hour',
    reference: `${TF}/iam_role#max_session_duration; https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html`,
  }),
  rdsPubliclyAccessible: entry({
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance', 'aws_neptune_cluster_instance'],
    attribute: 'publicly_accessible',
    value: false,
    means: 'no public address',
    reference: `${TF}/db_instance#publicly_accessible; ${TF}/rds_cluster_instance#publicly_accessible; ${TF}/neptune_cluster_instance#publicly_accessible`,
  }),
  dmsPubliclyAccessible: entry({
    resourceTypes: ['aws_dms_replication_instance'],
    attribute: 'publicly_accessible',
    value: false,
    means: 'no public address',
    reference: `${TF}/dms_replication_instance#publicly_accessible`,
  }),
  redshiftPubliclyAccessible: entry({
    resourceTypes: ['aws_redshift_cluster'],
    attribute: 'publicly_accessible',
    value: false,
    means: 'no public address (provider 5.x and later)',
    reference: `${TF}/redshift_cluster#publicly_accessible`,
  }),
  // The endpoint configuration names its key `kms_key_arn`; notebooks and domains `kms_key_id`.
  sagemakerKey: entry({
    resourceTypes: ['aws_sagemaker_notebook_instance', 'aws_sagemaker_domain', 'aws_sagemaker_endpoint_configuration'],
    attribute: 'kms_key_id / kms_key_arn',
    value: 'AWS managed key',
    means: 'SageMaker encrypts with an AWS managed key',
    reference: `${TF}/sagemaker_notebook_instance#kms_key_id; ${TF}/sagemaker_domain#kms_key_id; ${TF}/sagemaker_endpoint_configuration#kms_key_arn; https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest.html`,
  }),
} as const;

export type DefaultId = keyof typeof DEFAULTS;

/** How evidence names a default: what it means and where it is documented. */
export function citeDefault(d: DocumentedDefault<unknown>): string {
  return `${d.means}; ${d.reference}`;
}
