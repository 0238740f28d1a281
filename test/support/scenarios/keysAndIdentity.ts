/**
 * Keys and identity part of the shipped scenarios (workload account 111111111111, us-east-1).
 *
 * The blueprint: one customer-managed key per purpose (logs, secrets, knowledge base), each rotating
 * yearly with a short least-privilege policy (the knowledge-base key's policy names a role created in
 * the same plan, so it is rebuilt from its `aws_iam_policy_document`); log groups, the database
 * secret and the knowledge base's OpenSearch Serverless vector store encrypted with them (the
 * knowledge base itself is left out: a trail would then have to record AWS::Bedrock::KnowledgeBase
 * data events, which the audit part does not select); no IAM users; the workload role invokes one named model only through the bedrock-runtime
 * endpoint (aws:SourceVpce), and the knowledge base's service role is trusted by bedrock.amazonaws.com.
 *
 * The leaky twin has one resource per true positive: an unencrypted log group, a secret on the
 * aws/secretsmanager key, a shared non-rotating key whose policy admits anyone through kms:ViaService,
 * a 33 KB key policy, a key replica and a log group outside the allowed regions, an IAM user with an
 * access key and a console password, a workload role invoking every model from anywhere with 12-hour
 * sessions, a role calling a global inference profile, an unconditioned wildcard trust, a GitHub OIDC
 * trust without a subject, and an admin role without MFA (beside SAML- and OIDC-federated admin roles,
 * which are out of scope, and a Bedrock service role, which is not held to the endpoint).
 */
import { constant, ref, type JsonValue, type ResourceSpec } from '../planBuilder.js';
import { MODEL_ARN, REGION, WORKLOAD_ACCOUNT, WORKLOAD_ROLE_ARN } from './network.js';

