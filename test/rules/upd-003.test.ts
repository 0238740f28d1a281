import { describe, it } from 'vitest';
import { ref, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const fn = (address: string, values: Record<string, string>): ResourceSpec => ({
  address,
  values: { function_name: address.split('.')[1], ...values },
  unknown: { id: true, arn: true },
});

const cases: RuleCase[] = [
  {
    name: 'RDS with auto_minor_version_upgrade = false passes',
    plan: {
      resources: [{ address: 'aws_db_instance.db', values: { engine: 'postgres', auto_minor_version_upgrade: false } }],
    },
    expect: { 'aws_db_instance.db': 'pass' },
  },
  {
    name: 'RDS with auto_minor_version_upgrade = true fails',
    plan: {
      resources: [{ address: 'aws_db_instance.db', values: { engine: 'postgres', auto_minor_version_upgrade: true } }],
    },
    expect: { 'aws_db_instance.db': 'fail' },
  },
  {
    name: 'RDS leaving it unset takes the provider default (true) and fails, though the plan shows it unknown',
    plan: {
      resources: [
        {
          address: 'aws_db_instance.db',
          values: { engine: 'postgres' },
          unknown: { auto_minor_version_upgrade: true, id: true },
        },
      ],
    },
    expect: { 'aws_db_instance.db': 'fail' },
  },
  {
    name: 'an Aurora instance that upgrades itself folds into its cluster and fails it',
    plan: {
      resources: [
        {
          address: 'aws_rds_cluster.main',
          values: { engine: 'aurora-postgresql', cluster_identifier: 'main' },
          unknown: { id: true },
        },
        {
          address: 'aws_rds_cluster_instance.one',
          values: { auto_minor_version_upgrade: true },
          unknown: { id: true, cluster_identifier: true },
          expressions: {
            auto_minor_version_upgrade: { constant_value: true },
            cluster_identifier: ref('aws_rds_cluster.main.id'),
          },
        },
      ],
    },
    expect: { 'aws_rds_cluster.main': 'fail' },
  },
  {
    name: 'an Aurora cluster whose instances all opt out passes',
    plan: {
      resources: [
        {
          address: 'aws_rds_cluster.main',
          values: { engine: 'aurora-postgresql', cluster_identifier: 'main', auto_minor_version_upgrade: false },
          unknown: { id: true },
        },
        {
          address: 'aws_rds_cluster_instance.one',
          values: { auto_minor_version_upgrade: false },
          unknown: { id: true, cluster_identifier: true },
          expressions: {
            auto_minor_version_upgrade: { constant_value: false },
            cluster_identifier: ref('aws_rds_cluster.main.id'),
          },
        },
      ],
    },
    expect: { 'aws_rds_cluster.main': 'pass' },
  },
  {
    name: 'ElastiCache with the flag as the string "true" fails',
    plan: {
      resources: [
        { address: 'aws_elasticache_cluster.c', values: { engine: 'redis', auto_minor_version_upgrade: 'true' } },
      ],
    },
    expect: { 'aws_elasticache_cluster.c': 'fail' },
  },
  {
    name: 'Amazon MQ defaults to no automatic upgrades and passes',
    plan: { resources: [{ address: 'aws_mq_broker.mq', values: { engine_type: 'ActiveMQ' } }] },
    expect: { 'aws_mq_broker.mq': 'pass' },
  },
  {
    name: 'OpenSearch with automatic software updates fails',
    plan: {
      resources: [
        {
          address: 'aws_opensearch_domain.search',
          values: { domain_name: 'search', software_update_options: [{ auto_software_update_enabled: true }] },
        },
      ],
    },
    expect: { 'aws_opensearch_domain.search': 'fail' },
  },
  {
    name: 'a flag unknown until apply (set from a variable) is not assessed',
    plan: {
      resources: [
        {
          address: 'aws_db_instance.db',
          values: { engine: 'postgres' },
          unknown: { auto_minor_version_upgrade: true },
          expressions: { engine: { constant_value: 'postgres' }, auto_minor_version_upgrade: ref('var.upgrade') },
        },
      ],
    },
    expect: { 'aws_db_instance.db': 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'a Lambda function without runtime management config is Auto and fails',
    plan: { resources: [fn('aws_lambda_function.app', { runtime: 'python3.12' })] },
    expect: { 'aws_lambda_function.app': 'fail' },
  },
  {
    name: 'a Lambda function with update_runtime_on = FunctionUpdate passes',
    plan: {
      resources: [
        fn('aws_lambda_function.app', { runtime: 'python3.12' }),
        {
          address: 'aws_lambda_runtime_management_config.app',
          values: { function_name: 'app', update_runtime_on: 'FunctionUpdate' },
          expressions: {
            function_name: ref('aws_lambda_function.app.function_name'),
            update_runtime_on: { constant_value: 'FunctionUpdate' },
          },
        },
      ],
    },
    expect: { 'aws_lambda_function.app': 'pass' },
  },
  {
    name: 'a container-image function has no managed runtime and is not examined',
    plan: {
      resources: [
        fn('aws_lambda_function.img', {
          package_type: 'Image',
          image_uri: '111111111111.dkr.ecr.us-east-1.amazonaws.com/x:1',
        }),
      ],
    },
    expect: {},
  },
];

describe('UPD-003 automatic upgrades', () => {
  for (const c of cases) it(c.name, () => checkCase('UPD-003', c));
});
