/**
 * The set-B collectors moto cannot serve, with the SDK clients mocked: ECR pull-through cache rules and
 * Bedrock guardrails (not implemented in moto 5.2.1), Bedrock agents and knowledge bases (moto answers
 * timestamps the SDK cannot deserialize), and the refusals of per-resource calls for every SDK collector:
 * each leaves its fields unreadable, named after the IAM action, and the rules judge them not-assessed.
 */
import { BedrockClient, GetGuardrailCommand, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import {
  BedrockAgentClient,
  GetAgentCommand,
  GetDataSourceCommand,
  GetKnowledgeBaseCommand,
  ListAgentsCommand,
  ListDataSourcesCommand,
  ListKnowledgeBasesCommand,
} from '@aws-sdk/client-bedrock-agent';
import { BatchGetProjectsCommand, CodeBuildClient, ListProjectsCommand } from '@aws-sdk/client-codebuild';
import { DescribePullThroughCacheRulesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeDomainCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeNotebookInstanceCommand,
  ListDomainsCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  ListNotebookInstancesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { rule as dep004 } from '../../rules/dep-004-external-artifacts.js';
import { rule as kms001 } from '../../rules/kms-001-customer-managed-keys.js';
import { rule as net006 } from '../../rules/net-006-managed-internet-compute.js';
import { type AwsService, collectAws } from '../../src/aws/collectAws.js';
import { defaultConfig } from '../../src/config/config.js';
import { type Inventory, ofKind } from '../../src/model/inventory.js';
import { ACCOUNT, awsError, track, useMockedAccount } from './mockedAccount.js';
import { failedGaps } from './gaps.js';

const REGION = 'us-east-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const denied = () => awsError('AccessDeniedException', 403, 'AccessDeniedException: not authorized');

useMockedAccount();

function scan(services: AwsService[]): Promise<Inventory> {
  return collectAws({ regions: [REGION], services, maxAttempts: 1 });
}

const config = { ...defaultConfig(), workloadAccount: ACCOUNT };

describe('ECR pull-through cache rules', () => {
  it('read each rule’s upstream registry; DEP-004 fails a public upstream and passes the account’s own ECR', async () => {
    track(mockClient(ECRClient))
      .on(DescribePullThroughCacheRulesCommand)
      .resolves({
        pullThroughCacheRules: [
          { ecrRepositoryPrefix: 'docker-hub', upstreamRegistryUrl: 'registry-1.docker.io', registryId: ACCOUNT },
        ],
        nextToken: 'n',
      })
      .on(DescribePullThroughCacheRulesCommand, { nextToken: 'n' })
      .resolves({
        pullThroughCacheRules: [
          {
            ecrRepositoryPrefix: 'own',
            upstreamRegistryUrl: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`,
            registryId: ACCOUNT,
          },
        ],
      });
    const inv = await scan(['ecr']);
    expect(failedGaps(inv)).toEqual([]);
    const rules = ofKind(inv, 'ArtifactSource');
    expect(rules.map((r) => [r.meta.type, r.meta.address, r.name, r.artifactKind, r.location])).toEqual([
      [
        'aws_ecr_pull_through_cache_rule',
        `arn:aws:ecr:${REGION}:${ACCOUNT}:pull-through-cache-rule/docker-hub`,
        'docker-hub',
        'ecr-pull-through',
        'registry-1.docker.io',
      ],
      [
        'aws_ecr_pull_through_cache_rule',
        `arn:aws:ecr:${REGION}:${ACCOUNT}:pull-through-cache-rule/own`,
        'own',
        'ecr-pull-through',
        `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`,
      ],
    ]);
    const results = dep004.check(inv, { config, profile: 'regulated' });
    expect(results.map((r) => r.status)).toEqual(['fail', 'pass']);
  });

  it('a refused listing is a gap over artefact sources', async () => {
    track(mockClient(ECRClient)).on(DescribePullThroughCacheRulesCommand).rejects(denied());
    const inv = await scan(['ecr']);
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({
        call: 'ecr:DescribePullThroughCacheRules',
        kinds: ['ArtifactSource'],
        reason: 'access-denied',
      }),
    ]);
  });
});

describe('Bedrock guardrails', () => {
  it('read each guardrail’s key; with none, the AWS owned key as the plan adapter says', async () => {
    const arn = (id: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/${id}`;
    track(mockClient(BedrockClient))
      .on(ListGuardrailsCommand)
      .resolves({
        guardrails: [
          {
            id: 'g1',
            arn: arn('g1'),
            name: 'pii',
            status: 'READY',
            version: 'DRAFT',
            createdAt: new Date(),
            updatedAt: new Date(),
          },
          {
            id: 'g2',
            arn: arn('g2'),
            name: 'topics',
            status: 'READY',
            version: 'DRAFT',
            createdAt: new Date(),
            updatedAt: new Date(),
          },
          {
            id: 'g3',
            arn: arn('g3'),
            name: 'denied',
            status: 'READY',
            version: 'DRAFT',
            createdAt: new Date(),
            updatedAt: new Date(),
          },
        ],
      })
      .on(GetGuardrailCommand, { guardrailIdentifier: 'g1' })
      .resolves({ guardrailId: 'g1', guardrailArn: arn('g1'), name: 'pii', kmsKeyArn: KEY })
      .on(GetGuardrailCommand, { guardrailIdentifier: 'g2' })
      .resolves({ guardrailId: 'g2', guardrailArn: arn('g2'), name: 'topics' })
      .on(GetGuardrailCommand, { guardrailIdentifier: 'g3' })
      .rejects(denied());
    const inv = await scan(['bedrock-guardrails']);
    const byName = new Map(ofKind(inv, 'DataStore').map((d) => [d.name, d]));
    const pii = byName.get('pii');
    expect(pii).toMatchObject({
      storeKind: 'bedrock-guardrail',
      arn: arn('g1'),
      encrypted: true,
      kmsKey: { id: KEY },
      kmsKeyRaw: KEY,
    });
    expect(pii?.meta.type).toBe('aws_bedrock_guardrail');
    const topics = byName.get('topics');
    expect(topics?.kmsKey).toBeUndefined();
    expect(topics?.defaultEncryption).toBe('AWS owned key');
    const unread = byName.get('denied');
    expect(unread?.meta.unreadable).toEqual({
      kmsKey: 'bedrock:GetGuardrail',
      kmsKeyRaw: 'bedrock:GetGuardrail',
      encrypted: 'bedrock:GetGuardrail',
    });
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'bedrock:GetGuardrail', reason: 'access-denied', kinds: [] }),
    ]);
    // KMS-001: the AWS owned key fails, the unread guardrail is not assessed, never passed.
    const results = kms001.check(inv, { config, profile: 'regulated' });
    const status = (name: string) =>
      results
        .filter((r) => r.resource.address === byName.get(name)?.meta.address)
        .map((r) => `${r.status}/${r.reason ?? ''}`);
    expect(status('topics')).toEqual(['fail/']);
    expect(status('denied')).toEqual(['not-assessed/access-denied']);
  });
});

describe('Bedrock agents and knowledge bases', () => {
  it('read the agent key and foundation model, the knowledge base embedding model and its data sources’ keys', async () => {
    track(mockClient(BedrockAgentClient))
      .on(ListAgentsCommand)
      .resolves({
        agentSummaries: [
          { agentId: 'A1', agentName: 'keyed', agentStatus: 'PREPARED', updatedAt: new Date() },
          { agentId: 'A2', agentName: 'plain', agentStatus: 'NOT_PREPARED', updatedAt: new Date() },
          { agentId: 'A3', agentName: 'leaving', agentStatus: 'DELETING', updatedAt: new Date() },
        ],
      })
      .on(GetAgentCommand, { agentId: 'A1' })
      .resolves({
        agent: {
          agentId: 'A1',
          agentName: 'keyed',
          agentArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/A1`,
          customerEncryptionKeyArn: KEY,
          foundationModel: 'anthropic.claude-3-haiku-20240307-v1:0',
        } as never,
      })
      .on(GetAgentCommand, { agentId: 'A2' })
      .rejects(denied())
      .on(ListKnowledgeBasesCommand)
      .resolves({
        knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1', name: 'docs', status: 'ACTIVE', updatedAt: new Date() }],
      })
      .on(GetKnowledgeBaseCommand)
      .resolves({
        knowledgeBase: {
          knowledgeBaseId: 'KB1',
          name: 'docs',
          knowledgeBaseArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/KB1`,
          knowledgeBaseConfiguration: {
            type: 'VECTOR',
            vectorKnowledgeBaseConfiguration: {
              embeddingModelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.titan-embed-text-v2:0`,
            },
          },
        } as never,
      })
      .on(ListDataSourcesCommand, { knowledgeBaseId: 'KB1' })
      .resolves({
        dataSourceSummaries: [
          { knowledgeBaseId: 'KB1', dataSourceId: 'DS1', name: 'wiki', status: 'AVAILABLE', updatedAt: new Date() },
          { knowledgeBaseId: 'KB1', dataSourceId: 'DS2', name: 'tickets', status: 'AVAILABLE', updatedAt: new Date() },
        ],
      })
      .on(GetDataSourceCommand, { knowledgeBaseId: 'KB1', dataSourceId: 'DS1' })
      .resolves({
        dataSource: {
          dataSourceId: 'DS1',
          name: 'wiki',
          serverSideEncryptionConfiguration: { kmsKeyArn: KEY },
        } as never,
      })
      .on(GetDataSourceCommand, { knowledgeBaseId: 'KB1', dataSourceId: 'DS2' })
      .resolves({ dataSource: { dataSourceId: 'DS2', name: 'tickets' } as never });
    const inv = await scan(['bedrock-agent']);
    const byName = new Map(ofKind(inv, 'DataStore').map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual(['docs', 'keyed', 'plain', 'tickets', 'wiki']);
    const kbArn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/KB1`;
    expect(byName.get('wiki')).toMatchObject({
      storeKind: 'bedrock-data-source',
      id: 'DS1,KB1',
      encrypted: true,
      kmsKey: { id: KEY },
      kmsKeyRaw: KEY,
    });
    expect(byName.get('wiki')?.meta).toMatchObject({
      type: 'aws_bedrockagent_data_source',
      address: `${kbArn}/data-source/DS1`,
    });
    expect(byName.get('tickets')).toMatchObject({
      storeKind: 'bedrock-data-source',
      defaultEncryption: 'AWS owned key',
    });
    expect(byName.get('tickets')?.kmsKey).toBeUndefined();
    expect(byName.get('keyed')).toMatchObject({
      storeKind: 'bedrock-agent',
      id: 'A1',
      arn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/A1`,
      encrypted: true,
      kmsKey: { id: KEY },
      kmsKeyRaw: KEY,
      modelArns: ['anthropic.claude-3-haiku-20240307-v1:0'],
    });
    expect(byName.get('keyed')?.meta.type).toBe('aws_bedrockagent_agent');
    expect(byName.get('plain')?.meta.unreadable).toEqual({
      kmsKey: 'bedrock:GetAgent',
      kmsKeyRaw: 'bedrock:GetAgent',
      encrypted: 'bedrock:GetAgent',
      modelArns: 'bedrock:GetAgent',
    });
    expect(byName.get('docs')).toMatchObject({
      storeKind: 'bedrock-knowledge-base',
      modelArns: [`arn:aws:bedrock:${REGION}::foundation-model/amazon.titan-embed-text-v2:0`],
    });
    expect(byName.get('docs')?.meta.type).toBe('aws_bedrockagent_knowledge_base');
    expect(failedGaps(inv)).toEqual([expect.objectContaining({ call: 'bedrock:GetAgent', reason: 'access-denied' })]);
  });
});

describe('SageMaker endpoint configurations', () => {
  const arn = (name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint-config/${name}`;
  const summary = (name: string) => ({
    EndpointConfigName: name,
    EndpointConfigArn: arn(name),
    CreationTime: new Date(),
  });

  it('read every page and each key; KMS-001 fails the AWS managed key and never passes an unread one', async () => {
    track(mockClient(SageMakerClient))
      .on(ListNotebookInstancesCommand)
      .resolves({ NotebookInstances: [] })
      .on(ListDomainsCommand)
      .resolves({ Domains: [] })
      .on(ListModelsCommand)
      .resolves({ Models: [] })
      .on(ListEndpointConfigsCommand)
      .resolves({ EndpointConfigs: [summary('keyed'), summary('managed')], NextToken: 'n' })
      .on(ListEndpointConfigsCommand, { NextToken: 'n' })
      .resolves({ EndpointConfigs: [summary('hidden')] })
      .on(DescribeEndpointConfigCommand, { EndpointConfigName: 'keyed' })
      .resolves({
        EndpointConfigName: 'keyed',
        EndpointConfigArn: arn('keyed'),
        KmsKeyId: KEY,
        ProductionVariants: [],
        CreationTime: new Date(),
      })
      .on(DescribeEndpointConfigCommand, { EndpointConfigName: 'managed' })
      .resolves({
        EndpointConfigName: 'managed',
        EndpointConfigArn: arn('managed'),
        ProductionVariants: [],
        CreationTime: new Date(),
      })
      .on(DescribeEndpointConfigCommand, { EndpointConfigName: 'hidden' })
      .rejects(denied());
    const inv = await scan(['sagemaker']);
    const stores = ofKind(inv, 'DataStore').sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    expect(
      stores.map((d) => [d.meta.type, d.storeKind, d.id, d.arn, d.encrypted, d.kmsKey, d.defaultEncryption]),
    ).toEqual([
      [
        'aws_sagemaker_endpoint_configuration',
        'sagemaker-endpoint',
        'hidden',
        arn('hidden'),
        undefined,
        undefined,
        undefined,
      ],
      [
        'aws_sagemaker_endpoint_configuration',
        'sagemaker-endpoint',
        'keyed',
        arn('keyed'),
        true,
        { id: KEY },
        undefined,
      ],
      [
        'aws_sagemaker_endpoint_configuration',
        'sagemaker-endpoint',
        'managed',
        arn('managed'),
        true,
        undefined,
        'AWS managed key',
      ],
    ]);
    expect(stores[0].meta.unreadable).toEqual({
      encrypted: 'sagemaker:DescribeEndpointConfig',
      kmsKey: 'sagemaker:DescribeEndpointConfig',
      kmsKeyRaw: 'sagemaker:DescribeEndpointConfig',
    });
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'sagemaker:DescribeEndpointConfig', reason: 'access-denied', kinds: [] }),
    ]);
    const results = kms001.check(inv, { config, profile: 'highest-trust' });
    expect(results.map((r) => [r.resource.address, r.status, r.reason])).toEqual([
      [arn('hidden'), 'not-assessed', 'access-denied'],
      // A named key this scan did not read (no KMS collector here) is for review, as in a plan naming one.
      [arn('keyed'), 'not-assessed', 'needs-review'],
      [arn('managed'), 'fail', undefined],
    ]);
  });

  it('a refused listing is a gap over data stores, with no configuration invented', async () => {
    track(mockClient(SageMakerClient))
      .on(ListNotebookInstancesCommand)
      .resolves({ NotebookInstances: [] })
      .on(ListDomainsCommand)
      .resolves({ Domains: [] })
      .on(ListModelsCommand)
      .resolves({ Models: [] })
      .on(ListEndpointConfigsCommand)
      .rejects(denied());
    const inv = await scan(['sagemaker']);
    expect(ofKind(inv, 'DataStore')).toEqual([]);
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'sagemaker:ListEndpointConfigs', reason: 'access-denied', kinds: ['DataStore'] }),
    ]);
  });
});

describe('per-resource refusals of the SDK collectors', () => {
  it('a notebook or domain that cannot be described is not assessed by NET-006, never passed', async () => {
    track(mockClient(SageMakerClient))
      .on(ListNotebookInstancesCommand)
      .resolves({
        NotebookInstances: [
          {
            NotebookInstanceName: 'nb',
            NotebookInstanceArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:notebook-instance/nb`,
          },
        ],
      })
      .on(DescribeNotebookInstanceCommand)
      .rejects(denied())
      .on(ListDomainsCommand)
      .resolves({
        Domains: [
          { DomainId: 'd-1', DomainName: 'studio', DomainArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:domain/d-1` },
        ],
      })
      .on(DescribeDomainCommand)
      .rejects(denied())
      .on(ListModelsCommand)
      .resolves({
        Models: [
          { ModelName: 'm', ModelArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/m`, CreationTime: new Date() },
        ],
      })
      .on(DescribeModelCommand)
      .rejects(denied())
      .on(ListEndpointConfigsCommand)
      .resolves({ EndpointConfigs: [] });
    const inv = await scan(['sagemaker']);
    const results = net006.check(inv, { config, profile: 'regulated' });
    expect(results.map((r) => [r.resource.type, r.status, r.reason])).toEqual([
      ['aws_sagemaker_domain', 'not-assessed', 'access-denied'],
      ['aws_sagemaker_notebook_instance', 'not-assessed', 'access-denied'],
    ]);
    // The model's images are unread: one artefact whose location DEP-004 cannot pass.
    const dep = dep004.check(inv, { config, profile: 'regulated' });
    expect(dep.map((r) => [r.resource.address, r.status, r.reason])).toEqual([
      [`arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/m`, 'not-assessed', 'access-denied'],
    ]);
    expect(
      failedGaps(inv)
        .map((g) => g.call)
        .sort(),
    ).toEqual(['sagemaker:DescribeDomain', 'sagemaker:DescribeModel', 'sagemaker:DescribeNotebookInstance']);
  });

  it('CodeBuild projects are described 100 at a time; a refused batch leaves its projects unread', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    track(mockClient(CodeBuildClient))
      .on(ListProjectsCommand)
      .resolves({ projects: names.slice(0, 100), nextToken: 't' })
      .on(ListProjectsCommand, { nextToken: 't' })
      .resolves({ projects: names.slice(100) })
      .on(BatchGetProjectsCommand)
      .callsFake((input: { names: string[] }) => {
        if (input.names.includes('p100')) throw denied();
        return {
          projects: input.names.map((name) => ({
            name,
            arn: `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/${name}`,
            vpcConfig:
              name === 'p000' ? { vpcId: 'vpc-1', subnets: ['subnet-1'], securityGroupIds: ['sg-1'] } : undefined,
          })),
        };
      });
    const inv = await scan(['codebuild']);
    const projects = ofKind(inv, 'ComputeWorkload');
    expect(projects).toHaveLength(150);
    const p000 = projects.find((p) => p.name === 'p000');
    expect(p000).toMatchObject({
      vpcConfigured: true,
      subnets: [{ id: 'subnet-1' }],
      securityGroups: [{ id: 'sg-1' }],
    });
    expect(projects.find((p) => p.name === 'p001')?.vpcConfigured).toBe(false);
    const unread = projects.filter((p) => p.meta.unreadable?.vpcConfigured === 'codebuild:BatchGetProjects');
    expect(unread).toHaveLength(50);
    expect(failedGaps(inv)).toEqual([
      expect.objectContaining({ call: 'codebuild:BatchGetProjects', reason: 'access-denied', kinds: [] }),
    ]);
    const results = net006.check(inv, { config, profile: 'regulated' });
    const counts = new Map<string, number>();
    for (const r of results)
      counts.set(`${r.status}/${r.reason ?? ''}`, (counts.get(`${r.status}/${r.reason ?? ''}`) ?? 0) + 1);
    // p000 passes, the 99 others read fail, the 50 unread are not assessed.
    expect(Object.fromEntries(counts)).toEqual({ 'pass/': 1, 'fail/': 99, 'not-assessed/access-denied': 50 });
  });
});