const ROOT = `arn:aws:iam::${WORKLOAD_ACCOUNT}:root`;
const EMBEDDING_MODEL_ARN = `arn:aws:bedrock:${REGION}::foundation-model/amazon.titan-embed-text-v2:0`;
const GITHUB_OIDC = `arn:aws:iam::${WORKLOAD_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

type Statement = Record<string, JsonValue>;

function doc(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const keyAdministration: Statement = {
  Sid: 'AccountAdministersKey',
  Effect: 'Allow',
  Principal: { AWS: ROOT },
  Action: 'kms:*',
  Resource: '*',
};

/** A workload-account key: ids unknown until apply; `policy` either literal or built by a data source. */
function key(
  name: string,
  purpose: string,
  policy: string | { dataSource: string },
  values: Record<string, JsonValue> = {},
): ResourceSpec {
  const literal = typeof policy === 'string';
  const v: Record<string, JsonValue> = {
    description: purpose,
    enable_key_rotation: true,
    rotation_period_in_days: 365,
    key_usage: 'ENCRYPT_DECRYPT',
    customer_master_key_spec: 'SYMMETRIC_DEFAULT',
    ...values,
  };
  if (literal) v.policy = policy;
  const expressions: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(v)) expressions[k] = constant(x);
  if (!literal) expressions.policy = ref(`${policy.dataSource}.json`);
  return {
    address: `aws_kms_key.${name}`,
    values: v,
    unknown: { id: true, arn: true, key_id: true, ...(literal ? {} : { policy: true }) },
    expressions,
  };
}

function alias(name: string, keyName: string): ResourceSpec {
  return {
    address: `aws_kms_alias.${name}`,
    values: { name: `alias/${name.replace(/_/g, '-')}` },
    unknown: { id: true, arn: true, target_key_arn: true, target_key_id: true },
    expressions: {
      name: constant(`alias/${name.replace(/_/g, '-')}`),
      target_key_id: ref(`aws_kms_key.${keyName}.key_id`),
    },
  };
}

/** A store whose key attribute references a key of this plan (unknown until apply). */
function encrypted(address: string, keyAttr: string, keyName: string, values: Record<string, JsonValue>): ResourceSpec {
  const expressions: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(values)) expressions[k] = constant(x);
  expressions[keyAttr] = ref(`aws_kms_key.${keyName}.arn`);
  return { address, values, unknown: { id: true, arn: true, [keyAttr]: true }, expressions };
}

function role(
  name: string,
  roleName: string,
  trust: Statement[],
  values: Record<string, JsonValue> = {},
): ResourceSpec {
  const v = { name: roleName, assume_role_policy: doc(...trust), max_session_duration: 3600, ...values };
  const expressions: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(v)) expressions[k] = constant(x);
  return { address: `aws_iam_role.${name}`, values: v, unknown: { id: true, arn: true, unique_id: true }, expressions };
}

function rolePolicy(name: string, roleAddress: string, policy: string | { dataSource: string }): ResourceSpec {
  const literal = typeof policy === 'string';
  return {
    address: `aws_iam_role_policy.${name}`,
    values: { name, ...(literal ? { policy } : {}) },
    unknown: { id: true, role: true, ...(literal ? {} : { policy: true }) },
    expressions: {
      name: constant(name),
      role: ref(`${roleAddress}.name`),
      policy: literal ? constant(policy) : ref(`${policy.dataSource}.json`),
    },
  };
}

const service = (principal: string, extra: Statement = {}): Statement => ({
  Effect: 'Allow',
  Principal: { Service: principal },
  Action: 'sts:AssumeRole',
  ...extra,
});

/** Keys: logs, secrets, knowledge base. */
function blueprintKeys(): ResourceSpec[] {
  const logsPolicy = doc(keyAdministration, {
    Sid: 'CloudWatchLogsEncryptsAccountLogGroups',
    Effect: 'Allow',
    Principal: { Service: `logs.${REGION}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${WORKLOAD_ACCOUNT}:log-group:*` },
    },
  });
  // Secrets Manager's pattern: any principal of this account, only through the service.
  const secretsPolicy = doc(keyAdministration, {
    Sid: 'SecretsManagerForThisAccountOnly',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: '*',
    Condition: {
      StringEquals: {
        'kms:CallerAccount': WORKLOAD_ACCOUNT,
        'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com`,
      },
    },
  });
  const kbPolicyDocument: ResourceSpec = {
    address: 'data.aws_iam_policy_document.knowledge_base_key',
    values: {
      statement: [
        {
          sid: 'AccountAdministersKey',
          effect: 'Allow',
          actions: ['kms:*'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: [ROOT] }],
          condition: [],
        },
        {
          sid: 'KnowledgeBaseRoleUsesKey',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: [null] }],
          condition: [],
        },
      ],
    },
    unknown: { id: true, json: true, statement: [{}, { principals: [{ identifiers: [true] }] }] },
    expressions: { statement: [{}, { principals: [{ identifiers: ref('aws_iam_role.knowledge_base.arn') }] }] },
  };
  return [
    key('logs', 'CloudWatch log groups', logsPolicy),
    alias('logs', 'logs'),
    key('secrets', 'Secrets Manager secrets', secretsPolicy),
    alias('secrets', 'secrets'),
    kbPolicyDocument,
    key('knowledge_base', 'Knowledge base vector store', {
      dataSource: 'data.aws_iam_policy_document.knowledge_base_key',
    }),
    alias('knowledge_base', 'knowledge_base'),
  ];
}

