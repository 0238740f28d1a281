/**
 * What every collector shares during one live scan: the caller's account and partition, client settings,
 * the bounded call pool, and the sinks for entities and collection gaps. Collectors never throw for an
 * AWS answer: `call` turns each into data (a value, a named "not configured" answer, or a gap).
 */
import type { CollectionGap } from '../model/inventory.js';
import type { Entity, EntityKind, Meta } from '../model/types.js';
import { markUnreadableMeta } from '../model/values.js';
import type { PolicyValue } from '../policy/policyDocument.js';
import { dict } from '../input/dict.js';
import { classifyError, errorCode, errorMessage } from './errors.js';
import type { Pool, ScanClock } from './pool.js';

/** The settings every SDK v3 client config shares; each client's own config type accepts them. */
export interface ClientBase {
  region: string;
  credentials?: () => Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
  }>;
  endpoint?: string;
  useFipsEndpoint?: boolean;
  profile?: string;
  retryMode: string;
  maxAttempts: number;
  requestHandler?: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

export interface CallSpec {
  /** IAM action of the call, `ec2:DescribeVpcs`: what a gap names so the reader knows which permission is missing. */
  call: string;
  /** Model kinds whose picture is incomplete when this call fails. */
  kinds: EntityKind[];
  /** undefined for global services (IAM). */
  region?: string;
  /** The resource a per-item call was about, for the gap's detail. */
  resource?: string;
  /**
   * The call only fills fields of `resource`, which stays in the inventory with those fields unknown (or
   * an unknown policy): rules judge that one resource not-assessed. The gap then names no kinds, so the
   * engine does not also declare every resource of the region unassessed.
   */
  fieldsOnly?: boolean;
  /** Error codes that mean "not configured": data, not a failure. */
  absent?: readonly string[];
}

/** The outcome of one call; `call` repeats the action so evidence can quote it. */
export type Answer<T> =
  | { state: 'ok'; value: T; call: string }
  | { state: 'absent'; code: string; call: string }
  | { state: 'failed'; reason: CollectionGap['reason']; call: string };

/** Kinds collected per region: a region that is not enabled leaves all of them unassessed there. */
export const REGIONAL_KINDS: EntityKind[] = [
  'Vpc',
  'Subnet',
  'RouteTable',
  'InternetGateway',
  'NatGateway',
  'PublicIp',
  'SecurityGroup',
  'VpcEndpoint',
  'FlowLog',
  'ComputeWorkload',
  'KmsKey',
  'Bucket',
  'DataStore',
  'Trail',
  'InvocationLogging',
  'ArtifactSource',
  'ResolverEndpoint',
];

export interface ScanSettings {
  account: string;
  partition: string;
  regions: string[];
  /** Region for global calls (IAM, S3 ListBuckets) and STS. */
  homeRegion: string;
  /** Region IAM is signed for: us-east-1 in `aws`, the partition's own elsewhere. */
  iamRegion: string;
  endpointUrl?: string;
}

export class ScanContext {
  readonly entities: Entity[] = [];
  readonly gaps: CollectionGap[] = [];
  /**
   * AWS-managed keys seen through their `alias/aws/...` aliases, by key id and ARN. They are not model
   * entities (no plan has them either); artefacts that use one get the alias as their raw key setting.
   */
  readonly awsManagedKeys = new Map<string, string>();
  private readonly disabledRegions = new Set<string>();
  /** `service/region` endpoints that could not be reached at all: their remaining calls are skipped. */
  private readonly unreachable = new Set<string>();
  private readonly clients = new Map<string, { destroy(): void }>();
  /** Steps that fold one collector's answers into another's entities, run once every collector has finished. */
  private readonly joins: Array<(entities: readonly Entity[]) => void> = [];

  constructor(
    readonly settings: ScanSettings,
    private readonly pool: Pool,
    private readonly base: (region: string) => ClientBase,
    private readonly clock: ScanClock,
    private readonly progressFn?: (msg: string) => void,
  ) {}

  get account(): string {
    return this.settings.account;
  }

  get partition(): string {
    return this.settings.partition;
  }

