import { describe, expect, it } from 'vitest';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const net005: RuleCase[] = [
  {
    name: 'a subnet that maps public IPs fails',
    plan: { resources: [{ address: 'aws_subnet.s', values: { map_public_ip_on_launch: true } }] },
    expect: { 'aws_subnet.s': 'fail' },
  },
  {
    name: 'a private subnet passes',
    plan: { resources: [{ address: 'aws_subnet.s', values: { map_public_ip_on_launch: false } }] },
    expect: { 'aws_subnet.s': 'pass' },
  },
  {
    name: 'map_public_ip_on_launch unknown is not assessed',
    plan: {
      resources: [
        {
          address: 'aws_subnet.s',
          values: {},
          unknown: { map_public_ip_on_launch: true },
          expressions: { map_public_ip_on_launch: { references: ['var.public'] } },
        },
      ],
    },
    expect: { 'aws_subnet.s': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'an instance asking for a public IP fails',
    plan: { resources: [{ address: 'aws_instance.i', values: { associate_public_ip_address: true } }] },
    expect: { 'aws_instance.i': 'fail' },
  },
  {
    name: 'an instance leaving the (computed) flag unset passes: the subnet decides',
    plan: {
      resources: [{ address: 'aws_instance.i', values: {}, unknown: { associate_public_ip_address: true, id: true } }],
    },
    expect: { 'aws_instance.i': 'pass' },
  },
  {
    name: 'a launch template network interface with "true" (a string) fails',
    plan: {
      resources: [
        { address: 'aws_launch_template.t', values: { network_interfaces: [{ associate_public_ip_address: 'true' }] } },
      ],
    },
    expect: { 'aws_launch_template.t': 'fail' },
  },
  {
    name: 'an Elastic IP fails',
    plan: { resources: [{ address: 'aws_eip.e', values: { domain: 'vpc' }, unknown: { public_ip: true } }] },
    expect: { 'aws_eip.e': 'fail' },
  },
];

const lambda = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}) =>
  ({
    address: 'aws_lambda_function.f',
    values: { function_name: 'f', runtime: 'python3.12', ...values },
    unknown: { arn: true, ...unknown },
  }) as const;

const net006: RuleCase[] = [
  {
    name: 'a Lambda without vpc_config fails',
    plan: { resources: [lambda({ vpc_config: [] })] },
    expect: { 'aws_lambda_function.f': 'fail' },
  },
  {
    name: 'a Lambda with vpc_config but empty subnet_ids fails',
    plan: { resources: [lambda({ vpc_config: [{ subnet_ids: [], security_group_ids: [] }] })] },
    expect: { 'aws_lambda_function.f': 'fail' },
  },
  {
    name: 'a Lambda in VPC subnets passes',
    plan: { resources: [lambda({ vpc_config: [{ subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'] }] })] },
    expect: { 'aws_lambda_function.f': 'pass' },
  },
  {
    name: 'a Lambda whose subnets are unknown at plan time is not assessed',
    plan: {
      resources: [
        {
          ...lambda({ vpc_config: [{ security_group_ids: [] }] }, { vpc_config: [{ subnet_ids: true }] }),
          expressions: { vpc_config: [{ subnet_ids: { references: ['aws_subnet.a.id', 'aws_subnet.a'] } }] },
        },
      ],
    },
    expect: { 'aws_lambda_function.f': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a Lambda whose vpc_config is there with a vpc_id known only after apply passes on its known subnets',
    plan: {
      resources: [
        lambda(
          { vpc_config: [{ subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'] }] },
          { vpc_config: [{ vpc_id: true }] },
        ),
      ],
    },
    expect: { 'aws_lambda_function.f': 'pass' },
  },
  {
    name: 'a Lambda whose whole vpc_config is unknown until apply is not assessed',
    plan: { resources: [lambda({}, { vpc_config: true })] },
    expect: { 'aws_lambda_function.f': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a SageMaker notebook with the default direct internet access fails',
    plan: { resources: [{ address: 'aws_sagemaker_notebook_instance.n', values: { instance_type: 'ml.t3.medium' } }] },
    expect: { 'aws_sagemaker_notebook_instance.n': 'fail' },
  },
  {
    name: 'a SageMaker notebook with direct internet access disabled passes',
    plan: {
      resources: [{ address: 'aws_sagemaker_notebook_instance.n', values: { direct_internet_access: 'Disabled' } }],
    },
    expect: { 'aws_sagemaker_notebook_instance.n': 'pass' },
  },
  {
    name: 'a SageMaker domain in PublicInternetOnly mode fails',
    plan: {
      resources: [{ address: 'aws_sagemaker_domain.d', values: { app_network_access_type: 'PublicInternetOnly' } }],
    },
    expect: { 'aws_sagemaker_domain.d': 'fail' },
  },
  {
    name: 'a CodeBuild project without vpc_config fails',
    plan: { resources: [{ address: 'aws_codebuild_project.c', values: { name: 'c', vpc_config: [] } }] },
    expect: { 'aws_codebuild_project.c': 'fail' },
  },
];

describe('NET-005 public IPs', () => {
  for (const c of net005) it(c.name, () => checkCase('NET-005', c));
});
describe('NET-006 compute with AWS-managed internet access', () => {
  for (const c of net006) it(c.name, () => checkCase('NET-006', c));
});

describe('Lambda runtime management folds into its function', () => {
  it('a literal function_name finds a function created in the same plan', async () => {
    const { findingsFor } = await import('../support/ruleTester.js');
    const findings = findingsFor('UPD-003', {
      resources: [
        {
          address: 'aws_lambda_function.f',
          values: { function_name: 'svc', runtime: 'python3.12', vpc_config: [] },
          unknown: { arn: true, id: true },
        },
        {
          address: 'aws_lambda_runtime_management_config.f',
          values: { function_name: 'svc', update_runtime_on: 'Manual' },
        },
      ],
    });
    const lambda = findings.filter((f) => f.resource.address === 'aws_lambda_function.f');
    expect(lambda.map((f) => f.status)).toEqual(['pass']);
  });
});
