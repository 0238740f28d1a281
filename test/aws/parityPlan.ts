/**
 * The parity deployment, plan half: the resources `parityDeployment.ts` creates in moto, written as a
 * Terraform plan in the exact `terraform show -json` shape (AWS provider v5 split resources, ids and
 * ARNs unknown until apply, cross-resource arguments as `configuration` references).
 *
 * Every value comes from `PARITY` and the shared policy documents, so the two halves say the same thing.
 * EC2 resources carry the same `Name` tags as the live ones; the rest share natural names.
 */
import { constant, ref, type JsonValue, type PlanSpec, type ResourceSpec, planned } from '../support/planBuilder.js';
import {
  PARITY,
  PARITY_ACCOUNT,
  PARITY_BUCKET_POLICY,
  PARITY_ENDPOINT_POLICY,
  PARITY_EVENT_SELECTORS,
  PARITY_KEY_POLICY,
  PARITY_OBJECT_LOCK,
  PARITY_REGION,
  PARITY_TRUST_POLICY,
} from './parityDeployment.js';

type Values = Record<string, JsonValue>;

function nameTags(name: string): Values {
  return { tags: { Name: name }, tags_all: { Name: name } };
}

const json = (doc: object): string => JSON.stringify(doc);

const EC2_COMPUTED = ['id', 'arn', 'owner_id'];