  /** One client per service and region, reused by every call and destroyed at the end of the scan. */
  client<T extends { destroy(): void }>(service: string, region: string, make: (config: ClientBase) => T): T {
    const key = `${service}/${region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = this.clock.limit(make(this.base(region)));
      this.clients.set(key, c);
    }
    return c as T;
  }

  destroyClients(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  progress(msg: string): void {
    this.progressFn?.(msg);
  }

  add(entity: Entity): void {
    this.entities.push(entity);
  }

  /**
   * Fold answers into entities another collector reads (DNS Firewall associations into VPCs): collectors
   * run in parallel, so the fold waits until all of them have added their entities.
   */
  join(step: (entities: readonly Entity[]) => void): void {
    this.joins.push(step);
  }

  runJoins(): void {
    for (const step of this.joins.splice(0)) step(this.entities);
  }

  regionDisabled(region: string): boolean {
    return this.disabledRegions.has(region);
  }

  /** Run one API call (or one paginated listing) in the pool and turn its outcome into data. */
  async call<T>(spec: CallSpec, fn: () => Promise<T>): Promise<Answer<T>> {
    const lane = endpointKey(spec);
    return this.pool.run(async (): Promise<Answer<T>> => {
      // Checked when the call's turn comes, so calls queued before a region was found disabled skip too:
      // the region's gap already covers every regional kind.
      if (spec.region && this.disabledRegions.has(spec.region)) {
        return { state: 'failed', reason: 'region-not-enabled', call: spec.call };
      }
      if (this.clock.expired) {
        this.recordGap(spec, 'error', this.clock.deadlineError('before'));
        return { state: 'failed', reason: 'error', call: spec.call };
      }
      const endpoint = lane;
      if (this.unreachable.has(endpoint)) {
        this.recordGap(
          spec,
          'error',
          new Error(`${endpoint} endpoint unreachable (see the first ${endpoint.split('/')[0]} gap); not called`),
        );
        return { state: 'failed', reason: 'error', call: spec.call };
      }
      try {
        return { state: 'ok', value: await fn(), call: spec.call };
      } catch (err) {
        const code = errorCode(err);
        if (spec.absent?.includes(code)) return { state: 'absent', code, call: spec.call };
        // Inside an air gap a service without a VPC endpoint does not answer at all; after the SDK's
        // retries have given up once, the rest of that service's calls in the region would only wait too.
        if (isNetworkError(err)) this.unreachable.add(endpoint);
        const reason = classifyError(err);
        this.recordGap(spec, reason, err);
        return { state: 'failed', reason, call: spec.call };
      }
    }, lane);
  }

  private recordGap(spec: CallSpec, reason: CollectionGap['reason'], err: unknown): void {
    const detail = `${errorCode(err)}: ${errorMessage(err)}`;
    if (reason === 'region-not-enabled' && spec.region) {
      if (this.disabledRegions.has(spec.region)) return;
      this.disabledRegions.add(spec.region);
      this.gaps.push({ kinds: [...REGIONAL_KINDS], region: spec.region, call: spec.call, reason, detail });
      this.progress(`${spec.region}: region not enabled for this account, skipped`);
      return;
    }
    const gap: CollectionGap = {
      kinds: spec.fieldsOnly ? [] : [...spec.kinds],
      call: spec.call,
      reason,
      detail: spec.resource ? `${spec.resource}: ${detail}` : detail,
    };
    if (spec.region) gap.region = spec.region;
    this.gaps.push(gap);
    this.progress(`${spec.region ?? 'global'}: ${spec.call} ${reason}`);
  }

  /** Model metadata for a live resource; `origin` maps model fields to the API call that set them. */
  meta(
    type: string,
    address: string,
    region: string | undefined,
    origin: Record<string, string>,
    account?: string,
  ): Meta {
    const m: Meta = { source: 'aws', address, type, account: account ?? this.account, origin };
    if (region) m.region = region;
    return m;
  }

  /** ARN of an EC2 resource, which the API reports by id only (`vpc-...` -> `arn:aws:ec2:R:A:vpc/vpc-...`). */
  ec2Arn(region: string, resourceType: string, id: string, owner?: string): string {
    return `arn:${this.partition}:ec2:${region}:${owner ?? this.account}:${resourceType}/${id}`;
  }
}

function endpointKey(spec: CallSpec): string {
  return `${spec.call.split(':')[0]}/${spec.region ?? 'global'}`;
}

/** Connection-level failures (no HTTP answer at all), as Node and the SDK name them. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
]);

export function isNetworkError(err: unknown): boolean {
  if ((err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode) return false;
  return NETWORK_CODES.has(errorCode(err));
}

/** A per-item call that failed leaves its field unreadable (naming the call), never "not set". */
export function markUnknown(meta: Meta, field: string, call: string): void {
  markUnreadableMeta(meta, field, call);
}

/** A policy that could not be read: every policy rule already reads this as "cannot judge". */
export function unreadPolicy(call: string, reason: string, subject: string): PolicyValue {
  return {
    state: 'unreadable',
    call,
    origin: `${call} (failed)`,
    what: `${subject} could not be read: ${call} failed (${reason})`,
  };
}

export function tagsOf(list: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> | undefined {
  if (!list || list.length === 0) return undefined;
  const out = dict<string>();
  for (const t of list) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** Drain an SDK paginator into one list. */
export async function collectPages<P, I>(pages: AsyncIterable<P>, items: (page: P) => I[] | undefined): Promise<I[]> {
  const out: I[] = [];
  for await (const page of pages) {
    const list = items(page);
    if (list) out.push(...list);
  }
  return out;
}

/**
 * Promise.all that waits for every branch before failing: a collector that fails half-way must not leave
 * sibling calls running after the scan has built its inventory and closed its clients.
 */
export async function settleAll(tasks: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
