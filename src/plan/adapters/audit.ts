/**
 * Plan adapters for the audit trail: CloudTrail trails (classic and advanced event selectors) and
 * Bedrock model invocation logging. Provider defaults are applied where Terraform leaves an argument
 * unset, because that is what AWS will run: global service events and logging on, the rest off. A value of a
 * type the provider does not take is not unset: it leaves its field unsettled, never read as the default.
 */
import type { InvocationLogging, Trail } from '../../model/types.js';
import { isUnknown } from '../../model/inventory.js';
import { type FieldOf, markUnknown } from '../../model/values.js';
import { isObject, own, type Json, type JsonObject } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import { block, metaOf, refAt, str, tags, unknownAt, value, type Adapter } from './context.js';
import type { Fills } from './context.js';

/**
 * What a plan holds where a value of one JSON type belongs. `absent` (unset or null) leaves the provider
 * default; `garbage` (an object where a string belongs, a list holding a number) settles nothing: the field
 * it feeds is marked unsettled, never read as the default nor as its text (`[object Object]`).
 */
type Read<T> = { state: 'absent' } | { state: 'given'; value: T } | { state: 'garbage' };

function typed<T extends Json>(v: Json | undefined, is: (x: Json) => x is T): Read<T> {
  if (v === undefined || v === null) return { state: 'absent' };
  return is(v) ? { state: 'given', value: v } : { state: 'garbage' };
}

/** Said after the attribute an unsettled field names as its origin: why the value there settles nothing. */
const NOT_TAKEN = '(a value of a type the provider does not take)';

const isString = (x: Json): x is string => typeof x === 'string';
const isBoolean = (x: Json): x is boolean => typeof x === 'boolean';
const isStringList = (x: Json): x is string[] => Array.isArray(x) && x.every(isString);
const isList = (x: Json): x is Json[] => Array.isArray(x);

/** Trail fields the plan gives a value of the wrong type for, with the attribute that holds it. */
type Garbage = Map<FieldOf<Trail>, string>;

/** A boolean argument: its value, the provider default when unset, undefined when unknown or not a boolean. */
function flag(raw: RawResource, attr: string, fallback: boolean, garbage: Garbage, field: FieldOf<Trail>) {
  if (unknownAt(raw, [attr])) return undefined;
  const read = typed(value(raw, [attr]), isBoolean);
  if (read.state === 'garbage') garbage.set(field, attr);
  return read.state === 'given' ? read.value : read.state === 'absent' ? fallback : undefined;
}

/** A block list such as `event_selector`: its blocks, or undefined when the attribute is not a list of blocks. */
function blockList(raw: RawResource, attr: string): JsonObject[] | undefined {
  const v = value(raw, [attr]);
  if (v === undefined || v === null) return [];
  if (isObject(v)) return [v];
  return Array.isArray(v) && v.every(isObject) ? v : undefined;
}

type FieldSelector = Trail['advancedEventSelectors'][number]['fieldSelectors'][number];

const OPERATORS = [
  ['equals', 'equals'],
  ['notEquals', 'not_equals'],
  ['startsWith', 'starts_with'],
  ['endsWith', 'ends_with'],
  ['notStartsWith', 'not_starts_with'],
  ['notEndsWith', 'not_ends_with'],
] as const;

/** One advanced field selector, or undefined when its field or an operator's values are not what CloudTrail takes. */
function fieldSelector(f: Json): FieldSelector | undefined {
  const name = typed(own(f, 'field'), isString);
  if (name.state !== 'given') return undefined;
  const out: FieldSelector = { field: name.value };
  for (const [key, attr] of OPERATORS) {
    const list = typed(own(f, attr), isStringList);
    if (list.state === 'garbage') return undefined;
    if (list.state === 'given' && list.value.length) out[key] = list.value;
  }
  return out;
}

/*
 * A selector that cannot be read (unknown until apply, or of the wrong type) is kept as one that records
 * nothing: the trail's field is marked unsettled, and what the rest of its selectors record stays a lower
 * bound. Dropping only the unreadable part would widen it (a field selector only narrows), and dropping every
 * selector would read as CloudTrail's default of all management events.
 */
const advancedRecordingNothing = (): Trail['advancedEventSelectors'][number] => ({ fieldSelectors: [] });
const classicRecordingNothing = (): Trail['eventSelectors'][number] => ({
  readWriteType: 'All',
  includeManagementEvents: false,
  dataResourceTypes: [],
});

