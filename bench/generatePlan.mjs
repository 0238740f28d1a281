// Synthetic `terraform show -json` plans (format_version 1.2) for the benchmark.
//
// The plan is a root module plus one `module.segment[key]` instance (for_each) per 25 resources, each holding a
// nested `module.storage`. The file is written in pieces, never held whole, so plans past V8's string limit can be
// made: `node bench/generatePlan.mjs --resources 10000 --out bench/out/plan-10k.json` or `--min-bytes 600000000`.
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ACCOUNT_ID, SEGMENT_LAYOUT, buildResource, createRandom } from './planResources.mjs';

const PROVIDER_NAME = 'registry.terraform.io/hashicorp/aws';
const ROOT_RESOURCES = [
  ['', 'aws_kms_key', 'shared', undefined],
  ['', 'aws_iam_role', 'deployer', undefined],
  ['', 'aws_iam_policy', 'deployer', undefined],
  ['', 'aws_cloudwatch_log_group', 'audit', undefined],
];
/** Arguments that refer to other resources; unknown at plan time, so `configuration` is where they can be followed. */
const REFERENCES = {
  aws_subnet: { vpc_id: ['aws_vpc.main.id', 'aws_vpc.main'] },
  aws_route_table: { vpc_id: ['aws_vpc.main.id', 'aws_vpc.main'] },
  aws_route: { route_table_id: ['aws_route_table.private.id', 'aws_route_table.private'] },
  aws_security_group: { vpc_id: ['aws_vpc.main.id', 'aws_vpc.main'] },
  aws_vpc_security_group_egress_rule: {
    security_group_id: ['aws_security_group.workload.id', 'aws_security_group.workload'],
  },
  aws_vpc_endpoint: {
    vpc_id: ['aws_vpc.main.id', 'aws_vpc.main'],
    subnet_ids: ['aws_subnet.private'],
    security_group_ids: ['aws_security_group.endpoints.id', 'aws_security_group.endpoints'],
  },
  aws_lambda_function: { role: ['aws_iam_role.handler.arn', 'aws_iam_role.handler'] },
  aws_cloudwatch_log_group: { kms_key_id: ['module.storage.kms_key_arn', 'module.storage'] },
  aws_s3_bucket_policy: {
    bucket: ['aws_s3_bucket.audit.id', 'aws_s3_bucket.audit'],
    policy: ['data.aws_iam_policy_document.audit.json', 'data.aws_iam_policy_document.audit'],
  },
  aws_s3_bucket_versioning: { bucket: ['aws_s3_bucket.audit.id', 'aws_s3_bucket.audit'] },
  aws_s3_bucket_object_lock_configuration: { bucket: ['aws_s3_bucket.audit.id', 'aws_s3_bucket.audit'] },
  aws_instance: {
    subnet_id: ['aws_subnet.private', 'count.index'],
    vpc_security_group_ids: ['aws_security_group.workload.id'],
  },
};
export const RESOURCES_PER_SEGMENT = SEGMENT_LAYOUT.length;

function segmentOf(index, seed) {
  const random = createRandom(seed * 1_000_003 + index);
  return {
    index,
    random,
    key: `seg-${String(index).padStart(5, '0')}`,
    hex: random.hex(17),
    cidr: `10.${((index % 250) + 250) % 250}.0.0/16`,
    tgw: `tgw-${random.hex(17)}`,
  };
}

/** after_unknown / sensitive_values shape: containers mirrored, known primitives inside lists as false. */
function skeleton(value) {
  if (Array.isArray(value))
    return value.map((item) => (item !== null && typeof item === 'object' ? skeleton(item) : false));
  const out = {};
  for (const [key, item] of Object.entries(value))
    if (item !== null && typeof item === 'object') out[key] = skeleton(item);
  return out;
}

function mergeTrue(target, marks) {
  for (const [key, mark] of Object.entries(marks)) {
    if (mark === true) target[key] = true;
    else if (Array.isArray(mark))
      mark.forEach((item, i) => {
        target[key] ??= [];
        target[key][i] = mergeTrue(target[key][i] ?? {}, item);
      });
    else target[key] = mergeTrue(target[key] ?? {}, mark);
  }
  return target;
}

function indexSuffix(index) {
  if (index === undefined) return '';
  return typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
}

