/**
 * Plan adapters for persistent stores other than S3 buckets (KMS-001's table): CloudWatch log
 * groups, Secrets Manager, DynamoDB, RDS/Aurora, OpenSearch (and Serverless collections with their
 * encryption security policies), EBS, EFS, SQS, SNS, and Bedrock knowledge bases, data sources,
 * agents, guardrails and custom models.
 *
 * Each store names its key in its own attribute, often Optional+Computed: left unset, the plan shows
 * it unknown and the service picks its default (an AWS owned key, or the `aws/<service>` managed
 * key). The configuration tells the two apart, so an unset key is the default, not an unknown.
 * Automatic-upgrade settings of RDS and OpenSearch are written into these entities by upgrades.ts.
 *
 * Longer than most modules: the encryption reading every store shares and the one table of stores that
 * uses it belong together; the databases added later live in databases.ts.
 */
import { citeDefault, DEFAULTS, type DocumentedDefault } from '../../model/defaults.js';
import type { DataStore } from '../../model/types.js';
import { isObject, own } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import {
  attributeState,
  bool,
  metaOf,
  num,
  refAt,
  referencedAddresses,
  str,
  tags,
  unknownAt,
  type Adapter,
  type AdapterContext,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import type { Folder } from './fold.js';

export interface EncryptionSpec {
  storeKind: string;
  keyPath: Path;
  /** What encrypts the store when no key is named. */
  whenNoKey: string;
  /** Attribute that switches encryption on, and its documented default (defaults.ts). */
  enabledPath?: Path;
  enabledDefault?: DocumentedDefault<boolean> | ((raw: RawResource) => DocumentedDefault<boolean>);
  /** What applies when encryption is switched off (default: nothing). */
  whenDisabled?: string;
  /** "Off" still encrypts, with the service's own key (DynamoDB). */
  disabledStillEncrypts?: boolean;
  /** A default that account state decides (EBS encryption by default): no plan settles it. */
  accountDecides?: DocumentedDefault<string>;
}

type Encryption = Pick<DataStore, 'encrypted' | 'kmsKey' | 'kmsKeyRaw' | 'defaultEncryption' | 'decidedByAccount'>;

/** Fields the encryption reading took from a documented default, with the citation. */
type Defaulted = Map<'encrypted' | 'kmsKey', string>;

function encryption(
  ctx: AdapterContext,
  raw: RawResource,
  spec: EncryptionSpec,
  unknown: Set<string>,
  defaulted: Defaulted,
): Encryption {
  const raw_ = str(raw, spec.keyPath);
  if (raw_)
    return {
      encrypted: enabledOf(raw, spec, unknown, defaulted),
      kmsKey: refAt(ctx, raw, spec.keyPath),
      kmsKeyRaw: raw_,
    };
  const keyState = attributeState(raw, spec.keyPath);
  if (keyState === 'unknown' || (keyState === 'given' && unknownAt(raw, spec.keyPath))) {
    // Set to something only known after apply: a key (or alias) created by this plan, found by address.
    return { encrypted: enabledOf(raw, spec, unknown, defaulted), kmsKey: refAt(ctx, raw, spec.keyPath) };
  }
  // Unset: the service's default key applies; the computed value shown unknown is not a real unknown.
  unknown.delete('kmsKey');
  if (spec.accountDecides) {
    // Whatever `encrypted` says, the account's encryption-by-default setting can still encrypt the
    // volume, with the account's default key: only that setting decides.
    unknown.delete('encrypted');
    defaulted.set('kmsKey', citeDefault(spec.accountDecides));
    return { decidedByAccount: spec.accountDecides.accountSetting ?? spec.accountDecides.means };
  }
  const enabled = enabledOf(raw, spec, unknown, defaulted);
  if (enabled === false && spec.disabledStillEncrypts) {
    const why = defaulted.get('encrypted');
    if (why) defaulted.set('kmsKey', why);
  }
  if (enabled === false)
    return spec.disabledStillEncrypts
      ? { encrypted: true, defaultEncryption: spec.whenDisabled }
      : { encrypted: false, defaultEncryption: spec.whenDisabled ?? 'none' };
  defaulted.set('kmsKey', spec.whenNoKey);
  return { encrypted: enabled, defaultEncryption: spec.whenNoKey };
}

/** Whether encryption is switched on: as written, the documented default, or unknown until apply. */
function enabledOf(
  raw: RawResource,
  spec: EncryptionSpec,
  unknown: Set<string>,
  defaulted: Defaulted,
): boolean | undefined {
  if (!spec.enabledPath) return true;
  const state = attributeState(raw, spec.enabledPath);
  if (state === 'given') return bool(raw, spec.enabledPath);
  if (state === 'unknown') return undefined;
  const d = typeof spec.enabledDefault === 'function' ? spec.enabledDefault(raw) : spec.enabledDefault;
  if (!d) return undefined;
  unknown.delete('encrypted');
  defaulted.set('encrypted', citeDefault(d));
  return d.value;
}

export function store(
  spec: EncryptionSpec,
  extra?: (raw: RawResource, ctx: AdapterContext) => Partial<DataStore>,
): Adapter {
  return (raw, ctx) => {
    const fields: Record<string, Path> = { kmsKey: spec.keyPath, kmsKeyRaw: spec.keyPath };
    if (spec.enabledPath) fields.encrypted = spec.enabledPath;
    const meta = metaOf(raw, fields);
    const unknown = new Set(meta.unknown ?? []);
    const defaulted: Defaulted = new Map();
    const enc = encryption(ctx, raw, spec, unknown, defaulted);
    if (!unknown.has('kmsKey')) unknown.delete('kmsKeyRaw');
    meta.unknown = unknown.size ? [...unknown] : undefined;
    if (defaulted.size) meta.defaults = Object.fromEntries(defaulted);
    ctx.emit({
      kind: 'DataStore',
      meta,
      id: str(raw, ['id']),
      arn: str(raw, ['arn']),
      // Agents name themselves in `agent_name`, the other stores in one of the first three.
      name: str(raw, ['name']) ?? str(raw, ['identifier']) ?? str(raw, ['domain_name']) ?? str(raw, ['agent_name']),
      tags: tags(raw),
      storeKind: spec.storeKind,
      ...enc,
      ...extra?.(raw, ctx),
    });
  };
}

const AWS_OWNED = 'AWS owned key';

const logGroup = store({ storeKind: 'log-group', keyPath: ['kms_key_id'], whenNoKey: AWS_OWNED }, (raw) => ({
  retentionDays: num(raw, ['retention_in_days']),
}));

const rds = (storeKind: string): Adapter =>
  store({
    storeKind,
    keyPath: ['kms_key_id'],
    whenNoKey: DEFAULTS.rdsKey.value,
    enabledPath: ['storage_encrypted'],
    whenDisabled: 'storage_encrypted is off',
    // Aurora Serverless v1 clusters are always encrypted; provisioned ones only when asked.
    enabledDefault: (raw) =>
      str(raw, ['engine_mode']) === 'serverless'
        ? DEFAULTS.rdsServerlessStorageEncrypted
        : DEFAULTS.rdsStorageEncrypted,
  });

const opensearch = store({
  storeKind: 'opensearch',
  keyPath: ['encrypt_at_rest', 0, 'kms_key_id'],
  whenNoKey: 'alias/aws/es',
  enabledPath: ['encrypt_at_rest', 0, 'enabled'],
  enabledDefault: DEFAULTS.opensearchEncryption,
});

/** Model ARNs / ids a knowledge base or agent names, for RES-002. */
function modelArns(raw: RawResource, paths: Path[]): Partial<DataStore> {
  const arns = paths.map((p) => str(raw, p)).filter((a): a is string => !!a);
  return arns.length ? { modelArns: arns } : {};
}

/** Serverless collections get their key from encryption security policies, folded in below. */
const serverlessCollection: Adapter = (raw, ctx) => {
  ctx.emit({
    kind: 'DataStore',
    meta: metaOf(raw, {}),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    storeKind: 'opensearch-serverless',
  });
};

export const dataStoreAdapters: Record<string, Adapter> = {
  aws_cloudwatch_log_group: logGroup,
  aws_secretsmanager_secret: store({
    storeKind: 'secret',
    keyPath: ['kms_key_id'],
    whenNoKey: 'alias/aws/secretsmanager',
  }),
  aws_dynamodb_table: store({
    storeKind: 'dynamodb',
    keyPath: ['server_side_encryption', 0, 'kms_key_arn'],
    whenNoKey: DEFAULTS.dynamodbKey.value,
    enabledPath: ['server_side_encryption', 0, 'enabled'],
    enabledDefault: DEFAULTS.dynamodbEncryption,
    // DynamoDB always encrypts; "disabled" means its own AWS owned key.
    whenDisabled: AWS_OWNED,
    disabledStillEncrypts: true,
  }),
  aws_db_instance: rds('rds'),
  aws_rds_cluster: rds('aurora'),
  aws_opensearch_domain: opensearch,
  aws_elasticsearch_domain: opensearch,
  aws_opensearchserverless_collection: serverlessCollection,
  aws_ebs_volume: store({
    storeKind: 'ebs',
    keyPath: ['kms_key_id'],
    whenNoKey: 'alias/aws/ebs',
    enabledPath: ['encrypted'],
    accountDecides: DEFAULTS.ebsEncryption,
  }),
  aws_efs_file_system: store({
    storeKind: 'efs',
    keyPath: ['kms_key_id'],
    whenNoKey: 'alias/aws/elasticfilesystem',
    enabledPath: ['encrypted'],
    enabledDefault: DEFAULTS.efsEncrypted,
  }),
  aws_sqs_queue: store(
    { storeKind: 'sqs', keyPath: ['kms_master_key_id'], whenNoKey: DEFAULTS.sqsManagedSse.value },
    (raw) =>
      bool(raw, ['sqs_managed_sse_enabled']) === false &&
      !str(raw, ['kms_master_key_id']) &&
      !unknownAt(raw, ['kms_master_key_id'])
        ? { encrypted: false, defaultEncryption: 'none' }
        : {},
  ),
  aws_sns_topic: store({ storeKind: 'sns', keyPath: ['kms_master_key_id'], whenNoKey: 'none' }, (raw) =>
    !str(raw, ['kms_master_key_id']) && !unknownAt(raw, ['kms_master_key_id']) ? { encrypted: false } : {},
  ),
  aws_bedrockagent_data_source: store({
    storeKind: 'bedrock-data-source',
    keyPath: ['server_side_encryption_configuration', 0, 'kms_key_arn'],
    whenNoKey: AWS_OWNED,
  }),
  aws_bedrockagent_agent: store(
    { storeKind: 'bedrock-agent', keyPath: ['customer_encryption_key_arn'], whenNoKey: AWS_OWNED },
    (raw) => modelArns(raw, [['foundation_model']]),
  ),
  aws_bedrock_guardrail: store({ storeKind: 'bedrock-guardrail', keyPath: ['kms_key_arn'], whenNoKey: AWS_OWNED }),
  aws_bedrock_custom_model: store(
    { storeKind: 'bedrock-custom-model', keyPath: ['custom_model_kms_key_id'], whenNoKey: AWS_OWNED },
    (raw) => modelArns(raw, [['base_model_identifier']]),
  ),
  // The knowledge base stores nothing itself (its vector store does); it is here for the models it names.
  aws_bedrockagent_knowledge_base: (raw, ctx) => {
    ctx.emit({
      kind: 'DataStore',
      meta: metaOf(raw, {}),
      id: str(raw, ['id']),
      arn: str(raw, ['arn']),
      name: str(raw, ['name']),
      tags: tags(raw),
      storeKind: 'bedrock-knowledge-base',
      ...modelArns(raw, [
        ['knowledge_base_configuration', 0, 'vector_knowledge_base_configuration', 0, 'embedding_model_arn'],
      ]),
    });
  },
};

/** Collection names an OpenSearch Serverless rule resource pattern (`collection/logs-*`) covers. */
function coversCollection(pattern: string, name: string): boolean {
  const p = pattern.startsWith('collection/') ? pattern.slice('collection/'.length) : pattern;
  if (p === '*') return true;
  return p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p;
}

/**
 * `aws_opensearchserverless_security_policy` of type `encryption`: `{"Rules": [{"ResourceType":
 * "collection", "Resource": ["collection/name"]}], "AWSOwnedKey": true | "KmsARN": "..."}`.
 */
const serverlessEncryptionPolicy: Folder = (raw, ctx) => {
  if (str(raw, ['type']) !== 'encryption') return;
  const collections =
    ctx.inventory.byKind
      .get('DataStore')
      ?.filter((d): d is DataStore => d.kind === 'DataStore' && d.storeKind === 'opensearch-serverless') ?? [];
  const text = str(raw, ['policy']);
  let doc: unknown;
  try {
    doc = text ? JSON.parse(text) : undefined;
  } catch {
    doc = undefined;
  }
  const origin = `${raw.address}.policy`;
  if (!isObject(doc)) {
    // Unknown (or unreadable) policy: every collection it might cover is unknown, unless matched elsewhere.
    const keyAddress = referencedAddresses(ctx, raw, ['policy']).find((a) => a.includes('aws_kms_key'));
    for (const c of collections.filter((c) => !c.kmsKey && !c.defaultEncryption)) {
      if (keyAddress) c.kmsKey = { address: keyAddress };
      else (c.meta.unknown ??= []).push('kmsKey');
      (c.meta.origin ??= {}).kmsKey = origin;
    }
    return;
  }
  const rules = own(doc, 'Rules');
  const patterns = (Array.isArray(rules) ? rules : []).flatMap((r) => {
    const res = own(r, 'Resource');
    return own(r, 'ResourceType') === 'collection' && Array.isArray(res)
      ? res.filter((x): x is string => typeof x === 'string')
      : [];
  });
  const kmsArn = own(doc, 'KmsARN');
  for (const c of collections) {
    if (!c.name || !patterns.some((p) => coversCollection(p, c.name ?? ''))) continue;
    if (typeof kmsArn === 'string' && kmsArn) {
      c.kmsKey = { id: kmsArn };
      c.kmsKeyRaw = kmsArn;
    } else {
      c.defaultEncryption = AWS_OWNED;
    }
    c.encrypted = true;
    (c.meta.origin ??= {}).kmsKey = origin;
  }
};

export const dataStoreFolders: Record<string, Folder> = {
  aws_opensearchserverless_security_policy: serverlessEncryptionPolicy,
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const dataStoreFills: Fills = {
  aws_cloudwatch_log_group: ['DataStore'],
  aws_secretsmanager_secret: ['DataStore'],
  aws_dynamodb_table: ['DataStore'],
  aws_db_instance: ['DataStore'],
  aws_rds_cluster: ['DataStore'],
  aws_opensearch_domain: ['DataStore'],
  aws_elasticsearch_domain: ['DataStore'],
  aws_opensearchserverless_collection: ['DataStore'],
  aws_opensearchserverless_security_policy: ['DataStore'],
  aws_ebs_volume: ['DataStore'],
  aws_efs_file_system: ['DataStore'],
  aws_sqs_queue: ['DataStore'],
  aws_sns_topic: ['DataStore'],
  aws_bedrockagent_data_source: ['DataStore'],
  aws_bedrockagent_agent: ['DataStore'],
  aws_bedrock_guardrail: ['DataStore'],
  aws_bedrock_custom_model: ['DataStore'],
  aws_bedrockagent_knowledge_base: ['DataStore'],
};
