/**
 * The plan half of the store parity deployment (storesA.deployment.ts, first region): the same keys and
 * stores written as a `terraform show -json` plan (AWS provider v5), with ids, ARNs and keys referenced
 * across resources unknown until apply, and Optional+Computed attributes the configuration leaves unset
 * unknown in `after_unknown` and absent from `configuration`, as Terraform writes them.
 */
import {
  constant,
  ref,
  type JsonValue,
  type Planned,
  type PlanSpec,
  type ResourceSpec,
  planned,
} from '../support/planBuilder.js';
import { STORES_A, STORES_ACCOUNT, STORES_KEY_POLICY, STORES_REGION } from './storesA.deployment.js';

type Values = Record<string, JsonValue>;

const nameTags = (name: string): Values => ({ tags: { Name: name }, tags_all: { Name: name } });

function key(name: 'data' | 'messaging', alias: string): ResourceSpec[] {
  return [
    planned({
      address: `aws_kms_key.${name}`,
      known: {
        description: name === 'data' ? 'data stores' : 'messaging',
        enable_key_rotation: true,
        rotation_period_in_days: 365,
        key_usage: 'ENCRYPT_DECRYPT',
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        is_enabled: true,
        multi_region: false,
        bypass_policy_lockout_safety_check: false,
        policy: JSON.stringify(STORES_KEY_POLICY),
      },
      computed: ['id', 'arn', 'key_id'],
    }),
    planned({
      address: `aws_kms_alias.${name}`,
      known: { name: alias },
      refs: { target_key_id: `aws_kms_key.${name}.key_id` },
      computed: ['id', 'arn', 'target_key_arn'],
    }),
  ];
}

const DB_COMPUTED = ['id', 'arn', 'endpoint', 'address', 'resource_id'];
const login = { username: 'admin_user', password: null };

