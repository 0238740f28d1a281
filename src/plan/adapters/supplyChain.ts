/**
 * Plan adapters for artefacts pulled at runtime: Lambda layers and container images (Lambda, ECS task
 * definitions, SageMaker models), ECR pull-through cache upstreams and CodeArtifact external
 * connections. A layer or image named by reference to a resource of this input (an
 * `aws_lambda_layer_version`, an `aws_ecr_repository`) is unknown until apply but known to be local:
 * `providedBy` keeps that fact.
 */
import type { ArtifactSource, Ref } from '../../model/types.js';
import { own, type Json } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import {
  blocks,
  metaOf,
  referencedAddresses,
  str,
  strings,
  tags,
  unknownAt,
  type Adapter,
  type AdapterContext,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import type { Folder } from './fold.js';

const PROVIDERS = new Set(['aws_lambda_layer_version', 'aws_ecr_repository', 'aws_ecrpublic_repository']);

function artifact(
  raw: RawResource,
  suffix: string,
  artifactKind: ArtifactSource['artifactKind'],
  location: string | undefined,
  path: Path,
  extra: Partial<Pick<ArtifactSource, 'consumer' | 'providedBy'>> = {},
): ArtifactSource {
  const meta = metaOf(raw, { location: path });
  // Several artefacts of one resource need distinct addresses; findings name the consumer.
  if (suffix) meta.address = `${raw.address}::${suffix}`;
  if (location !== undefined && meta.unknown) meta.unknown = meta.unknown.filter((f) => f !== 'location');
  if (location === undefined && !extra.providedBy && unknownAt(raw, path) && !(meta.unknown ?? []).includes('location'))
    (meta.unknown ??= []).push('location');
  // An artefact of a consumer shares its id; only the consumer answers to it.
  return {
    kind: 'ArtifactSource',
    meta,
    id: extra.consumer ? undefined : str(raw, ['id']),
    tags: tags(raw),
    artifactKind,
    location,
    ...extra,
  };
}

/** References at `path` to resources of this input that provide artefacts. */
function localProviders(ctx: AdapterContext, raw: RawResource, path: Path): Ref[] {
  return referencedAddresses(ctx, raw, path)
    .filter((a) => PROVIDERS.has(ctx.plan.byAddress.get(a)?.type ?? ''))
    .map((address) => ({ address }));
}

const lambdaArtifacts: Folder = (raw, ctx) => {
  const consumer: Ref = { address: raw.address, id: str(raw, ['function_name']) };
  const known = strings(raw, ['layers']);
  known.forEach((arn, i) => {
    ctx.emit(artifact(raw, `layer:${i}`, 'lambda-layer', arn, ['layers', i], { consumer }));
  });
  if (unknownAt(raw, ['layers'])) {
    const local = localProviders(ctx, raw, ['layers']);
    local.forEach((p, i) => {
      ctx.emit(artifact(raw, `layer-ref:${i}`, 'lambda-layer', undefined, ['layers'], { consumer, providedBy: p }));
    });
    if (local.length === 0)
      ctx.emit(artifact(raw, 'layer-ref:unknown', 'lambda-layer', undefined, ['layers'], { consumer }));
  }
  const image = str(raw, ['image_uri']);
  if (image !== undefined || unknownAt(raw, ['image_uri'])) {
    const providedBy = image === undefined ? localProviders(ctx, raw, ['image_uri'])[0] : undefined;
    ctx.emit(
      artifact(raw, 'image', 'container-image', image, ['image_uri'], {
        consumer,
        ...(providedBy ? { providedBy } : {}),
      }),
    );
  }
};

/** `container_definitions` is a JSON string: each container's `image`. */
const ecsTaskDefinition: Adapter = (raw, ctx) => {
  const text = str(raw, ['container_definitions']);
  const consumer: Ref = { address: raw.address };
  if (text === undefined) {
    if (unknownAt(raw, ['container_definitions'])) {
      const providedBy = localProviders(ctx, raw, ['container_definitions'])[0];
      ctx.emit(
        artifact(raw, 'image', 'container-image', undefined, ['container_definitions'], {
          consumer,
          ...(providedBy ? { providedBy } : {}),
        }),
      );
    }
    return;
  }
  let containers: Json;
  try {
    containers = JSON.parse(text) as Json;
  } catch {
    return;
  }
  (Array.isArray(containers) ? containers : []).forEach((c, i) => {
    const image = own(c, 'image');
    const name = own(c, 'name');
    if (typeof image === 'string')
      ctx.emit(
        artifact(
          raw,
          `container:${typeof name === 'string' ? name : i}`,
          'container-image',
          image,
          ['container_definitions'],
          { consumer },
        ),
      );
  });
};

const sagemakerModel: Adapter = (raw, ctx) => {
  const consumer: Ref = { address: raw.address };
  for (const attr of ['primary_container', 'container']) {
    blocks(raw, [attr]).forEach((_, i) => {
      const path: Path = [attr, i, 'image'];
      const image = str(raw, path);
      if (image === undefined && !unknownAt(raw, path)) return;
      const providedBy = image === undefined ? localProviders(ctx, raw, path)[0] : undefined;
      ctx.emit(
        artifact(raw, `${attr}:${i}`, 'container-image', image, path, {
          consumer,
          ...(providedBy ? { providedBy } : {}),
        }),
      );
    });
  }
};

const pullThroughCache: Adapter = (raw, ctx) => {
  ctx.emit(artifact(raw, '', 'ecr-pull-through', str(raw, ['upstream_registry_url']), ['upstream_registry_url']));
};

/** One entity per repository: an external connection is its location; none means nothing external. */
const codeArtifactRepository: Adapter = (raw, ctx) => {
  const connections = blocks(raw, ['external_connections']);
  const names = connections
    .map((c) => own(c, 'external_connection_name'))
    .filter((n): n is string => typeof n === 'string');
  const a = artifact(raw, '', 'codeartifact-external', names[0], ['external_connections']);
  a.name = str(raw, ['repository']);
  ctx.emit(a);
};

export const supplyChainAdapters: Record<string, Adapter> = {
  aws_ecs_task_definition: ecsTaskDefinition,
  aws_sagemaker_model: sagemakerModel,
  aws_ecr_pull_through_cache_rule: pullThroughCache,
  aws_codeartifact_repository: codeArtifactRepository,
};

export const supplyChainFolders: Record<string, Folder> = {
  aws_lambda_function: lambdaArtifacts,
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const supplyChainFills: Fills = {
  aws_ecs_task_definition: ['ArtifactSource'],
  aws_sagemaker_model: ['ArtifactSource'],
  aws_ecr_pull_through_cache_rule: ['ArtifactSource'],
  aws_codeartifact_repository: ['ArtifactSource'],
  aws_lambda_function: ['ArtifactSource'],
  // Looked up as the in-input provider of an artefact.
  aws_lambda_layer_version: ['ArtifactSource'],
  aws_ecr_repository: ['ArtifactSource'],
  aws_ecrpublic_repository: ['ArtifactSource'],
};