export function parityPlanSpec(): PlanSpec {
  const subnets = PARITY.subnets.map((s, i) =>
    planned({
      address: `aws_subnet.private[${i}]`,
      known: {
        cidr_block: s.cidr,
        availability_zone: s.az,
        map_public_ip_on_launch: false,
        assign_ipv6_address_on_creation: false,
        ...nameTags(s.name),
      },
      refs: { vpc_id: 'aws_vpc.main.id' },
      computed: EC2_COMPUTED,
    }),
  );
  const resources: ResourceSpec[] = [
    planned({
      address: 'aws_vpc.main',
      known: {
        cidr_block: PARITY.vpc.cidr,
        enable_dns_support: true,
        enable_dns_hostnames: true,
        instance_tenancy: 'default',
        ...nameTags(PARITY.vpc.name),
      },
      computed: [...EC2_COMPUTED, 'default_route_table_id', 'default_security_group_id', 'main_route_table_id'],
    }),
    ...subnets,
    planned({
      address: 'aws_subnet.public',
      known: {
        cidr_block: PARITY.publicSubnet.cidr,
        availability_zone: PARITY.publicSubnet.az,
        map_public_ip_on_launch: false,
        assign_ipv6_address_on_creation: false,
        ...nameTags(PARITY.publicSubnet.name),
      },
      refs: { vpc_id: 'aws_vpc.main.id' },
      computed: EC2_COMPUTED,
    }),
    planned({
      address: 'aws_internet_gateway.main',
      known: nameTags(PARITY.igw),
      refs: { vpc_id: 'aws_vpc.main.id' },
      computed: EC2_COMPUTED,
    }),
    planned({
      address: 'aws_eip.nat',
      known: { domain: 'vpc', ...nameTags(PARITY.eip) },
      computed: ['id', 'allocation_id', 'public_ip', 'public_dns'],
    }),
    planned({
      address: 'aws_nat_gateway.main',
      known: { connectivity_type: 'public', ...nameTags(PARITY.nat) },
      refs: { subnet_id: 'aws_subnet.public.id', allocation_id: 'aws_eip.nat.id' },
      computed: ['id', 'network_interface_id', 'private_ip', 'public_ip'],
    }),
    planned({
      address: 'aws_route_table.public',
      known: nameTags(PARITY.publicRouteTable),
      refs: { vpc_id: 'aws_vpc.main.id' },
      computed: [...EC2_COMPUTED, 'route'],
    }),
    planned({
      address: 'aws_route.public_default',
      known: { destination_cidr_block: '0.0.0.0/0' },
      refs: { route_table_id: 'aws_route_table.public.id', gateway_id: 'aws_internet_gateway.main.id' },
      computed: ['id'],
    }),
    planned({
      address: 'aws_route_table_association.public',
      known: {},
      refs: { route_table_id: 'aws_route_table.public.id', subnet_id: 'aws_subnet.public.id' },
      computed: ['id'],
    }),
    planned({
      address: 'aws_route_table.private',
      known: nameTags(PARITY.privateRouteTable),
      refs: { vpc_id: 'aws_vpc.main.id' },
      computed: [...EC2_COMPUTED, 'route'],
    }),
    planned({
      address: 'aws_route.private_default',
      known: { destination_cidr_block: '0.0.0.0/0' },
      refs: { route_table_id: 'aws_route_table.private.id', nat_gateway_id: 'aws_nat_gateway.main.id' },
      computed: ['id'],
    }),
    // `count = length(aws_subnet.private)`, `subnet_id = aws_subnet.private[count.index].id`: one
    // configuration for both instances, as Terraform writes it.
    ...PARITY.subnets.map((_, i) =>
      planned({
        address: `aws_route_table_association.private[${i}]`,
        known: {},
        refs: { route_table_id: 'aws_route_table.private.id' },
        expressions: { subnet_id: { references: ['aws_subnet.private', 'count.index'] } },
        unknown: { subnet_id: true },
        computed: ['id'],
      }),
    ),
    planned({
      address: 'aws_security_group.endpoints',
      known: {
        name: PARITY.securityGroup.name,
        description: PARITY.securityGroup.description,
        revoke_rules_on_delete: false,
        ingress: [
          {
            description: '',
            protocol: 'tcp',
            from_port: 443,
            to_port: 443,
            cidr_blocks: [PARITY.vpc.cidr],
            ipv6_cidr_blocks: [],
            prefix_list_ids: [],
            security_groups: [],
            self: false,
          },
        ],
        egress: [
          {
            description: '',
            protocol: '-1',
            from_port: 0,
            to_port: 0,
            cidr_blocks: ['0.0.0.0/0'],
            ipv6_cidr_blocks: [],
            prefix_list_ids: [],
            security_groups: [],
            self: false,
          },
        ],
        ...nameTags(PARITY.securityGroup.name),
      },
      refs: { vpc_id: 'aws_vpc.main.id' },
      computed: EC2_COMPUTED,
    }),
    // No `policy` argument: AWS attaches its full-access default document.
    planned({
      address: 'aws_vpc_endpoint.s3',
      known: {
        service_name: `com.amazonaws.${PARITY_REGION}.s3`,
        vpc_endpoint_type: 'Gateway',
        private_dns_enabled: false,
        ...nameTags(PARITY.s3Endpoint),
      },
      refs: { vpc_id: 'aws_vpc.main.id', route_table_ids: 'aws_route_table.private.id' },
      computed: [
        ...EC2_COMPUTED,
        'policy',
        'subnet_ids',
        'security_group_ids',
        'network_interface_ids',
        'dns_entry',
        'prefix_list_id',
        'cidr_blocks',
        'state',
      ],
    }),
    planned({
      address: 'aws_vpc_endpoint.kms',
      known: {
        service_name: `com.amazonaws.${PARITY_REGION}.kms`,
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        policy: json(PARITY_ENDPOINT_POLICY),
        ...nameTags(PARITY.kmsEndpoint),
      },
      // `subnet_ids = aws_subnet.private[*].id`: Terraform records the splat as a reference to the resource.
      refs: {
        vpc_id: 'aws_vpc.main.id',
        subnet_ids: 'aws_subnet.private',
        security_group_ids: 'aws_security_group.endpoints.id',
      },
      computed: [
        ...EC2_COMPUTED,
        'route_table_ids',
        'network_interface_ids',
        'dns_entry',
        'prefix_list_id',
        'cidr_blocks',
        'state',
      ],
    }),
    planned({
      address: 'aws_flow_log.vpc',
      known: {
        traffic_type: 'ALL',
        log_destination_type: 's3',
        max_aggregation_interval: 600,
        ...nameTags(PARITY.flowLog),
      },
      refs: { vpc_id: 'aws_vpc.main.id', log_destination: 'aws_s3_bucket.audit.arn' },
      computed: ['id', 'arn', 'log_format'],
    }),

    planned({
      address: 'aws_kms_key.audit',
      known: {
        description: 'parity audit logs',
        enable_key_rotation: true,
        rotation_period_in_days: 365,
        key_usage: 'ENCRYPT_DECRYPT',
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        is_enabled: true,
        multi_region: false,
        bypass_policy_lockout_safety_check: false,
        policy: json(PARITY_KEY_POLICY),
      },
      computed: ['id', 'arn', 'key_id'],
    }),
    planned({
      address: 'aws_kms_alias.audit',
      known: { name: PARITY.keyAlias },
      refs: { target_key_id: 'aws_kms_key.audit.key_id' },
      computed: ['id', 'arn', 'target_key_arn'],
    }),

    planned({
      address: 'aws_iam_user.deployer',
      known: { name: PARITY.user, path: '/', force_destroy: false },
      computed: ['id', 'arn', 'unique_id'],
    }),
    planned({
      address: 'aws_iam_access_key.deployer',
      known: { status: 'Active' },
      refs: { user: 'aws_iam_user.deployer.name' },
      computed: ['id', 'secret', 'ses_smtp_password_v4', 'create_date', 'encrypted_secret', 'key_fingerprint'],
    }),
    planned({
      address: 'aws_iam_role.workload',
      known: {
        name: PARITY.role.name,
        path: '/',
        max_session_duration: PARITY.role.maxSessionDuration,
        assume_role_policy: json(PARITY_TRUST_POLICY),
        force_detach_policies: false,
      },
      computed: ['id', 'arn', 'unique_id', 'create_date', 'managed_policy_arns', 'inline_policy'],
    }),

    planned({
      address: 'aws_s3_bucket.audit',
      known: { bucket: PARITY.bucket, force_destroy: false, object_lock_enabled: true },
      computed: [
        'id',
        'arn',
        'bucket_domain_name',
        'region',
        'policy',
        'versioning',
        'server_side_encryption_configuration',
        'object_lock_configuration',
      ],
    }),
    planned({
      address: 'aws_s3_bucket_versioning.audit',
      known: { versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] },
      refs: { bucket: 'aws_s3_bucket.audit.id' },
      computed: ['id'],
    }),
    planned({
      address: 'aws_s3_bucket_object_lock_configuration.audit',
      known: {
        object_lock_enabled: 'Enabled',
        rule: [{ default_retention: [{ mode: PARITY_OBJECT_LOCK.mode, years: PARITY_OBJECT_LOCK.years, days: null }] }],
      },
      refs: { bucket: 'aws_s3_bucket.audit.id' },
      computed: ['id'],
    }),
    planned({
      address: 'aws_s3_bucket_policy.audit',
      known: { policy: json(PARITY_BUCKET_POLICY) },
      refs: { bucket: 'aws_s3_bucket.audit.id' },
      computed: ['id'],
    }),
    planned({
      address: 'aws_s3_bucket_public_access_block.audit',
      known: {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
      refs: { bucket: 'aws_s3_bucket.audit.id' },
      computed: ['id'],
    }),

    planned({
      address: 'aws_cloudtrail.main',
      known: {
        name: PARITY.trail,
        is_multi_region_trail: true,
        enable_log_file_validation: true,
        include_global_service_events: true,
        is_organization_trail: false,
        enable_logging: true,
        event_selector: [],
        advanced_event_selector: PARITY_EVENT_SELECTORS.map((s) => ({
          name: s.Name,
          field_selector: s.FieldSelectors.map((f) => ({
            field: f.Field,
            equals: f.Equals,
            not_equals: [],
            starts_with: [],
            ends_with: [],
            not_starts_with: [],
            not_ends_with: [],
          })),
        })),
      },
      refs: { s3_bucket_name: 'aws_s3_bucket.audit.id', kms_key_id: 'aws_kms_key.audit.arn' },
      computed: ['id', 'arn', 'home_region'],
    }),
    planned({
      address: 'aws_bedrock_model_invocation_logging_configuration.main',
      known: {
        logging_config: [
          {
            text_data_delivery_enabled: true,
            image_data_delivery_enabled: true,
            embedding_data_delivery_enabled: true,
            s3_config: [{ key_prefix: PARITY.bedrockPrefix }],
          },
        ],
      },
      expressions: {
        logging_config: [
          {
            text_data_delivery_enabled: constant(true),
            image_data_delivery_enabled: constant(true),
            embedding_data_delivery_enabled: constant(true),
            s3_config: [{ bucket_name: ref('aws_s3_bucket.audit.id'), key_prefix: constant(PARITY.bedrockPrefix) }],
          },
        ],
      },
      unknown: { logging_config: [{ s3_config: [{ bucket_name: true }] }] },
      computed: ['id'],
    }),
    planned({
      address: 'aws_cloudwatch_log_group.invocations',
      known: {
        name: PARITY.logGroup.name,
        retention_in_days: PARITY.logGroup.retentionDays,
        skip_destroy: false,
        log_group_class: 'STANDARD',
      },
      refs: { kms_key_id: 'aws_kms_key.audit.arn' },
      computed: ['id', 'arn'],
    }),
  ];
  // `allowed_account_ids` tells the plan which account it deploys to, as the live scan learns from STS.
  return { providers: { aws: { region: PARITY_REGION, allowedAccountIds: [PARITY_ACCOUNT] } }, resources };
}
