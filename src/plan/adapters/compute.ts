/** Plan adapters for compute: instances, launch templates/configurations, Lambda, SageMaker, CodeBuild. */
import { DEFAULTS } from '../../model/defaults.js';
import type { ComputeWorkload } from '../../model/types.js';
import { own } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import {
  block,
  blocks,
  bool,
  configSets,
  metaOf,
  readWithDefault,
  refsAt,
  str,
  strings,
  tags,
  type Adapter,
  type AdapterContext,
} from './context.js';
import type { Fills } from './context.js';
import { sagemakerStorage } from './databases.js';
import { findParent, type Folder } from './fold.js';

function base(
  raw: RawResource,
  computeKind: ComputeWorkload['computeKind'],
  fields: Record<string, ReadonlyArray<string | number>>,
): ComputeWorkload {
  return {
    kind: 'ComputeWorkload',
    computeKind,
    meta: metaOf(raw, fields),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    subnets: [],
    securityGroups: [],
  };
}

/** Launch templates carry `associate_public_ip_address` as a string ("true"/"false"/""). */
function stringBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

const instance: Adapter = (raw, ctx) => {
  const w = base(raw, 'instance', {
    associatePublicIp: ['associate_public_ip_address'],
    enclaveEnabled: ['enclave_options'],
    subnets: ['subnet_id'],
  });
  w.subnets = refsAt(ctx, raw, ['subnet_id']);
  w.securityGroups = refsAt(ctx, raw, ['vpc_security_group_ids']);
  w.associatePublicIp = bool(raw, ['associate_public_ip_address']);
  // Optional+Computed: left unset it is unknown at plan time and the subnet's setting decides.
  if (!configSets(raw, ['associate_public_ip_address']) && w.meta.unknown)
    w.meta.unknown = w.meta.unknown.filter((f) => f !== 'associatePublicIp');
  w.enclaveEnabled = bool(raw, ['enclave_options', 0, 'enabled']) ?? false;
  ctx.emit(w);
};

const launchTemplate: Adapter = (raw, ctx) => {
  const w = base(raw, 'launch-template', {
    associatePublicIp: ['network_interfaces'],
    enclaveEnabled: ['enclave_options'],
  });
  const nics = blocks(raw, ['network_interfaces']);
  const publicFlags = nics.map((n) => stringBool(own(n, 'associate_public_ip_address')));
  w.associatePublicIp = publicFlags.includes(true) ? true : publicFlags.includes(false) ? false : undefined;
  w.securityGroups = refsAt(ctx, raw, ['vpc_security_group_ids']);
  w.enclaveEnabled = bool(raw, ['enclave_options', 0, 'enabled']) ?? false;
  ctx.emit(w);
};

const launchConfiguration: Adapter = (raw, ctx) => {
  const w = base(raw, 'launch-configuration', { associatePublicIp: ['associate_public_ip_address'] });
  w.associatePublicIp = bool(raw, ['associate_public_ip_address']);
  w.securityGroups = refsAt(ctx, raw, ['security_groups']);
  ctx.emit(w);
};

/** `vpc_config` counts only with subnets: an empty block leaves the function on AWS's network. */
function vpcAttachment(ctx: AdapterContext, raw: RawResource, w: ComputeWorkload, subnetsAttr: string): void {
  const vpc = block(raw, ['vpc_config']);
  w.vpcConfigured = vpc !== undefined;
  if (vpc) {
    w.subnets = refsAt(ctx, raw, ['vpc_config', 0, subnetsAttr]);
    w.securityGroups = refsAt(ctx, raw, ['vpc_config', 0, 'security_group_ids']);
  } else if (configSets(raw, ['vpc_config'])) {
    w.vpcConfigured = true;
  }
}

const lambda: Adapter = (raw, ctx) => {
  const w = base(raw, 'lambda', {
    subnets: ['vpc_config', 0, 'subnet_ids'],
    vpcConfigured: ['vpc_config'],
    layers: ['layers'],
  });
  w.name = str(raw, ['function_name']);
  vpcAttachment(ctx, raw, w, 'subnet_ids');
  w.layers = strings(raw, ['layers']);
  w.runtime = str(raw, ['runtime']);
  w.imageUri = str(raw, ['image_uri']);
  ctx.emit(w);
};