/** One resource instance in both places it appears: planned_values and resource_changes. */
function instance(moduleAddress, [subModule, type, name, index], segment) {
  const { values, unknown, sensitive = {} } = buildResource(type, segment, name, index, segment.random);
  const modulePath =
    subModule === '' ? moduleAddress : `${moduleAddress}${moduleAddress ? '.' : ''}module.${subModule}`;
  const address = `${modulePath ? `${modulePath}.` : ''}${type}.${name}${indexSuffix(index)}`;
  const roll = segment.random.next();
  const action = roll < 0.85 ? 'create' : roll < 0.97 ? 'no-op' : 'update';
  let after = values;
  let before = null;
  const afterUnknown = skeleton(values);
  if (action === 'create') {
    for (const attribute of unknown) afterUnknown[attribute] = true;
  } else {
    // Already applied: what was unknown at first creation is known now.
    after = { ...values };
    for (const attribute of unknown) after[attribute] ??= `${attribute}-${segment.hex}`;
    before = action === 'update' ? { ...after, tags: { ...(after.tags ?? {}), Revision: 'previous' } } : after;
  }
  const sensitiveShape = mergeTrue(skeleton(after), sensitive);
  const common = {
    address,
    ...(modulePath ? { module_address: modulePath } : {}),
    mode: 'managed',
    type,
    name,
    ...(index === undefined ? {} : { index }),
    provider_name: PROVIDER_NAME,
  };
  const planned = {
    address,
    mode: 'managed',
    type,
    name,
    ...(index === undefined ? {} : { index }),
    provider_name: PROVIDER_NAME,
    schema_version: 0,
    values: after,
    sensitive_values: sensitiveShape,
  };
  const change = {
    ...common,
    change: {
      actions: [action],
      before,
      after,
      after_unknown: afterUnknown,
      before_sensitive: before === null ? false : sensitiveShape,
      after_sensitive: sensitiveShape,
    },
  };
  return { modulePath: subModule, planned, change };
}

/** Buffers small writes into large ones: a plan is written in many pieces. */
class FileWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
  }
  write(text) {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending > 4 * 1024 * 1024) this.flush();
  }
  flush() {
    if (this.parts.length === 0) return;
    this.bytes += writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

function segmentInstances(segment) {
  const moduleAddress = `module.segment[${JSON.stringify(segment.key)}]`;
  const instances = SEGMENT_LAYOUT.map((entry) => instance(moduleAddress, entry, segment));
  if (segment.index % 50 === 7) {
    // A resource being destroyed: in resource_changes only, and it must not count as part of the planned estate.
    const gone = instance(moduleAddress, ['', 'aws_instance', 'legacy', undefined], segment);
    gone.change.change = {
      ...gone.change.change,
      actions: ['delete'],
      before: gone.change.change.after,
      after: null,
      after_unknown: {},
      after_sensitive: false,
    };
    instances.push({ ...gone, planned: undefined });
  }
  return instances;
}

function configResource([, type, name, index], moduleKey, segment) {
  const { values } = buildResource(type, segment, name, index, segment.random);
  const expressions = {};
  for (const [attribute, value] of Object.entries(values)) {
    if (value === null || attribute === 'tags_all') continue;
    expressions[attribute] =
      Array.isArray(value) && value.length > 0 && typeof value[0] === 'object'
        ? value.map((block) => Object.fromEntries(Object.entries(block).map(([k, v]) => [k, { constant_value: v }])))
        : { constant_value: value };
  }
  for (const [attribute, references] of Object.entries(REFERENCES[type] ?? {})) expressions[attribute] = { references };
  const repeat =
    typeof index === 'number'
      ? { count_expression: { constant_value: type === 'aws_subnet' ? 3 : 2 } }
      : typeof index === 'string'
        ? { for_each_expression: { references: ['var.interface_services'] } }
        : {};
  return {
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_config_key: moduleKey ? `${moduleKey}:aws` : 'aws',
    expressions,
    schema_version: 0,
    ...repeat,
  };
}

function uniqueByAddress(entries) {
  const seen = new Set();
  return entries.filter(
    ([sub, type, name]) => !seen.has(`${sub}.${type}.${name}`) && seen.add(`${sub}.${type}.${name}`),
  );
}

function configuration(seed) {
  const segment = segmentOf(0, seed);
  const layout = uniqueByAddress(SEGMENT_LAYOUT);
  const segmentResources = layout
    .filter(([sub]) => sub === '')
    .map((entry) => configResource(entry, 'segment', segment));
  const storageResources = layout
    .filter(([sub]) => sub === 'storage')
    .map((entry) => configResource(entry, 'segment.storage', segment));
  return {
    provider_config: {
      aws: {
        name: 'aws',
        full_name: PROVIDER_NAME,
        version_constraint: '5.80.0',
        expressions: {
          region: { constant_value: 'us-east-1' },
          allowed_account_ids: { constant_value: [ACCOUNT_ID] },
          assume_role: [{ role_arn: { constant_value: `arn:aws:iam::${ACCOUNT_ID}:role/terraform` } }],
        },
      },
    },
    root_module: {
      resources: ROOT_RESOURCES.map((entry) => configResource(entry, '', segmentOf(-1, seed))),
      module_calls: {
        segment: {
          source: './modules/segment',
          for_each_expression: { references: ['local.segments'] },
          expressions: {
            cidr: { references: ['each.value.cidr', 'each.value'] },
            hub_tgw: { references: ['var.hub_tgw'] },
          },
          module: {
            resources: segmentResources,
            outputs: { vpc_id: { expression: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } } },
            module_calls: {
              storage: {
                source: 'app.terraform.io/acme/audit-storage/aws',
                version_constraint: '2.3.1',
                expressions: { name: { references: ['var.name'] } },
                module: {
                  resources: storageResources,
                  outputs: {
                    kms_key_arn: { expression: { references: ['aws_kms_key.audit.arn', 'aws_kms_key.audit'] } },
                  },
                  variables: { name: { description: 'bucket name prefix' } },
                },
              },
            },
            variables: { cidr: {}, hub_tgw: {}, interface_services: { default: ['kms', 'logs', 'bedrock-runtime'] } },
          },
        },
      },
      variables: { hub_tgw: { default: 'tgw-0123456789abcdef0' } },
    },
  };
}

