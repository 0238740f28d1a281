/**
 * SageMaker collector: notebook instances (direct internet access, subnet, security groups), Studio
 * domains (app network access type, subnets), models (the container images they pull) and endpoint
 * configurations (the key of the endpoints' ML storage volumes), as the plan adapters model
 * `aws_sagemaker_notebook_instance`, `aws_sagemaker_domain`, `aws_sagemaker_model` and
 * `aws_sagemaker_endpoint_configuration`. The listings name the resources; one Describe per resource
 * answers the settings. The notebook's ML volume and the domain's EFS volume are data stores beside their
 * compute, as the plan adapters emit them (KMS-001 judges their key), from the same Describe answer.
 */
import {
  DescribeDomainCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeNotebookInstanceCommand,
  paginateListDomains,
  paginateListEndpointConfigs,
  paginateListModels,
  paginateListNotebookInstances,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { citeDefault, DEFAULTS } from '../model/defaults.js';
import type { ArtifactSource, ComputeWorkload, DataStore } from '../model/types.js';
import { collectPages, markUnknown, settleAll, type ScanContext } from './context.js';
import { encryptionUnreadable, withKey, withServiceKey } from './storeFields.js';

const LIST_NOTEBOOKS = 'sagemaker:ListNotebookInstances';
const DESCRIBE_NOTEBOOK = 'sagemaker:DescribeNotebookInstance';
const LIST_DOMAINS = 'sagemaker:ListDomains';
const DESCRIBE_DOMAIN = 'sagemaker:DescribeDomain';
const LIST_MODELS = 'sagemaker:ListModels';
const DESCRIBE_MODEL = 'sagemaker:DescribeModel';
const LIST_ENDPOINT_CONFIGS = 'sagemaker:ListEndpointConfigs';
const DESCRIBE_ENDPOINT_CONFIG = 'sagemaker:DescribeEndpointConfig';

export async function collectSageMaker(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('sagemaker', region, (config) => new SageMakerClient(config));
  await settleAll([
    notebooks(ctx, client, region),
    domains(ctx, client, region),
    models(ctx, client, region),
    endpointConfigs(ctx, client, region),
  ]);
}

function workload(
  ctx: ScanContext,
  computeKind: ComputeWorkload['computeKind'],
  type: string,
  arn: string,
  name: string,
  region: string,
): ComputeWorkload {
  return {
    kind: 'ComputeWorkload',
    computeKind,
    meta: ctx.meta(type, arn, region, {}),
    id: name,
    arn,
    name,
    subnets: [],
    securityGroups: [],
  };
}

/**
 * The storage beside a notebook or domain: the key it names, else SageMaker's AWS managed key (the
 * documented default, as in the plan); `answered` false when the Describe call failed.
 */
function storage(
  ctx: ScanContext,
  w: ComputeWorkload,
  storeKind: string,
  region: string,
  call: string,
  answered: boolean,
  kmsKeyId: string | undefined,
): DataStore {
  const store: DataStore = {
    kind: 'DataStore',
    storeKind,
    meta: ctx.meta(w.meta.type, w.meta.address, region, {}),
    name: w.name,
  };
  if (!answered) encryptionUnreadable(store.meta, call);
  else if (kmsKeyId) withKey(store, kmsKeyId, call);
  else withServiceKey(store, DEFAULTS.sagemakerKey.value, call, citeDefault(DEFAULTS.sagemakerKey));
  return store;
}

async function notebooks(ctx: ScanContext, client: SageMakerClient, region: string): Promise<void> {
  const list = await ctx.call({ call: LIST_NOTEBOOKS, kinds: ['ComputeWorkload'], region }, () =>
    collectPages(paginateListNotebookInstances({ client }, {}), (p) => p.NotebookInstances),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (n) => {
      if (!n.NotebookInstanceArn || !n.NotebookInstanceName) return;
      const name = n.NotebookInstanceName;
      // A notebook being deleted is on its way out, as a destroyed plan resource is.
      if (n.NotebookInstanceStatus === 'Deleting') return;
      const w = workload(
        ctx,
        'sagemaker-notebook',
        'aws_sagemaker_notebook_instance',
        n.NotebookInstanceArn,
        name,
        region,
      );
      const d = await ctx.call(
        { call: DESCRIBE_NOTEBOOK, kinds: ['ComputeWorkload'], region, resource: w.arn, fieldsOnly: true },
        () => client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
      );
      if (d.state === 'ok') {
        // The API always answers the setting; Enabled is also what CreateNotebookInstance applies unasked.
        w.directInternetAccess = d.value.DirectInternetAccess;
        w.subnets = d.value.SubnetId ? [{ id: d.value.SubnetId }] : [];
        w.securityGroups = (d.value.SecurityGroups ?? []).map((id) => ({ id }));
        Object.assign((w.meta.origin ??= {}), {
          directInternetAccess: DESCRIBE_NOTEBOOK,
          subnets: DESCRIBE_NOTEBOOK,
          securityGroups: DESCRIBE_NOTEBOOK,
        });
      } else {
        for (const f of ['directInternetAccess', 'subnets', 'securityGroups'])
          markUnknown(w.meta, f, DESCRIBE_NOTEBOOK);
      }
      ctx.add(w);
      const key = d.state === 'ok' ? d.value.KmsKeyId : undefined;
      ctx.add(storage(ctx, w, 'sagemaker-notebook-volume', region, DESCRIBE_NOTEBOOK, d.state === 'ok', key));
    }),
  );
}