function advancedSelectors(raw: RawResource, garbage: Garbage): Trail['advancedEventSelectors'] {
  const list = blockList(raw, 'advanced_event_selector');
  if (!list) {
    garbage.set('advancedEventSelectors', 'advanced_event_selector');
    return [advancedRecordingNothing()];
  }
  return list.map((s, i) => {
    const name = own(s, 'name');
    const fields = typed(own(s, 'field_selector'), isList);
    const read = fields.state === 'given' ? fields.value.map(fieldSelector) : [];
    const readable = fields.state !== 'garbage' && !read.includes(undefined);
    if (!readable) garbage.set('advancedEventSelectors', 'advanced_event_selector');
    if (!readable || unknownAt(raw, ['advanced_event_selector', i])) return advancedRecordingNothing();
    return {
      name: typeof name === 'string' ? name : undefined,
      fieldSelectors: read.filter((f): f is FieldSelector => f !== undefined),
    };
  });
}

function classicSelectors(raw: RawResource, garbage: Garbage): Trail['eventSelectors'] {
  const list = blockList(raw, 'event_selector');
  if (!list) {
    garbage.set('eventSelectors', 'event_selector');
    return [classicRecordingNothing()];
  }
  return list.map((s, i) => {
    const rw = typed(own(s, 'read_write_type'), isString);
    const mgmt = typed(own(s, 'include_management_events'), isBoolean);
    const resources = typed(own(s, 'data_resource'), isList);
    const types = (resources.state === 'given' ? resources.value : []).map((d) => typed(own(d, 'type'), isString));
    // The provider requires each data_resource's type: one without a string there is as unreadable as garbage.
    const readable =
      ![rw, mgmt, resources, ...types].some((r) => r.state === 'garbage') && types.every((t) => t.state === 'given');
    if (!readable) garbage.set('eventSelectors', 'event_selector');
    if (!readable || unknownAt(raw, ['event_selector', i])) return classicRecordingNothing();
    return {
      // Provider defaults: All, management events included.
      readWriteType: rw.state === 'given' ? rw.value : 'All',
      includeManagementEvents: mgmt.state === 'given' ? mgmt.value : true,
      dataResourceTypes: types.flatMap((t) => (t.state === 'given' ? [t.value] : [])),
    };
  });
}

const trail: Adapter = (raw, ctx) => {
  const garbage: Garbage = new Map();
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
    multiRegion: flag(raw, 'is_multi_region_trail', false, garbage, 'multiRegion'),
    logFileValidation: flag(raw, 'enable_log_file_validation', false, garbage, 'logFileValidation'),
    includeGlobalEvents: flag(raw, 'include_global_service_events', true, garbage, 'includeGlobalEvents'),
    isOrganizationTrail: flag(raw, 'is_organization_trail', false, garbage, 'isOrganizationTrail'),
    logging: flag(raw, 'enable_logging', true, garbage, 'logging'),
    kmsKey: refAt(ctx, raw, ['kms_key_id']),
    eventSelectors: classicSelectors(raw, garbage),
    advancedEventSelectors: advancedSelectors(raw, garbage),
  };
  // A part unknown until apply (a selector's field, say) reads as absent: that is unknown, not the wrong type.
  for (const [field, attr] of garbage)
    if (!isUnknown(t, field)) markUnknown(t, field, `${raw.address}.${attr} ${NOT_TAKEN}`);
  ctx.emit(t);
};

const invocationLogging: Adapter = (raw, ctx) => {
  const cfg = ['logging_config', 0];
  const garbage = new Map<FieldOf<InvocationLogging>, string>();
  const delivery = (field: FieldOf<InvocationLogging>, attr: string): boolean | undefined => {
    if (unknownAt(raw, [...cfg, attr])) return undefined;
    const read = typed(own(block(raw, ['logging_config']), attr), isBoolean);
    if (read.state === 'garbage') garbage.set(field, `logging_config.0.${attr}`);
    // The provider defaults every delivery flag to true.
    return read.state === 'given' ? read.value : read.state === 'absent' ? true : undefined;
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
    textDelivery: delivery('textDelivery', 'text_data_delivery_enabled'),
    imageDelivery: delivery('imageDelivery', 'image_data_delivery_enabled'),
    embeddingDelivery: delivery('embeddingDelivery', 'embedding_data_delivery_enabled'),
    s3Bucket: refAt(ctx, raw, [...cfg, 's3_config', 0, 'bucket_name']),
    s3BucketName: str(raw, [...cfg, 's3_config', 0, 'bucket_name']),
    cloudWatchLogGroup: str(raw, [...cfg, 'cloudwatch_config', 0, 'log_group_name']),
  };
  // A log group named by reference is unknown until apply but still a destination.
  if (!entity.cloudWatchLogGroup && refAt(ctx, raw, [...cfg, 'cloudwatch_config', 0, 'log_group_name'])) {
    entity.cloudWatchLogGroup = refAt(ctx, raw, [...cfg, 'cloudwatch_config', 0, 'log_group_name'])?.address;
  }
  for (const [field, attr] of garbage)
    if (!isUnknown(entity, field)) markUnknown(entity, field, `${raw.address}.${attr} ${NOT_TAKEN}`);
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
