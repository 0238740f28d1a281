import { describe, it } from 'vitest';
import { PROVIDERS } from '../support/auditFixtures.js';
import type { JsonValue, ResourceSpec } from '../support/planBuilder.js';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const FN = 'aws_lambda_function.app';

function lambda(values: Record<string, JsonValue>, extra: Partial<ResourceSpec> = {}): ResourceSpec {
  return { address: FN, values: { function_name: 'app', ...values }, unknown: { id: true, arn: true }, ...extra };
}

const OWN_LAYER = 'arn:aws:lambda:us-east-1:111111111111:layer:common:3';
const FOREIGN_LAYER = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38';
const OWN_IMAGE =
  '111111111111.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const cases: RuleCase[] = [
  {
    name: 'a layer owned by the workload account passes',
    plan: { providers: PROVIDERS, resources: [lambda({ runtime: 'python3.12', layers: [OWN_LAYER] })] },
    expect: { [FN]: 'pass' },
  },
  {
    name: 'a layer owned by another account fails',
    plan: { providers: PROVIDERS, resources: [lambda({ runtime: 'python3.12', layers: [FOREIGN_LAYER] })] },
    expect: { [FN]: 'fail' },
  },
  {
    name: 'a layer owned by a trusted account passes',
    plan: { providers: PROVIDERS, resources: [lambda({ runtime: 'python3.12', layers: [FOREIGN_LAYER] })] },
    config: { trustedAccounts: ['580247275435'] },
    expect: { [FN]: 'pass' },
  },
  {
    name: 'a layer version created in this plan (unknown ARN) passes',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_lambda_layer_version.common',
          values: { layer_name: 'common' },
          unknown: { arn: true, id: true },
        },
        lambda(
          { runtime: 'python3.12' },
          {
            unknown: { id: true, arn: true, layers: true },
            expressions: {
              function_name: { constant_value: 'app' },
              layers: ref('aws_lambda_layer_version.common.arn'),
            },
          },
        ),
      ],
    },
    expect: { [FN]: 'pass' },
  },
  {
    name: "an image in the account's own ECR passes",
    plan: { providers: PROVIDERS, resources: [lambda({ package_type: 'Image', image_uri: OWN_IMAGE })] },
    expect: { [FN]: 'pass' },
  },
  {
    name: 'an image from Docker Hub fails',
    plan: {
      providers: PROVIDERS,
      resources: [lambda({ package_type: 'Image', image_uri: 'docker.io/library/python:3.12' })],
    },
    expect: { [FN]: 'fail' },
  },
  {
    name: 'an image from public ECR fails',
    plan: {
      providers: PROVIDERS,
      resources: [lambda({ package_type: 'Image', image_uri: 'public.ecr.aws/lambda/python:3.12' })],
    },
    expect: { [FN]: 'fail' },
  },
  {
    name: "an image in another account's ECR fails",
    plan: {
      providers: PROVIDERS,
      resources: [lambda({ package_type: 'Image', image_uri: '999999999999.dkr.ecr.us-east-1.amazonaws.com/app:1' })],
    },
    expect: { [FN]: 'fail' },
  },
  {
    name: 'an image whose URI is unknown and not from this input is not assessed',
    plan: {
      providers: PROVIDERS,
      resources: [
        lambda(
          { package_type: 'Image' },
          {
            unknown: { id: true, arn: true, image_uri: true },
            expressions: { function_name: { constant_value: 'app' }, image_uri: ref('var.image') },
          },
        ),
      ],
    },
    expect: { [FN]: 'not-assessed/unknown-at-plan' },
  },
  {
    name: 'ECS task definition containers from a public registry fail',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_ecs_task_definition.web',
          values: {
            family: 'web',
            container_definitions: JSON.stringify([
              { name: 'web', image: 'nginx:1.27' },
              { name: 'app', image: OWN_IMAGE },
            ]),
          },
        },
      ],
    },
    expect: { 'aws_ecs_task_definition.web': ['fail', 'pass'] },
  },
  {
    name: 'a pull-through cache rule to a public upstream fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_ecr_pull_through_cache_rule.hub',
          values: { ecr_repository_prefix: 'docker-hub', upstream_registry_url: 'registry-1.docker.io' },
        },
      ],
    },
    expect: { 'aws_ecr_pull_through_cache_rule.hub': 'fail' },
  },
  {
    name: "a pull-through cache rule to the account's own ECR passes",
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_ecr_pull_through_cache_rule.internal',
          values: {
            ecr_repository_prefix: 'mirror',
            upstream_registry_url: '111111111111.dkr.ecr.us-west-2.amazonaws.com',
          },
        },
      ],
    },
    expect: { 'aws_ecr_pull_through_cache_rule.internal': 'pass' },
  },
  {
    name: 'a CodeArtifact repository with an external connection to npmjs fails',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_codeartifact_repository.npm',
          values: {
            repository: 'npm',
            domain: 'corp',
            external_connections: [{ external_connection_name: 'public:npmjs' }],
          },
        },
      ],
    },
    expect: { 'aws_codeartifact_repository.npm': 'fail' },
  },
  {
    name: 'a CodeArtifact repository without external connections passes',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_codeartifact_repository.npm',
          values: { repository: 'npm', domain: 'corp', external_connections: [] },
        },
      ],
    },
    expect: { 'aws_codeartifact_repository.npm': 'pass' },
  },
  {
    name: 'a foreign layer with no workload account known is not assessed',
    plan: { resources: [lambda({ runtime: 'python3.12', layers: [FOREIGN_LAYER] })] },
    expect: { [FN]: 'not-assessed/needs-review' },
  },
];

describe('DEP-004 external runtime artefacts', () => {
  for (const c of cases) it(c.name, () => checkCase('DEP-004', c));
});
