/**
 * Bedrock collector: the region's model invocation logging configuration. Bedrock answers an empty
 * `loggingConfig` (not an error) when logging was never configured: then no entity is added, as a plan
 * without `aws_bedrock_model_invocation_logging_configuration` has none.
 */
import {
  BedrockClient,
  GetModelInvocationLoggingConfigurationCommand,
  type LoggingConfig,
} from '@aws-sdk/client-bedrock';
import type { InvocationLogging } from '../model/types.js';
import type { ScanContext } from './context.js';

const CALL = 'bedrock:GetModelInvocationLoggingConfiguration';

/** Whether an answered configuration configures anything at all. */
export function loggingConfigured(cfg: LoggingConfig | undefined): cfg is LoggingConfig {
  if (!cfg) return false;
  return Object.values(cfg).some((v) => v !== undefined && v !== null);
}

export async function collectBedrock(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('bedrock', region, (config) => new BedrockClient(config));
  const a = await ctx.call({ call: CALL, kinds: ['InvocationLogging'], region }, () =>
    client.send(new GetModelInvocationLoggingConfigurationCommand({})),
  );
  if (a.state !== 'ok') return;
  const cfg = a.value.loggingConfig;
  if (!loggingConfigured(cfg)) return;
  // The configuration is a per-region singleton without an ARN of its own; this address names it alike.
  const address = `arn:${ctx.partition}:bedrock:${region}:${ctx.account}:model-invocation-logging-configuration`;
  const fields = [
    'textDelivery',
    'imageDelivery',
    'embeddingDelivery',
    's3Bucket',
    's3BucketName',
    'cloudWatchLogGroup',
  ];
  const entity: InvocationLogging = {
    kind: 'InvocationLogging',
    meta: ctx.meta(
      'aws_bedrock_model_invocation_logging_configuration',
      address,
      region,
      Object.fromEntries(fields.map((f) => [f, CALL])),
    ),
    id: region,
    textDelivery: cfg.textDataDeliveryEnabled,
    imageDelivery: cfg.imageDataDeliveryEnabled,
    embeddingDelivery: cfg.embeddingDataDeliveryEnabled,
  };
  const bucket = cfg.s3Config?.bucketName;
  if (bucket) {
    entity.s3Bucket = { id: bucket };
    entity.s3BucketName = bucket;
  }
  if (cfg.cloudWatchConfig?.logGroupName) entity.cloudWatchLogGroup = cfg.cloudWatchConfig.logGroupName;
  ctx.add(entity);
}