function blueprintStores(): ResourceSpec[] {
  const encryptionPolicy: ResourceSpec = {
    address: 'aws_opensearchserverless_security_policy.knowledge_base_encryption',
    values: { name: 'kb-encryption', type: 'encryption' },
    unknown: { id: true, policy: true, policy_version: true },
    expressions: {
      name: constant('kb-encryption'),
      type: constant('encryption'),
      policy: ref('aws_kms_key.knowledge_base.arn'),
    },
  };
  return [
    encrypted('aws_cloudwatch_log_group.flow_logs', 'kms_key_id', 'logs', {
      name: '/vpc/boundary/flow-logs',
      retention_in_days: 365,
    }),
    encrypted('aws_cloudwatch_log_group.inference', 'kms_key_id', 'logs', {
      name: '/aws/lambda/bedrock-inference',
      retention_in_days: 365,
    }),
    encrypted('aws_secretsmanager_secret.db_credentials', 'kms_key_id', 'secrets', { name: 'bedrock/db-credentials' }),
    encryptionPolicy,
    {
      address: 'aws_opensearchserverless_collection.knowledge_base',
      values: { name: 'kb-vectors', type: 'VECTORSEARCH' },
      unknown: { id: true, arn: true, collection_endpoint: true },
      expressions: { name: constant('kb-vectors'), type: constant('VECTORSEARCH') },
    },
  ];
}

function blueprintRoles(): ResourceSpec[] {
  // The endpoint id and the secret ARN are unknown until apply: the policy is rebuilt from its document.
  const workloadDocument: ResourceSpec = {
    address: 'data.aws_iam_policy_document.workload',
    values: {
      statement: [
        {
          sid: 'InvokeNamedModelThroughEndpoint',
          effect: 'Allow',
          actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
          resources: [MODEL_ARN],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceVpce', values: [null] }],
        },
        {
          sid: 'ReadDatabaseSecret',
          effect: 'Allow',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [null],
          condition: [],
        },
      ],
    },
    unknown: { id: true, json: true, statement: [{ condition: [{ values: [true] }] }, { resources: [true] }] },
    expressions: {
      statement: [
        { condition: [{ values: ref('aws_vpc_endpoint.bedrock_runtime.id') }] },
        { resources: ref('aws_secretsmanager_secret.db_credentials.arn') },
      ],
    },
  };
  const kbPolicy = doc(
    { Sid: 'EmbedWithNamedModel', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: EMBEDDING_MODEL_ARN },
    {
      Sid: 'UseVectorStore',
      Effect: 'Allow',
      Action: 'aoss:APIAccessAll',
      Resource: `arn:aws:aoss:${REGION}:${WORKLOAD_ACCOUNT}:collection/*`,
    },
  );
  return [
    role('workload', WORKLOAD_ROLE_ARN.split('/').pop() ?? 'bedrock-workload', [service('lambda.amazonaws.com')]),
    workloadDocument,
    rolePolicy('workload', 'aws_iam_role.workload', { dataSource: 'data.aws_iam_policy_document.workload' }),
    role('knowledge_base', 'bedrock-knowledge-base', [
      service('bedrock.amazonaws.com', { Condition: { StringEquals: { 'aws:SourceAccount': WORKLOAD_ACCOUNT } } }),
    ]),
    rolePolicy('knowledge_base', 'aws_iam_role.knowledge_base', kbPolicy),
  ];
}

export function blueprintKeysAndIdentity(): ResourceSpec[] {
  return [...blueprintKeys(), ...blueprintStores(), ...blueprintRoles()];
}

/** A key policy of about 33 KB: one statement per role, as a key shared by everything grows. */
function oversizedPolicy(): string {
  const statements: Statement[] = [keyAdministration];
  for (let i = 0; Buffer.byteLength(doc(...statements)) < 33 * 1024; i++) {
    statements.push({
      Sid: `Team${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/team-${i}-application-role` },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
    });
  }
  return doc(...statements);
}

function leakyKeys(): ResourceSpec[] {
  // "Anyone, as long as it comes through S3 or Secrets Manager": any account can.
  const sharedPolicy = doc(keyAdministration, {
    Sid: 'AnyoneViaServices',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
    Condition: {
      StringEquals: { 'kms:ViaService': [`secretsmanager.${REGION}.amazonaws.com`, `logs.${REGION}.amazonaws.com`] },
    },
  });
  return [
    key('shared', 'Everything', sharedPolicy, {
      enable_key_rotation: false,
      rotation_period_in_days: null,
      multi_region: true,
    }),
    key('everything', 'One key for every team', oversizedPolicy()),
    {
      address: 'aws_kms_replica_key.shared_eu',
      values: { region: 'eu-west-1', description: 'Replica for the EU team' },
      unknown: { id: true, arn: true, key_id: true, policy: true, primary_key_arn: true },
      expressions: { region: constant('eu-west-1'), primary_key_arn: ref('aws_kms_key.shared.arn') },
    },
  ];
}