export function storesPlanSpec(): PlanSpec {
  const resources: ResourceSpec[] = [
    ...key('data', STORES_A.dataKeyAlias),
    ...key('messaging', STORES_A.messagingKeyAlias),
    planned({
      address: 'aws_db_instance.cmk',
      known: {
        identifier: STORES_A.db.cmk,
        engine: 'postgres',
        instance_class: 'db.t3.micro',
        allocated_storage: 20,
        storage_encrypted: true,
        auto_minor_version_upgrade: false,
        ...login,
      },
      refs: { kms_key_id: 'aws_kms_key.data.arn' },
      computed: DB_COMPUTED,
    }),
    planned({
      address: 'aws_db_instance.plain',
      known: {
        identifier: STORES_A.db.plain,
        engine: 'postgres',
        instance_class: 'db.t3.micro',
        allocated_storage: 20,
        storage_encrypted: false,
        auto_minor_version_upgrade: true,
        publicly_accessible: true,
        ...login,
      },
      computed: [...DB_COMPUTED, 'kms_key_id'],
    }),
    ...(['pinned', 'upgrading'] as const).flatMap((which) => {
      const c = STORES_A.aurora[which];
      return [
        planned({
          address: `aws_rds_cluster.${which}`,
          known: {
            cluster_identifier: c.id,
            engine: 'aurora-postgresql',
            storage_encrypted: true,
            auto_minor_version_upgrade: false,
            master_username: 'admin_user',
            ...nameTags(c.id),
          },
          refs: { kms_key_id: 'aws_kms_key.data.arn' },
          computed: ['id', 'arn', 'endpoint', 'cluster_members'],
        }),
        planned({
          address: `aws_rds_cluster_instance.${which}`,
          known: {
            identifier: c.instance,
            engine: 'aurora-postgresql',
            instance_class: 'db.r5.large',
            auto_minor_version_upgrade: which === 'upgrading',
            publicly_accessible: which === 'upgrading',
          },
          refs: { cluster_identifier: `aws_rds_cluster.${which}.id` },
          computed: ['id', 'arn', 'endpoint'],
        }),
      ];
    }),
    ...(['owned', 'cmk', 'managed'] as const).map((which) => {
      const table: Planned = {
        address: `aws_dynamodb_table.${which}`,
        known: {
          name: STORES_A.table[which],
          billing_mode: 'PAY_PER_REQUEST',
          hash_key: 'pk',
          attribute: [{ name: 'pk', type: 'S' }],
        },
        computed: ['id', 'arn'],
      };
      if (which === 'cmk') {
        table.known.server_side_encryption = [{ enabled: true }];
        table.expressions = {
          server_side_encryption: [{ enabled: constant(true), kms_key_arn: ref('aws_kms_key.data.arn') }],
        };
        table.unknown = { server_side_encryption: [{ kms_key_arn: true }] };
      } else if (which === 'managed') {
        // Enabled without a key: DynamoDB's AWS managed key; the provider computes kms_key_arn.
        table.known.server_side_encryption = [{ enabled: true }];
        table.unknown = { server_side_encryption: [{ kms_key_arn: true }] };
      }
      return planned(table);
    }),
    planned({
      address: 'aws_opensearch_domain.cmk',
      known: {
        domain_name: STORES_A.domain.cmk,
        encrypt_at_rest: [{ enabled: true }],
        software_update_options: [{ auto_software_update_enabled: false }],
      },
      expressions: {
        encrypt_at_rest: [{ enabled: constant(true), kms_key_id: ref('aws_kms_key.data.arn') }],
      },
      unknown: { encrypt_at_rest: [{ kms_key_id: true }] },
      computed: ['id', 'arn', 'endpoint'],
    }),
    planned({
      address: 'aws_opensearch_domain.plain',
      known: { domain_name: STORES_A.domain.plain },
      computed: ['id', 'arn', 'endpoint', 'encrypt_at_rest', 'software_update_options'],
    }),
    planned({
      address: 'aws_sqs_queue.sse',
      known: { name: STORES_A.queue.sse },
      computed: ['id', 'arn', 'url', 'sqs_managed_sse_enabled', 'kms_master_key_id'],
    }),
    planned({
      address: 'aws_sqs_queue.cmk',
      known: { name: STORES_A.queue.cmk },
      refs: { kms_master_key_id: 'aws_kms_key.messaging.arn' },
      computed: ['id', 'arn', 'url', 'sqs_managed_sse_enabled'],
    }),
    planned({
      address: 'aws_sqs_queue.none',
      known: { name: STORES_A.queue.none, sqs_managed_sse_enabled: false },
      computed: ['id', 'arn', 'url', 'kms_master_key_id'],
    }),
    planned({ address: 'aws_sns_topic.plain', known: { name: STORES_A.topic.plain }, computed: ['id', 'arn'] }),
    planned({
      address: 'aws_sns_topic.cmk',
      known: { name: STORES_A.topic.cmk },
      refs: { kms_master_key_id: 'aws_kms_key.messaging.arn' },
      computed: ['id', 'arn'],
    }),
    planned({
      address: 'aws_sns_topic.managed',
      known: { name: STORES_A.topic.managed, kms_master_key_id: 'alias/aws/sns' },
      computed: ['id', 'arn'],
    }),
    planned({
      address: 'aws_ebs_volume.cmk',
      known: { availability_zone: `${STORES_REGION}a`, size: 8, encrypted: true, ...nameTags(STORES_A.volume.cmk) },
      refs: { kms_key_id: 'aws_kms_key.data.arn' },
      computed: ['id', 'arn'],
    }),
    planned({
      address: 'aws_ebs_volume.plain',
      known: { availability_zone: `${STORES_REGION}a`, size: 8, encrypted: false, ...nameTags(STORES_A.volume.plain) },
      computed: ['id', 'arn', 'kms_key_id'],
    }),
  ];
  return { providers: { aws: { region: STORES_REGION, allowedAccountIds: [STORES_ACCOUNT] } }, resources };
}