/**
 * Writes a plan with about `resources` managed resource instances. Returns its path, byte size and exact count.
 * Deterministic for a given seed and size.
 */
export function generatePlan({ resources, path, seed = 1 }) {
  const segments = Math.max(1, Math.round((resources - ROOT_RESOURCES.length) / RESOURCES_PER_SEGMENT));
  const out = new FileWriter(path);
  const rootSegment = () => segmentOf(-1, seed);
  const rootInstances = () => {
    const s = rootSegment();
    return ROOT_RESOURCES.map((entry) => instance('', entry, s));
  };

  out.write(`{"format_version":"1.2","terraform_version":"1.9.8","variables":{"segment_count":{"value":${segments}}},`);
  out.write(
    `"planned_values":{"root_module":{"resources":${JSON.stringify(rootInstances().map((i) => i.planned))},"child_modules":[`,
  );
  for (let index = 0; index < segments; index++) {
    const all = segmentInstances(segmentOf(index, seed)).filter((i) => i.planned !== undefined);
    const moduleAddress = `module.segment[${JSON.stringify(segmentOf(index, seed).key)}]`;
    const own = all.filter((i) => i.modulePath === '').map((i) => i.planned);
    const storage = all.filter((i) => i.modulePath === 'storage').map((i) => i.planned);
    out.write(
      `${index ? ',' : ''}${JSON.stringify({
        resources: own,
        address: moduleAddress,
        child_modules: [{ resources: storage, address: `${moduleAddress}.module.storage` }],
      })}`,
    );
  }
  out.write(']}},"resource_changes":[');
  out.write(
    rootInstances()
      .map((i) => JSON.stringify(i.change))
      .join(','),
  );
  let managed = ROOT_RESOURCES.length;
  for (let index = 0; index < segments; index++) {
    for (const item of segmentInstances(segmentOf(index, seed))) {
      out.write(`,${JSON.stringify(item.change)}`);
      if (item.planned !== undefined) managed++;
    }
  }
  out.write(`],"configuration":${JSON.stringify(configuration(seed))},`);
  out.write('"timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}');
  const bytes = out.close();
  return { path, bytes, resources: managed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : args[i + 1];
  };
  const out = option('--out', 'bench/out/plan.json');
  let resources = Number(option('--resources', '1000'));
  const minBytes = Number(option('--min-bytes', '0'));
  if (minBytes > 0) {
    // Size a sample first: bytes per resource are stable across sizes, the layout being repetitive.
    const sample = generatePlan({ resources: 2000, path: out });
    resources = Math.ceil((minBytes / sample.bytes) * sample.resources * 1.03);
  }
  const result = generatePlan({ resources, path: out, seed: Number(option('--seed', '1')) });
  console.log(JSON.stringify(result));
}