function leakyStores(): ResourceSpec[] {
  return [
    {
      address: 'aws_cloudwatch_log_group.inference',
      values: { name: '/aws/lambda/bedrock-inference', retention_in_days: 30 },
      unknown: { arn: true, id: true },
    },
    {
      address: 'aws_secretsmanager_secret.api_key',
      values: { name: 'vendor/api-key', kms_key_id: 'alias/aws/secretsmanager' },
      unknown: { arn: true, id: true },
    },
    encrypted('aws_secretsmanager_secret.db_credentials', 'kms_key_id', 'shared', { name: 'bedrock/db-credentials' }),
    encrypted('aws_cloudwatch_log_group.agent', 'kms_key_id', 'shared', {
      name: '/bedrock/agent',
      retention_in_days: 30,
    }),
    {
      address: 'aws_cloudwatch_log_group.eu_copy',
      values: { name: '/copies/eu', region: 'eu-west-1' },
      unknown: { arn: true, id: true, kms_key_id: true },
    },
  ];
}

function leakyIdentities(): ResourceSpec[] {
  const github = (condition: Statement): Statement => ({
    Effect: 'Allow',
    Principal: { Federated: GITHUB_OIDC },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: condition,
  });
  const saml: Statement = {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${WORKLOAD_ACCOUNT}:saml-provider/corp-idp` },
    Action: 'sts:AssumeRoleWithSAML',
    Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
  };
  const admin = ['arn:aws:iam::aws:policy/AdministratorAccess'];
  return [
    { address: 'aws_iam_user.ci', values: { name: 'ci' }, unknown: { arn: true, id: true, unique_id: true } },
    {
      address: 'aws_iam_access_key.ci',
      values: { user: 'ci', status: 'Active' },
      unknown: { id: true, secret: true, ses_smtp_password_v4: true },
      sensitive: { secret: true, ses_smtp_password_v4: true },
      expressions: { user: ref('aws_iam_user.ci.name') },
    },
    {
      address: 'aws_iam_user_login_profile.ci',
      values: { user: 'ci' },
      unknown: { id: true, password: true },
      expressions: { user: ref('aws_iam_user.ci.name') },
    },
    role('workload', 'bedrock-workload', [service('lambda.amazonaws.com')], { max_session_duration: 43_200 }),
    rolePolicy(
      'workload',
      'aws_iam_role.workload',
      doc({ Sid: 'InvokeAnything', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }),
    ),
    role('batch', 'bedrock-batch', [service('ecs-tasks.amazonaws.com')]),
    rolePolicy(
      'batch',
      'aws_iam_role.batch',
      doc({
        Sid: 'InvokeGlobalProfile',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: `arn:aws:bedrock:${REGION}:${WORKLOAD_ACCOUNT}:inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0`,
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
      }),
    ),
    role('partner', 'partner-access', [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }]),
    role(
      'github_deploy',
      'github-deploy',
      [github({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })],
      { managed_policy_arns: admin },
    ),
    role('break_glass', 'break-glass', [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' }], {
      managed_policy_arns: admin,
    }),
    role('sso_admin', 'sso-admin', [saml], { managed_policy_arns: admin }),
    role('knowledge_base', 'bedrock-knowledge-base', [service('bedrock.amazonaws.com')]),
    rolePolicy(
      'knowledge_base',
      'aws_iam_role.knowledge_base',
      doc({ Sid: 'Embed', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: EMBEDDING_MODEL_ARN }),
    ),
  ];
}

export function leakyKeysAndIdentity(): ResourceSpec[] {
  return [...leakyKeys(), ...leakyStores(), ...leakyIdentities()];
}