async function domains(ctx: ScanContext, client: SageMakerClient, region: string): Promise<void> {
  const list = await ctx.call({ call: LIST_DOMAINS, kinds: ['ComputeWorkload'], region }, () =>
    collectPages(paginateListDomains({ client }, {}), (p) => p.Domains),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (s) => {
      if (!s.DomainArn || !s.DomainId) return;
      if (s.Status === 'Deleting') return;
      const domainId = s.DomainId;
      const w = workload(
        ctx,
        'sagemaker-domain',
        'aws_sagemaker_domain',
        s.DomainArn,
        s.DomainName ?? domainId,
        region,
      );
      w.id = domainId;
      const d = await ctx.call(
        { call: DESCRIBE_DOMAIN, kinds: ['ComputeWorkload'], region, resource: w.arn, fieldsOnly: true },
        () => client.send(new DescribeDomainCommand({ DomainId: domainId })),
      );
      if (d.state === 'ok') {
        // PublicInternetOnly is the service default, and DescribeDomain answers it when it applies.
        w.appNetworkAccessType = d.value.AppNetworkAccessType;
        w.subnets = (d.value.SubnetIds ?? []).map((id) => ({ id }));
        Object.assign((w.meta.origin ??= {}), { appNetworkAccessType: DESCRIBE_DOMAIN, subnets: DESCRIBE_DOMAIN });
      } else {
        for (const f of ['appNetworkAccessType', 'subnets']) markUnknown(w.meta, f, DESCRIBE_DOMAIN);
      }
      ctx.add(w);
      const key = d.state === 'ok' ? d.value.KmsKeyId : undefined;
      ctx.add(storage(ctx, w, 'sagemaker-domain-volume', region, DESCRIBE_DOMAIN, d.state === 'ok', key));
    }),
  );
}

/**
 * An endpoint configuration names the key of the ML storage volumes its endpoints' instances get: a data
 * store of its own (KMS-001), shaped as the plan adapter shapes it (id and name are the configuration's
 * name, as Terraform's id is), with SageMaker's AWS managed key when none is named.
 */
async function endpointConfigs(ctx: ScanContext, client: SageMakerClient, region: string): Promise<void> {
  const list = await ctx.call({ call: LIST_ENDPOINT_CONFIGS, kinds: ['DataStore'], region }, () =>
    collectPages(paginateListEndpointConfigs({ client, pageSize: 100 }, {}), (p) => p.EndpointConfigs),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (c) => {
      if (!c.EndpointConfigArn || !c.EndpointConfigName) return;
      const name = c.EndpointConfigName;
      const arn = c.EndpointConfigArn;
      const store: DataStore = {
        kind: 'DataStore',
        storeKind: 'sagemaker-endpoint',
        meta: ctx.meta('aws_sagemaker_endpoint_configuration', arn, region, {}),
        id: name,
        arn,
        name,
      };
      const d = await ctx.call(
        { call: DESCRIBE_ENDPOINT_CONFIG, kinds: ['DataStore'], region, resource: arn, fieldsOnly: true },
        () => client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
      );
      if (d.state !== 'ok') encryptionUnreadable(store.meta, DESCRIBE_ENDPOINT_CONFIG);
      else if (d.value.KmsKeyId) withKey(store, d.value.KmsKeyId, DESCRIBE_ENDPOINT_CONFIG);
      else
        withServiceKey(
          store,
          DEFAULTS.sagemakerKey.value,
          DESCRIBE_ENDPOINT_CONFIG,
          citeDefault(DEFAULTS.sagemakerKey),
        );
      ctx.add(store);
    }),
  );
}

/** One `container-image` artefact per container that names an image, addressed as the plan adapter does. */
async function models(ctx: ScanContext, client: SageMakerClient, region: string): Promise<void> {
  const list = await ctx.call({ call: LIST_MODELS, kinds: ['ArtifactSource'], region }, () =>
    collectPages(paginateListModels({ client }, {}), (p) => p.Models),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (m) => {
      if (!m.ModelArn || !m.ModelName) return;
      const arn = m.ModelArn;
      const name = m.ModelName;
      const consumer = { address: arn };
      const d = await ctx.call(
        { call: DESCRIBE_MODEL, kinds: ['ArtifactSource'], region, resource: arn, fieldsOnly: true },
        () => client.send(new DescribeModelCommand({ ModelName: name })),
      );
      if (d.state !== 'ok') {
        // The images stay unread: one artefact whose location is unknown, so DEP-004 cannot pass it.
        const a = artifact(ctx, region, `${arn}::image`, consumer, undefined);
        markUnknown(a.meta, 'location', DESCRIBE_MODEL);
        ctx.add(a);
        return;
      }
      const containers: Array<[string, string | undefined]> = [];
      if (d.value.PrimaryContainer) containers.push(['primary_container:0', d.value.PrimaryContainer.Image]);
      (d.value.Containers ?? []).forEach((c, i) => {
        containers.push([`container:${i}`, c.Image]);
      });
      for (const [suffix, image] of containers) {
        // A container deployed from a model package names no image of its own.
        if (image) ctx.add(artifact(ctx, region, `${arn}::${suffix}`, consumer, image));
      }
    }),
  );
}

function artifact(
  ctx: ScanContext,
  region: string,
  address: string,
  consumer: { address: string },
  location: string | undefined,
): ArtifactSource {
  return {
    kind: 'ArtifactSource',
    meta: ctx.meta('aws_sagemaker_model', address, region, { location: DESCRIBE_MODEL }),
    artifactKind: 'container-image',
    location,
    consumer,
  };
}
