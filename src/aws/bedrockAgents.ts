/**
 * Bedrock agents, knowledge bases (with their data sources) and guardrails, as the plan adapters model
 * `aws_bedrockagent_agent`, `aws_bedrockagent_knowledge_base`, `aws_bedrockagent_data_source` and
 * `aws_bedrock_guardrail`: stores for KMS-001/KMS-005 (the key an agent, data source or guardrail is
 * encrypted with; an AWS owned key when none is named) and the model ARNs RES-002 reads (an agent's
 * foundation model, a knowledge base's embedding model). The listings do not carry those settings: one
 * Get per resource does.
 */
import { BedrockClient, GetGuardrailCommand, paginateListGuardrails } from '@aws-sdk/client-bedrock';
import {
  BedrockAgentClient,
  GetAgentCommand,
  GetDataSourceCommand,
  GetKnowledgeBaseCommand,
  paginateListAgents,
  paginateListDataSources,
  paginateListKnowledgeBases,
} from '@aws-sdk/client-bedrock-agent';
import type { DataStore } from '../model/types.js';
import { collectPages, markUnknown, settleAll, type ScanContext } from './context.js';

const LIST_AGENTS = 'bedrock:ListAgents';
const GET_AGENT = 'bedrock:GetAgent';
const LIST_KBS = 'bedrock:ListKnowledgeBases';
const GET_KB = 'bedrock:GetKnowledgeBase';
const LIST_SOURCES = 'bedrock:ListDataSources';
const GET_SOURCE = 'bedrock:GetDataSource';
const LIST_GUARDRAILS = 'bedrock:ListGuardrails';
const GET_GUARDRAIL = 'bedrock:GetGuardrail';

/** What encrypts an agent or guardrail that names no key (the plan adapters' `whenNoKey`). */
const AWS_OWNED = 'AWS owned key';

export async function collectBedrockAgents(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('bedrock-agent', region, (config) => new BedrockAgentClient(config));
  await settleAll([agents(ctx, client, region), knowledgeBases(ctx, client, region)]);
}

/** The customer key a store names, or the AWS owned key the service uses when it names none. */
function keyed(store: DataStore, key: string | undefined, call: string): void {
  const origin = (store.meta.origin ??= {});
  store.encrypted = true;
  origin.encrypted = call;
  origin.kmsKey = call;
  if (key) {
    store.kmsKey = { id: key };
    store.kmsKeyRaw = key;
    origin.kmsKeyRaw = call;
  } else {
    store.defaultEncryption = AWS_OWNED;
    (store.meta.defaults ??= {}).kmsKey = AWS_OWNED;
  }
}

function unread(store: DataStore, fields: string[], call: string): void {
  for (const f of fields) markUnknown(store.meta, f, call);
}

function store(
  ctx: ScanContext,
  storeKind: string,
  type: string,
  arn: string,
  id: string,
  name: string | undefined,
  region: string,
): DataStore {
  return { kind: 'DataStore', storeKind, meta: ctx.meta(type, arn, region, {}), id, arn, name };
}

async function agents(ctx: ScanContext, client: BedrockAgentClient, region: string): Promise<void> {
  const list = await ctx.call({ call: LIST_AGENTS, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListAgents({ client }, {}), (p) => p.agentSummaries),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (s) => {
      if (!s.agentId || s.agentStatus === 'DELETING') return;
      const agentId = s.agentId;
      const arn = `arn:${ctx.partition}:bedrock:${region}:${ctx.account}:agent/${agentId}`;
      const g = await ctx.call({ call: GET_AGENT, kinds: ['DataStore'], region, resource: arn, fieldsOnly: true }, () =>
        client.send(new GetAgentCommand({ agentId })),
      );
      const agent = g.state === 'ok' ? g.value.agent : undefined;
      const d = store(
        ctx,
        'bedrock-agent',
        'aws_bedrockagent_agent',
        agent?.agentArn ?? arn,
        agentId,
        s.agentName,
        region,
      );
      if (!agent) {
        unread(d, ['kmsKey', 'kmsKeyRaw', 'encrypted', 'modelArns'], GET_AGENT);
      } else {
        keyed(d, agent.customerEncryptionKeyArn, GET_AGENT);
        if (agent.foundationModel) {
          d.modelArns = [agent.foundationModel];
          (d.meta.origin ??= {}).modelArns = GET_AGENT;
        }
      }
      ctx.add(d);
    }),
  );
}

