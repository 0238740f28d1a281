/**
 * Network part of the shipped scenarios. The blueprint: one boundary VPC in us-east-1 with private
 * subnets only, local routes, every required interface endpoint (private DNS, scoped policies) and
 * an S3 gateway endpoint, tcp/443-only endpoint security group, flow logs, and the workload Lambda
 * inside the VPC. The leaky twin "looks private" (private subnets, some endpoints) but is not.
 */
import { constant, ref, type JsonValue, type ResourceSpec } from '../planBuilder.js';

export const WORKLOAD_ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const MODEL_ARN = `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0`;
export const WORKLOAD_ROLE_ARN = `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/bedrock-workload`;

const INTERFACE_SERVICES = [
  'bedrock-runtime',
  'bedrock-agent-runtime',
  'bedrock',
  'bedrock-agent',
  'kms',
  'secretsmanager',
  'logs',
  'monitoring',
  'sts',
];

function endpointPolicy(service: string): string {
  if (service === 'bedrock-runtime') {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'InvokeNamedModel',
          Effect: 'Allow',
          Principal: { AWS: WORKLOAD_ROLE_ARN },
          Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
          Resource: [MODEL_ARN],
        },
      ],
    });
  }
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WorkloadAccountOnly',
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': WORKLOAD_ACCOUNT } },
      },
    ],
  });
}

function vpcRef(module: string): JsonValue {
  return ref(module ? 'aws_vpc.this.id' : 'aws_vpc.main.id');
}

function interfaceEndpoint(prefix: string, service: string, policy: string | undefined): ResourceSpec {
  const name = service.replace(/-/g, '_');
  const expressions: Record<string, JsonValue> = {
    vpc_id: vpcRef(prefix),
    service_name: constant(`com.amazonaws.${REGION}.${service}`),
    vpc_endpoint_type: constant('Interface'),
    private_dns_enabled: constant(true),
    subnet_ids: ref('aws_subnet.private_a.id', 'aws_subnet.private_b.id'),
    security_group_ids: ref('aws_security_group.endpoints.id'),
  };
  if (policy) expressions.policy = constant(policy);
  const values: Record<string, JsonValue> = {
    service_name: `com.amazonaws.${REGION}.${service}`,
    vpc_endpoint_type: 'Interface',
    private_dns_enabled: true,
    tags: { Name: service },
  };
  if (policy) values.policy = policy;
  return {
    address: `${prefix}aws_vpc_endpoint.${name}`,
    values,
    unknown: {
      id: true,
      arn: true,
      vpc_id: true,
      subnet_ids: true,
      security_group_ids: true,
      dns_entry: true,
      network_interface_ids: true,
      ...(policy ? {} : { policy: true }),
    },
    expressions,
  };
}

function privateNetwork(prefix: string, cidr: string): ResourceSpec[] {
  const sub = (name: string, c: string, az: string): ResourceSpec => ({
    address: `${prefix}aws_subnet.${name}`,
    values: { cidr_block: c, availability_zone: az, map_public_ip_on_launch: false },
    unknown: { id: true, arn: true, vpc_id: true },
    expressions: {
      vpc_id: vpcRef(prefix),
      cidr_block: constant(c),
      availability_zone: constant(az),
      map_public_ip_on_launch: constant(false),
    },
  });
  return [
    {
      address: `${prefix}aws_vpc.${prefix ? 'this' : 'main'}`,
      values: { cidr_block: cidr, enable_dns_support: true, enable_dns_hostnames: true, tags: { Boundary: 'bedrock' } },
      unknown: { id: true, arn: true, main_route_table_id: true },
    },
    sub('private_a', cidr.replace('0.0/16', '1.0/24'), `${REGION}a`),
    sub('private_b', cidr.replace('0.0/16', '2.0/24'), `${REGION}b`),
    {
      address: `${prefix}aws_route_table.private`,
      values: { route: [] },
      unknown: { id: true, arn: true, vpc_id: true },
      expressions: { vpc_id: vpcRef(prefix) },
    },
    ...['private_a', 'private_b'].map(
      (s): ResourceSpec => ({
        address: `${prefix}aws_route_table_association.${s}`,
        values: {},
        unknown: { id: true, subnet_id: true, route_table_id: true },
        expressions: { subnet_id: ref(`aws_subnet.${s}.id`), route_table_id: ref('aws_route_table.private.id') },
      }),
    ),
  ];
}

function endpointSecurityGroup(prefix: string, cidr: string): ResourceSpec {
  return {
    address: `${prefix}aws_security_group.endpoints`,
    values: {
      name: 'vpc-endpoints',
      ingress: [
        {
          description: 'HTTPS from the VPC',
          protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_blocks: [cidr],
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          security_groups: [],
          self: false,
        },
      ],
      egress: [
        {
          description: 'Responses inside the VPC',
          protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_blocks: [cidr],
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          security_groups: [],
          self: false,
        },
      ],
    },
    unknown: { id: true, arn: true, vpc_id: true },
    expressions: { vpc_id: vpcRef(prefix), name: constant('vpc-endpoints') },
  };
}