const notebookVolume = sagemakerStorage('sagemaker-notebook-volume', ['kms_key_id']);
const domainVolume = sagemakerStorage('sagemaker-domain-volume', ['kms_key_id']);

const sagemakerNotebook: Adapter = (raw, ctx) => {
  // The volume first: the workload, emitted after it, is what the address resolves to.
  notebookVolume(raw, ctx);
  const w = base(raw, 'sagemaker-notebook', { directInternetAccess: ['direct_internet_access'] });
  w.name = str(raw, ['name']);
  readWithDefault(
    w,
    'directInternetAccess',
    raw,
    ['direct_internet_access'],
    str,
    DEFAULTS.sagemakerDirectInternetAccess,
  );
  w.subnets = refsAt(ctx, raw, ['subnet_id']);
  w.securityGroups = refsAt(ctx, raw, ['security_groups']);
  ctx.emit(w);
};

const sagemakerDomain: Adapter = (raw, ctx) => {
  domainVolume(raw, ctx);
  const w = base(raw, 'sagemaker-domain', { appNetworkAccessType: ['app_network_access_type'] });
  w.name = str(raw, ['domain_name']);
  readWithDefault(
    w,
    'appNetworkAccessType',
    raw,
    ['app_network_access_type'],
    str,
    DEFAULTS.sagemakerAppNetworkAccessType,
  );
  w.subnets = refsAt(ctx, raw, ['subnet_ids']);
  ctx.emit(w);
};

const codebuild: Adapter = (raw, ctx) => {
  const w = base(raw, 'codebuild', { subnets: ['vpc_config', 0, 'subnets'], vpcConfigured: ['vpc_config'] });
  w.name = str(raw, ['name']);
  vpcAttachment(ctx, raw, w, 'subnets');
  ctx.emit(w);
};

export const computeAdapters: Record<string, Adapter> = {
  aws_instance: instance,
  aws_launch_template: launchTemplate,
  aws_launch_configuration: launchConfiguration,
  aws_lambda_function: lambda,
  aws_sagemaker_notebook_instance: sagemakerNotebook,
  aws_sagemaker_domain: sagemakerDomain,
  aws_codebuild_project: codebuild,
};

const lambdaNames = new WeakMap<AdapterContext['inventory'], Map<string, ComputeWorkload>>();

function lambdasByName(ctx: AdapterContext): Map<string, ComputeWorkload> {
  let map = lambdaNames.get(ctx.inventory);
  if (!map) {
    map = new Map();
    for (const e of ctx.inventory.byKind.get('ComputeWorkload') ?? []) {
      if (e.kind === 'ComputeWorkload' && e.computeKind === 'lambda' && e.name && !map.has(e.name)) map.set(e.name, e);
    }
    lambdaNames.set(ctx.inventory, map);
  }
  return map;
}

export const computeFolders: Record<string, Folder> = {
  aws_lambda_runtime_management_config: (raw, ctx) => {
    // A Lambda function's id is its name, so a known function_name resolves like a reference; a
    // function created in the same plan has no id yet and is found by its name.
    const name = str(raw, ['function_name']);
    const fn =
      findParent(ctx, raw, ['function_name'], 'ComputeWorkload') ?? (name ? lambdasByName(ctx).get(name) : undefined);
    if (!fn) return;
    fn.runtimeUpdateMode = str(raw, ['update_runtime_on']) ?? 'Auto';
    (fn.meta.origin ??= {}).runtimeUpdateMode = `${raw.address}.update_runtime_on`;
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const computeFills: Fills = {
  aws_instance: ['ComputeWorkload'],
  aws_launch_template: ['ComputeWorkload'],
  aws_launch_configuration: ['ComputeWorkload'],
  aws_lambda_function: ['ComputeWorkload'],
  aws_lambda_runtime_management_config: ['ComputeWorkload'],
  aws_sagemaker_notebook_instance: ['ComputeWorkload', 'DataStore'],
  aws_sagemaker_domain: ['ComputeWorkload', 'DataStore'],
  aws_codebuild_project: ['ComputeWorkload'],
};