/** A knowledge base stores nothing itself (its vector store does): it is read for the model it embeds with. */
async function knowledgeBases(ctx: ScanContext, client: BedrockAgentClient, region: string): Promise<void> {
  const list = await ctx.call({ call: LIST_KBS, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListKnowledgeBases({ client }, {}), (p) => p.knowledgeBaseSummaries),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (s) => {
      if (!s.knowledgeBaseId || s.status === 'DELETING') return;
      const kbId = s.knowledgeBaseId;
      const arn = `arn:${ctx.partition}:bedrock:${region}:${ctx.account}:knowledge-base/${kbId}`;
      const g = await ctx.call({ call: GET_KB, kinds: ['DataStore'], region, resource: arn, fieldsOnly: true }, () =>
        client.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kbId })),
      );
      const kb = g.state === 'ok' ? g.value.knowledgeBase : undefined;
      const d = store(
        ctx,
        'bedrock-knowledge-base',
        'aws_bedrockagent_knowledge_base',
        kb?.knowledgeBaseArn ?? arn,
        kbId,
        s.name,
        region,
      );
      if (!kb) unread(d, ['modelArns'], GET_KB);
      else {
        const model = kb.knowledgeBaseConfiguration?.vectorKnowledgeBaseConfiguration?.embeddingModelArn;
        if (model) {
          d.modelArns = [model];
          (d.meta.origin ??= {}).modelArns = GET_KB;
        }
      }
      ctx.add(d);
      await dataSources(ctx, client, region, kbId, d.arn ?? arn);
    }),
  );
}

/** The data sources of one knowledge base: the key each encrypts its transient ingestion data with. */
async function dataSources(
  ctx: ScanContext,
  client: BedrockAgentClient,
  region: string,
  kbId: string,
  kbArn: string,
): Promise<void> {
  const list = await ctx.call({ call: LIST_SOURCES, kinds: ['DataStore'], region, resource: kbArn }, () =>
    collectPages(paginateListDataSources({ client }, { knowledgeBaseId: kbId }), (p) => p.dataSourceSummaries),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (s) => {
      if (!s.dataSourceId || s.status === 'DELETING') return;
      const dsId = s.dataSourceId;
      // A data source has no ARN of its own; this address names it under its knowledge base.
      const address = `${kbArn}/data-source/${dsId}`;
      const g = await ctx.call(
        { call: GET_SOURCE, kinds: ['DataStore'], region, resource: address, fieldsOnly: true },
        () => client.send(new GetDataSourceCommand({ knowledgeBaseId: kbId, dataSourceId: dsId })),
      );
      // The provider's id for the resource is `data_source_id,knowledge_base_id`.
      const d = store(
        ctx,
        'bedrock-data-source',
        'aws_bedrockagent_data_source',
        address,
        `${dsId},${kbId}`,
        s.name,
        region,
      );
      d.arn = undefined;
      const source = g.state === 'ok' ? g.value.dataSource : undefined;
      if (source) keyed(d, source.serverSideEncryptionConfiguration?.kmsKeyArn, GET_SOURCE);
      else unread(d, ['kmsKey', 'kmsKeyRaw', 'encrypted'], GET_SOURCE);
      ctx.add(d);
    }),
  );
}

export async function collectGuardrails(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('bedrock', region, (config) => new BedrockClient(config));
  // Without an identifier the listing answers each guardrail once, at its working draft.
  const list = await ctx.call({ call: LIST_GUARDRAILS, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListGuardrails({ client }, {}), (p) => p.guardrails),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (s) => {
      if (!s.id || !s.arn || s.status === 'DELETING') return;
      const id = s.id;
      const g = await ctx.call(
        { call: GET_GUARDRAIL, kinds: ['DataStore'], region, resource: s.arn, fieldsOnly: true },
        () => client.send(new GetGuardrailCommand({ guardrailIdentifier: id })),
      );
      const d = store(ctx, 'bedrock-guardrail', 'aws_bedrock_guardrail', s.arn, id, s.name, region);
      if (g.state === 'ok') keyed(d, g.value.kmsKeyArn, GET_GUARDRAIL);
      else unread(d, ['kmsKey', 'kmsKeyRaw', 'encrypted'], GET_GUARDRAIL);
      ctx.add(d);
    }),
  );
}