function workloadLambda(prefix: string, inVpc: boolean): ResourceSpec[] {
  const fn: ResourceSpec = {
    address: `${prefix}aws_lambda_function.inference`,
    values: {
      function_name: 'bedrock-inference',
      runtime: 'python3.12',
      handler: 'app.handler',
      layers: [],
      vpc_config: inVpc ? [{ security_group_ids: [], subnet_ids: [] }] : [],
    },
    unknown: {
      arn: true,
      id: true,
      role: true,
      ...(inVpc ? { vpc_config: [{ security_group_ids: true, subnet_ids: true }] } : {}),
    },
    expressions: {
      function_name: constant('bedrock-inference'),
      runtime: constant('python3.12'),
      role: ref('aws_iam_role.workload.arn'),
      ...(inVpc
        ? {
            vpc_config: [
              {
                subnet_ids: ref('aws_subnet.private_a.id', 'aws_subnet.private_b.id'),
                security_group_ids: ref('aws_security_group.endpoints.id'),
              },
            ],
          }
        : {}),
    },
  };
  const pin: ResourceSpec = {
    address: `${prefix}aws_lambda_runtime_management_config.inference`,
    values: {
      function_name: 'bedrock-inference',
      update_runtime_on: 'Manual',
      runtime_version_arn: `arn:aws:lambda:${REGION}::runtime:0123456789abcdef`,
    },
    unknown: {},
    expressions: {
      function_name: ref('aws_lambda_function.inference.function_name'),
      update_runtime_on: constant('Manual'),
    },
  };
  return [fn, pin];
}

export function blueprintNetwork(): ResourceSpec[] {
  const cidr = '10.20.0.0/16';
  return [
    ...privateNetwork('', cidr),
    endpointSecurityGroup('', cidr),
    ...INTERFACE_SERVICES.map((s) => interfaceEndpoint('', s, endpointPolicy(s))),
    {
      address: 'aws_vpc_endpoint.s3',
      values: {
        service_name: `com.amazonaws.${REGION}.s3`,
        vpc_endpoint_type: 'Gateway',
        policy: endpointPolicy('s3'),
      },
      unknown: { id: true, arn: true, vpc_id: true, route_table_ids: true },
      expressions: {
        vpc_id: vpcRef(''),
        service_name: constant(`com.amazonaws.${REGION}.s3`),
        vpc_endpoint_type: constant('Gateway'),
        route_table_ids: ref('aws_route_table.private.id'),
        policy: constant(endpointPolicy('s3')),
      },
    },
    {
      address: 'aws_flow_log.boundary',
      values: { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' },
      unknown: { id: true, arn: true, vpc_id: true, log_destination: true, iam_role_arn: true },
      expressions: {
        vpc_id: vpcRef(''),
        traffic_type: constant('ALL'),
        log_destination: ref('aws_cloudwatch_log_group.flow_logs.arn'),
      },
    },
    {
      address: 'aws_route53_resolver_firewall_rule_group.deny_all_but_aws',
      values: { name: 'deny-all-but-aws' },
      unknown: { id: true, arn: true },
    },
    {
      address: 'aws_route53_resolver_firewall_rule_group_association.boundary',
      values: { name: 'boundary-dns-firewall', priority: 101, mutation_protection: 'ENABLED' },
      unknown: { id: true, arn: true, vpc_id: true, firewall_rule_group_id: true },
      expressions: {
        vpc_id: vpcRef(''),
        firewall_rule_group_id: ref('aws_route53_resolver_firewall_rule_group.deny_all_but_aws.id'),
        priority: constant(101),
      },
    },
    ...workloadLambda('', true),
  ];
}

/** Private subnets and a few endpoints, but: an IGW in the network module, a public NAT, a default route, no policies. */
export function leakyNetwork(): ResourceSpec[] {
  const prefix = 'module.network.';
  const cidr = '10.30.0.0/16';
  return [
    ...privateNetwork(prefix, cidr),
    endpointSecurityGroup(prefix, cidr),
    interfaceEndpoint(
      prefix,
      'bedrock-runtime',
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock:*', Resource: '*' }] }),
    ),
    interfaceEndpoint(prefix, 'kms', undefined),
    {
      address: `${prefix}aws_internet_gateway.this`,
      values: { tags: { Name: 'bootstrap' } },
      unknown: { id: true, arn: true, vpc_id: true },
      expressions: { vpc_id: vpcRef(prefix) },
    },
    { address: `${prefix}aws_eip.nat`, values: { domain: 'vpc' }, unknown: { id: true, public_ip: true } },
    {
      address: `${prefix}aws_nat_gateway.this`,
      values: { connectivity_type: 'public' },
      unknown: { id: true, subnet_id: true, allocation_id: true },
      expressions: { subnet_id: ref('aws_subnet.private_a.id'), allocation_id: ref('aws_eip.nat.id') },
    },
    {
      address: `${prefix}aws_route.default`,
      values: { destination_cidr_block: '0.0.0.0/0' },
      unknown: { id: true, route_table_id: true, nat_gateway_id: true },
      expressions: {
        route_table_id: ref('aws_route_table.private.id'),
        destination_cidr_block: constant('0.0.0.0/0'),
        nat_gateway_id: ref('aws_nat_gateway.this.id'),
      },
    },
    ...workloadLambda(prefix, false),
  ];
}
