/**
 * Plan adapters for the audit trail: CloudTrail trails (classic and advanced event selectors) and
 * Bedrock model invocation logging. Provider defaults are applied where Terraform leaves an argument
 * unset, because that is what AWS will run: global service events and logging on, the rest off.
 */
import type { InvocationLogging, Trail } from '../../model/types.js';
import { own, type Json } from '../configuration.js';
import { block, blocks, bool, metaOf, refAt, str, tags, unknownAt, type Adapter } from './context.js';
import type { Fills } from './context.js';

function stringList(v: Json | undefined): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((x): x is string => typeof x === 'string');
  return out.length ? out : undefined;
}

/** A boolean argument: its value, the provider default when unset, undefined when unknown. */
function flag(raw: Parameters<Adapter>[0], attr: string, fallback: boolean): boolean | undefined {
  if (unknownAt(raw, [attr])) return undefined;
  return bool(raw, [attr]) ?? fallback;
}

const trail: Adapter = (raw, ctx) => {
  const eventSelectors: Trail['eventSelectors'] = blocks(raw, ['event_selector']).map((s) => {
    const rw = own(s, 'read_write_type');
    const mgmt = own(s, 'include_management_events');
    return {
      // Provider defaults: All, management events included.
      readWriteType: typeof rw === 'string' ? rw : 'All',
      includeManagementEvents: typeof mgmt === 'boolean' ? mgmt : true,
      dataResourceTypes: (Array.isArray(own(s, 'data_resource')) ? (own(s, 'data_resource') as Json[]) : []).flatMap(
        (d) => {
          const t = own(d, 'type');
          return typeof t === 'string' ? [t] : [];
        },
      ),
    };
  });
  const advancedEventSelectors: Trail['advancedEventSelectors'] = blocks(raw, ['advanced_event_selector']).map((s) => {
    const name = own(s, 'name');
    const fields = own(s, 'field_selector');
    return {
      name: typeof name === 'string' ? name : undefined,
      fieldSelectors: (Array.isArray(fields) ? fields : []).map((f) => {
        const out: Trail['advancedEventSelectors'][number]['fieldSelectors'][number] = {
          field: String(own(f, 'field') ?? ''),
        };
        const operators: Array<[keyof typeof out, string]> = [
          ['equals', 'equals'],
          ['notEquals', 'not_equals'],
          ['startsWith', 'starts_with'],
          ['endsWith', 'ends_with'],
          ['notStartsWith', 'not_starts_with'],
          ['notEndsWith', 'not_ends_with'],
        ];
        for (const [field, attr] of operators) {
          const list = stringList(own(f, attr));
          if (list && field !== 'field') out[field] = list;
        }
        return out;
      }),
    };
  });
  const t: Trail = {
    kind: 'Trail',
    meta: metaOf(raw, {
      bucket: ['s3_bucket_name'],
      bucketName: ['s3_bucket_name'],
      multiRegion: ['is_multi_region_trail'],
      logFileValidation: ['enable_log_file_validation'],
      includeGlobalEvents: ['include_global_service_events'],
      isOrganizationTrail: ['is_organization_trail'],
      logging: ['enable_logging'],
      kmsKey: ['kms_key_id'],
      eventSelectors: ['event_selector'],
      advancedEventSelectors: ['advanced_event_selector'],
    }),
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    bucket: refAt(ctx, raw, ['s3_bucket_name']),
    bucketName: str(raw, ['s3_bucket_name']),
    multiRegion: flag(raw, 'is_multi_region_trail', false),
    logFileValidation: flag(raw, 'enable_log_file_validation', false),
    includeGlobalEvents: flag(raw, 'include_global_service_events', true),
    isOrganizationTrail: flag(raw, 'is_organization_trail', false),
    logging: flag(raw, 'enable_logging', true),
    kmsKey: refAt(ctx, raw, ['kms_key_id']),
    eventSelectors,
    advancedEventSelectors,
  };
  ctx.emit(t);
};

const invocationLogging: Adapter = (raw, ctx) => {
  const cfg = ['logging_config', 0];
  const delivery = (attr: string): boolean | undefined => {
    if (unknownAt(raw, [...cfg, attr])) return undefined;
    // The provider defaults every delivery flag to true.
    const b = block(raw, ['logging_config']);
    const v = own(b, attr);
    return typeof v === 'boolean' ? v : true;
  };
  const entity: InvocationLogging = {
    kind: 'InvocationLogging',
    meta: metaOf(raw, {
      textDelivery: [...cfg, 'text_data_delivery_enabled'],
      imageDelivery: [...cfg, 'image_data_delivery_enabled'],
      embeddingDelivery: [...cfg, 'embedding_data_delivery_enabled'],
      s3Bucket: [...cfg, 's3_config', 0, 'bucket_name'],
      s3BucketName: [...cfg, 's3_config', 0, 'bucket_name'],
      cloudWatchLogGroup: [...cfg, 'cloudwatch_config', 0, 'log_group_name'],
    }),
    id: str(raw, ['id']),
    textDelivery: delivery('text_data_delivery_enabled'),
    imageDelivery: delivery('image_data_delivery_enabled'),
    embeddingDelivery: delivery('embedding_data_delivery_enabled'),
    s3Bucket: refAt(ctx, raw, [...cfg, 's3_config', 0, 'bucket_name']),
    s3BucketName: str(raw, [...cfg, 's3_config', 0, 'bucket_name']),
    cloudWatchLogGroup: str(raw, [...cfg, 'cloudwatch_config', 0, 'log_group_name']),
  };
  // A log group named by reference is unknown until apply but still a destination.
  if (!entity.cloudWatchLogGroup && refAt(ctx, raw, [...cfg, 'cloudwatch_config', 0, 'log_group_name'])) {
    entity.cloudWatchLogGroup = refAt(ctx, raw, [...cfg, 'cloudwatch_config', 0, 'log_group_name'])?.address;
  }
  ctx.emit(entity);
};

export const auditAdapters: Record<string, Adapter> = {
  aws_cloudtrail: trail,
  aws_bedrock_model_invocation_logging_configuration: invocationLogging,
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const auditFills: Fills = {
  aws_cloudtrail: ['Trail'],
  aws_bedrock_model_invocation_logging_configuration: ['InvocationLogging'],
};
