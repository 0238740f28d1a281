// Resource factories for the synthetic plan generator: each returns the attribute values Terraform would plan for one
// resource instance, which attributes are unknown until apply, and which are sensitive, in the AWS provider's shape.

const REGION = 'us-east-1';
export const ACCOUNT_ID = '111122223333';

/** Deterministic PRNG (mulberry32) so every run and every size produces the same bytes for the same seed. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    hex: (length) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}

const policy = (statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function tagsFor(segment, name) {
  return {
    Name: `${segment.key}-${name}`,
    Segment: segment.key,
    Environment: 'prod',
    CostCenter: `cc-${segment.index % 97}`,
  };
}

/** Every factory returns { values, unknown: [attribute names], sensitive?: object mirroring sensitive paths }. */
const factories = {
  aws_vpc(segment) {
    return {
      values: {
        assign_generated_ipv6_cidr_block: null,
        cidr_block: segment.cidr,
        enable_dns_hostnames: true,
        enable_dns_support: true,
        enable_network_address_usage_metrics: false,
        instance_tenancy: 'default',
        ipv4_ipam_pool_id: null,
        ipv4_netmask_length: null,
        ipv6_ipam_pool_id: null,
        ipv6_netmask_length: null,
        tags: tagsFor(segment, 'vpc'),
        tags_all: tagsFor(segment, 'vpc'),
      },
      unknown: [
        'arn',
        'default_network_acl_id',
        'default_route_table_id',
        'default_security_group_id',
        'dhcp_options_id',
        'id',
        'ipv6_association_id',
        'ipv6_cidr_block',
        'ipv6_cidr_block_network_border_group',
        'main_route_table_id',
        'owner_id',
      ],
    };
  },
  aws_subnet(segment, index) {
    return {
      values: {
        assign_ipv6_address_on_creation: false,
        availability_zone: `${REGION}${'abc'[index % 3]}`,
        cidr_block: segment.cidr.replace(/\.0\.0\/16$/, `.${index * 16}.0/20`),
        customer_owned_ipv4_pool: null,
        enable_dns64: false,
        enable_lni_at_device_index: null,
        enable_resource_name_dns_a_record_on_launch: false,
        enable_resource_name_dns_aaaa_record_on_launch: false,
        ipv6_cidr_block: null,
        ipv6_native: false,
        map_customer_owned_ip_on_launch: null,
        map_public_ip_on_launch: false,
        outpost_arn: null,
        tags: tagsFor(segment, `private-${index}`),
        tags_all: tagsFor(segment, `private-${index}`),
        timeouts: null,
      },
      unknown: [
        'arn',
        'availability_zone_id',
        'id',
        'ipv6_cidr_block_association_id',
        'owner_id',
        'private_dns_hostname_type_on_launch',
        'vpc_id',
      ],
    };
  },
  aws_route_table(segment) {
    const route = {
      carrier_gateway_id: '',
      cidr_block: '10.0.0.0/8',
      core_network_arn: '',
      destination_prefix_list_id: '',
      egress_only_gateway_id: '',
      gateway_id: '',
      ipv6_cidr_block: '',
      local_gateway_id: '',
      nat_gateway_id: '',
      network_interface_id: '',
      transit_gateway_id: segment.tgw,
      vpc_endpoint_id: '',
      vpc_peering_connection_id: '',
    };
    return {
      values: {
        route: [route],
        tags: tagsFor(segment, 'private'),
        tags_all: tagsFor(segment, 'private'),
        timeouts: null,
      },
      unknown: ['arn', 'id', 'owner_id', 'propagating_vgws', 'vpc_id'],
    };
  },
  aws_route(segment) {
    return {
      values: {
        carrier_gateway_id: null,
        core_network_arn: null,
        destination_cidr_block: '172.16.0.0/12',
        destination_ipv6_cidr_block: null,
        destination_prefix_list_id: null,
        egress_only_gateway_id: null,
        gateway_id: null,
        local_gateway_id: null,
        nat_gateway_id: null,
        network_interface_id: null,
        timeouts: null,
        transit_gateway_id: segment.tgw,
        vpc_endpoint_id: null,
        vpc_peering_connection_id: null,
      },
      unknown: ['id', 'instance_id', 'instance_owner_id', 'origin', 'route_table_id', 'state'],
    };
  },
  aws_security_group(segment, name) {
    const rule = (port, cidr) => ({
      cidr_blocks: [cidr],
      description: `https from ${cidr}`,
      from_port: port,
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      protocol: 'tcp',
      security_groups: [],
      self: false,
      to_port: port,
    });
    return {
      values: {
        description: `${name} security group`,
        egress: [rule(443, segment.cidr)],
        ingress: [rule(443, segment.cidr)],
        name: `${segment.key}-${name}`,
        revoke_rules_on_delete: false,
        tags: tagsFor(segment, name),
        tags_all: tagsFor(segment, name),
        timeouts: null,
      },
      unknown: ['arn', 'id', 'name_prefix', 'owner_id', 'vpc_id'],
    };
  },
  aws_vpc_security_group_egress_rule(segment) {
    return {
      values: {
        cidr_ipv4: segment.cidr,
        cidr_ipv6: null,
        description: 'https inside the boundary',
        from_port: 443,
        ip_protocol: 'tcp',
        prefix_list_id: null,
        referenced_security_group_id: null,
        tags: null,
        to_port: 443,
      },
      unknown: ['arn', 'id', 'security_group_id', 'security_group_rule_id', 'tags_all'],
    };
  },
  aws_vpc_endpoint(segment, service, random) {
    const gateway = service === 's3';
    const endpointPolicy = policy([
      {
        Sid: 'AllowInBoundary',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: gateway ? ['s3:GetObject', 's3:PutObject'] : [`${service.split('-')[0]}:*`],
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_ID } },
      },
    ]);
    // Some endpoints reference a policy document that only exists at apply time.
    const policyUnknown = random.next() < 0.1;
    return {
      values: {
        auto_accept: null,
        ...(policyUnknown ? {} : { policy: endpointPolicy }),
        private_dns_enabled: !gateway,
        service_name: `com.amazonaws.${REGION}.${service}`,
        tags: tagsFor(segment, `vpce-${service}`),
        tags_all: tagsFor(segment, `vpce-${service}`),
        timeouts: null,
        vpc_endpoint_type: gateway ? 'Gateway' : 'Interface',
      },
      unknown: [
        'arn',
        'cidr_blocks',
        'dns_entry',
        'dns_options',
        'id',
        'ip_address_type',
        'network_interface_ids',
        'owner_id',
        'prefix_list_id',
        'requester_managed',
        'route_table_ids',
        'security_group_ids',
        'state',
        'subnet_configuration',
        'subnet_ids',
        'vpc_id',
        ...(policyUnknown ? ['policy'] : []),
      ],
    };
  },
  aws_kms_key(segment) {
    const keyPolicy = policy([
      {
        Sid: 'EnableRoot',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowLogs',
        Effect: 'Allow',
        Principal: { Service: `logs.${REGION}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/aws/lambda/${segment.key}-*`,
          },
        },
      },
      {
        Sid: 'AllowViaS3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': ACCOUNT_ID, 'kms:ViaService': `s3.${REGION}.amazonaws.com` },
        },
      },
    ]);
    return {
      values: {
        bypass_policy_lockout_safety_check: false,
        custom_key_store_id: null,
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        deletion_window_in_days: 30,
        description: `${segment.key} audit and log encryption`,
        enable_key_rotation: true,
        is_enabled: true,
        key_usage: 'ENCRYPT_DECRYPT',
        policy: keyPolicy,
        rotation_period_in_days: 365,
        tags: tagsFor(segment, 'kms'),
        tags_all: tagsFor(segment, 'kms'),
        timeouts: null,
        xks_key_id: null,
      },
      unknown: ['arn', 'id', 'key_id', 'multi_region'],
    };
  },
  aws_s3_bucket(segment) {
    return {
      values: {
        bucket: `${segment.key}-audit-${ACCOUNT_ID}`,
        force_destroy: false,
        object_lock_enabled: true,
        tags: tagsFor(segment, 'audit'),
        tags_all: tagsFor(segment, 'audit'),
        timeouts: null,
      },
      unknown: [
        'acceleration_status',
        'acl',
        'arn',
        'bucket_domain_name',
        'bucket_prefix',
        'bucket_regional_domain_name',
        'cors_rule',
        'grant',
        'hosted_zone_id',
        'id',
        'lifecycle_rule',
        'logging',
        'object_lock_configuration',
        'policy',
        'region',
        'replication_configuration',
        'request_payer',
        'server_side_encryption_configuration',
        'versioning',
        'website',
        'website_domain',
        'website_endpoint',
      ],
    };
  },
  aws_s3_bucket_policy(segment, _name, random) {
    const bucketArn = `arn:aws:s3:::${segment.key}-audit-${ACCOUNT_ID}`;
    const bucketPolicy = policy([
      {
        Sid: 'DenyDelete',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: `${bucketArn}/*`,
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AllowCloudTrail',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${ACCOUNT_ID}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ]);
    const policyUnknown = random.next() < 0.2;
    return {
      values: policyUnknown ? {} : { policy: bucketPolicy },
      unknown: ['bucket', 'id', ...(policyUnknown ? ['policy'] : [])],
    };
  },
  aws_s3_bucket_versioning() {
    return {
      values: {
        expected_bucket_owner: null,
        mfa: null,
        versioning_configuration: [{ mfa_delete: null, status: 'Enabled' }],
      },
      unknown: ['bucket', 'id'],
    };
  },
  aws_s3_bucket_object_lock_configuration(segment) {
    return {
      values: {
        expected_bucket_owner: null,
        object_lock_enabled: 'Enabled',
        token: null,
        rule: [
          {
            default_retention: [{ days: null, mode: segment.index % 10 === 0 ? 'GOVERNANCE' : 'COMPLIANCE', years: 7 }],
          },
        ],
      },
      unknown: ['bucket', 'id'],
    };
  },
  aws_iam_role(segment) {
    const trust = policy([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    return {
      values: {
        assume_role_policy: trust,
        description: null,
        force_detach_policies: false,
        max_session_duration: 3600,
        name: `${segment.key}-handler`,
        path: '/',
        permissions_boundary: null,
        tags: tagsFor(segment, 'role'),
        tags_all: tagsFor(segment, 'role'),
      },
      unknown: ['arn', 'create_date', 'id', 'inline_policy', 'managed_policy_arns', 'name_prefix', 'unique_id'],
    };
  },
  aws_iam_policy(segment) {
    const invoke = policy([
      {
        Sid: 'InvokeModels',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: [`arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0`],
        Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${segment.hex}` } },
      },
    ]);
    return {
      values: {
        description: 'invoke approved models through the endpoint',
        name: `${segment.key}-invoke`,
        path: '/',
        policy: invoke,
        tags: null,
      },
      unknown: ['arn', 'attachment_count', 'id', 'name_prefix', 'policy_id', 'tags_all'],
    };
  },
  aws_lambda_function(segment) {
    return {
      values: {
        architectures: ['arm64'],
        code_signing_config_arn: null,
        dead_letter_config: [],
        description: null,
        environment: [
          {
            variables: {
              LOG_LEVEL: 'info',
              MODEL_ID: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
              SERVICE_TOKEN: `tok-${segment.hex}`,
            },
          },
        ],
        ephemeral_storage: [{ size: 512 }],
        file_system_config: [],
        filename: 'handler.zip',
        function_name: `${segment.key}-handler`,
        handler: 'app.handler',
        image_config: [],
        image_uri: null,
        kms_key_arn: null,
        layers: null,
        memory_size: 1024,
        package_type: 'Zip',
        publish: false,
        replace_security_groups_on_destroy: null,
        replacement_security_group_ids: null,
        reserved_concurrent_executions: -1,
        runtime: 'python3.12',
        s3_bucket: null,
        s3_key: null,
        s3_object_version: null,
        skip_destroy: false,
        tags: tagsFor(segment, 'handler'),
        tags_all: tagsFor(segment, 'handler'),
        timeout: 30,
        timeouts: null,
        tracing_config: [{ mode: 'Active' }],
        vpc_config: [{ ipv6_allowed_for_dual_stack: false }],
      },
      unknown: [
        'arn',
        'invoke_arn',
        'last_modified',
        'logging_config',
        'qualified_arn',
        'qualified_invoke_arn',
        'role',
        'signing_job_arn',
        'signing_profile_version_arn',
        'snap_start',
        'source_code_hash',
        'source_code_size',
        'version',
      ],
      sensitive: { environment: [{ variables: { SERVICE_TOKEN: true } }] },
    };
  },
  aws_cloudwatch_log_group(segment) {
    return {
      values: {
        log_group_class: 'STANDARD',
        name: `/aws/lambda/${segment.key}-handler`,
        retention_in_days: 3653,
        skip_destroy: false,
        tags: tagsFor(segment, 'logs'),
        tags_all: tagsFor(segment, 'logs'),
      },
      unknown: ['arn', 'id', 'kms_key_id', 'name_prefix'],
    };
  },
  aws_instance(segment, index) {
    return {
      values: {
        ami: `ami-${segment.hex.slice(0, 8)}`,
        associate_public_ip_address: false,
        credit_specification: [],
        disable_api_stop: false,
        disable_api_termination: null,
        ebs_optimized: true,
        enclave_options: [{ enabled: true }],
        get_password_data: false,
        hibernation: null,
        iam_instance_profile: null,
        instance_type: 'm6i.xlarge',
        launch_template: [],
        metadata_options: [
          {
            http_endpoint: 'enabled',
            http_protocol_ipv6: 'disabled',
            http_put_response_hop_limit: 1,
            http_tokens: 'required',
            instance_metadata_tags: 'disabled',
          },
        ],
        monitoring: true,
        root_block_device: [
          { delete_on_termination: true, encrypted: true, tags: null, volume_size: 50, volume_type: 'gp3' },
        ],
        source_dest_check: true,
        tags: tagsFor(segment, `worker-${index}`),
        tags_all: tagsFor(segment, `worker-${index}`),
        timeouts: null,
        user_data_replace_on_change: false,
        volume_tags: null,
      },
      unknown: [
        'arn',
        'availability_zone',
        'capacity_reservation_specification',
        'cpu_core_count',
        'cpu_options',
        'cpu_threads_per_core',
        'ebs_block_device',
        'ephemeral_block_device',
        'host_id',
        'host_resource_group_arn',
        'id',
        'instance_initiated_shutdown_behavior',
        'instance_lifecycle',
        'instance_market_options',
        'instance_state',
        'ipv6_address_count',
        'ipv6_addresses',
        'key_name',
        'maintenance_options',
        'network_interface',
        'outpost_arn',
        'password_data',
        'placement_group',
        'placement_partition_number',
        'primary_network_interface_id',
        'private_dns',
        'private_dns_name_options',
        'private_ip',
        'public_dns',
        'public_ip',
        'secondary_private_ips',
        'security_groups',
        'spot_instance_request_id',
        'subnet_id',
        'tenancy',
        'user_data',
        'user_data_base64',
        'vpc_security_group_ids',
      ],
    };
  },
};

/**
 * The resources of one `module.segment[key]` instance: [module path relative to the segment, type, name, index key,
 * factory argument]. 26 instances, 5 of them in the nested `module.storage`.
 */
export const SEGMENT_LAYOUT = [
  ['', 'aws_vpc', 'main', undefined],
  ['', 'aws_subnet', 'private', 0],
  ['', 'aws_subnet', 'private', 1],
  ['', 'aws_subnet', 'private', 2],
  ['', 'aws_route_table', 'private', undefined],
  ['', 'aws_route', 'to_hub', undefined],
  ['', 'aws_security_group', 'endpoints', undefined],
  ['', 'aws_security_group', 'workload', undefined],
  ['', 'aws_vpc_security_group_egress_rule', 'workload_https', undefined],
  ['', 'aws_vpc_endpoint', 'interface', 'kms'],
  ['', 'aws_vpc_endpoint', 'interface', 'logs'],
  ['', 'aws_vpc_endpoint', 'interface', 'bedrock-runtime'],
  ['', 'aws_vpc_endpoint', 's3', undefined],
  ['', 'aws_iam_role', 'handler', undefined],
  ['', 'aws_iam_policy', 'invoke', undefined],
  ['', 'aws_lambda_function', 'handler', undefined],
  ['', 'aws_cloudwatch_log_group', 'handler', undefined],
  ['', 'aws_instance', 'worker', 0],
  ['', 'aws_instance', 'worker', 1],
  ['storage', 'aws_kms_key', 'audit', undefined],
  ['storage', 'aws_s3_bucket', 'audit', undefined],
  ['storage', 'aws_s3_bucket_policy', 'audit', undefined],
  ['storage', 'aws_s3_bucket_versioning', 'audit', undefined],
  ['storage', 'aws_s3_bucket_object_lock_configuration', 'audit', undefined],
  ['', 'aws_vpc_security_group_egress_rule', 'endpoints_https', undefined],
];

export function buildResource(type, segment, name, index, random) {
  const factory = factories[type];
  if (type === 'aws_vpc_endpoint') return factory(segment, index ?? 's3', random);
  if (type === 'aws_subnet' || type === 'aws_instance') return factory(segment, index, random);
  return factory(segment, name, random);
}
