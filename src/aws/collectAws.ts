/**
 * Live AWS source: reads an account, read-only, into the same Inventory the plan loader fills. Loaded
 * only by `scan --aws` (dynamic import), so a plan scan never loads the AWS SDK.
 *
 * Regions x services run concurrently; the pool bounds API calls in flight. Nothing an AWS answer says
 * stops the scan: refusals and disabled regions become `inv.gaps`, "not configured" answers become data.
 * Only a caller identity that cannot be established (no credentials) is fatal, since nothing else can work.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { addEntity, createInventory, type CollectionGap, type Inventory } from '../model/inventory.js';
import type { EntityKind } from '../model/types.js';
import { clientFactory, configuredRegion, iamRegionFor } from './clients.js';
import { REGIONAL_KINDS, ScanContext, type ClientBase, type ScanSettings } from './context.js';
import { ec2Client } from './ec2Network.js';
import { AWS_SERVICES, type AwsService, COLLECTORS } from './collectors.js';
import { classifyError, errorCode, errorMessage } from './errors.js';
import { createPool, DEFAULT_CALL_TIMEOUT_S, DEFAULT_DEADLINE_S, ScanClock } from './pool.js';

export { AWS_SERVICES, type AwsService } from './collectors.js';

export interface AwsScanOptions {
  regions?: string[];
  endpointUrl?: string;
  fips?: boolean;
  profile?: string;
  quiet?: boolean;
  /** API calls in flight at once (default 8). */
  concurrency?: number;
  /** Longest one API request may take, retries included, in seconds (default DEFAULT_CALL_TIMEOUT_S). */
  callTimeout?: number;
  /** Longest the whole scan may take, in seconds (default DEFAULT_DEADLINE_S); what is left becomes gaps. */
  deadline?: number;
  /** Attempts per request (default 10). Not a CLI option; for tests that fail every attempt. */
  maxAttempts?: number;
  progress?: (msg: string) => void;
  /** Restrict collection to these services (default: all). Not a CLI option; for tests and embedding. */
  services?: readonly AwsService[];
}

/** The caller identity could not be established: nothing can be read. The CLI reports it as a usage error. */
export class AwsScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsScanError';
  }
}

interface Identity {
  account: string;
  partition: string;
  /** The region whose STS endpoint answered: the scan's home for global listings. */
  home: string;
}

/**
 * Who the credentials belong to, asked in the first candidate region that answers: a region given first
 * on the command line may not be enabled for the account, which is no reason to give up on the others.
 */
async function callerIdentity(
  candidates: string[],
  makeBase: (region: string) => ClientBase,
  clock: ScanClock,
): Promise<Identity> {
  let last: unknown;
  for (const region of candidates) {
    const sts = clock.limit(new STSClient(makeBase(region)));
    try {
      const id = await sts.send(new GetCallerIdentityCommand({}));
      const partition = id.Arn?.split(':')[1];
      if (!id.Account || !partition) throw new Error('GetCallerIdentity answered no account');
      return { account: id.Account, partition, home: region };
    } catch (err) {
      last = err;
      if (classifyError(err) !== 'region-not-enabled') break;
    } finally {
      sts.destroy();
    }
  }
  throw new AwsScanError(
    `cannot establish the AWS caller identity (sts:GetCallerIdentity): ${errorCode(last)}: ${errorMessage(last)}`,
  );
}

/** Regions to scan: the ones asked for, else every region enabled for the account (opted-in ones included). */
async function scanRegions(ctx: ScanContext, asked: string[] | undefined, home: string): Promise<string[]> {
  if (asked && asked.length > 0) return [...new Set(asked)];
  const a = await ctx.call({ call: 'ec2:DescribeRegions', kinds: REGIONAL_KINDS }, () =>
    ec2Client(ctx, home).send(new DescribeRegionsCommand({ AllRegions: false })),
  );
  if (a.state !== 'ok') {
    ctx.progress(`cannot list regions; scanning ${home} only`);
    return [home];
  }
  const names = (a.value.Regions ?? [])
    .filter((r) => r.OptInStatus !== 'not-opted-in')
    .flatMap((r) => r.RegionName ?? [])
    .sort();
  return names.length > 0 ? names : [home];
}

/** Code-unit order: unlike localeCompare it does not change with the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Gaps of one call in one region (per-resource refusals: one per key or bucket) are reported once. */
function mergeGaps(gaps: CollectionGap[]): CollectionGap[] {
  const byKey = new Map<string, { gap: CollectionGap; details: string[] }>();
  for (const g of gaps) {
    const key = `${g.call}\u0000${g.region ?? ''}\u0000${g.reason}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { gap: { ...g, kinds: [...g.kinds] }, details: [g.detail] });
    else {
      for (const k of g.kinds) if (!seen.gap.kinds.includes(k)) seen.gap.kinds.push(k);
      seen.details.push(g.detail);
    }
  }
  const out = [...byKey.values()].map(({ gap, details }) => {
    const sorted = [...new Set(details)].sort();
    gap.detail =
      sorted.length === 1
        ? sorted[0]
        : `${sorted[0]} (and ${sorted.length - 1} more: ${sorted.slice(1, 4).join('; ')}${sorted.length > 4 ? '; ...' : ''})`;
    return gap;
  });
  return out.sort((a, b) => cmp(a.region ?? '', b.region ?? '') || cmp(a.call, b.call));
}

export async function collectAws(options: AwsScanOptions): Promise<Inventory> {
  const progress = options.quiet ? undefined : options.progress;
  // The SDK warns on stderr about its own future Node support; that notice is for this tool's
  // maintainers (package.json engines), not for the person running a scan.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const services = new Set<AwsService>(options.services ?? AWS_SERVICES);
  const callTimeoutMs = (options.callTimeout ?? DEFAULT_CALL_TIMEOUT_S) * 1000;
  const clock = new ScanClock({ callTimeoutMs, deadlineMs: (options.deadline ?? DEFAULT_DEADLINE_S) * 1000 });
  const makeBase = clientFactory({ ...options, callTimeoutMs });
  // The SDK reads per-service endpoints (`services` sections) from the profile named by AWS_PROFILE, not
  // from a client's `profile` option: the chosen profile is exported for the scan so both agree.
  const savedProfile = process.env.AWS_PROFILE;
  if (options.profile) process.env.AWS_PROFILE = options.profile;
  const candidates = options.regions?.length
    ? [...new Set(options.regions)]
    : [(await configuredRegion(options.profile)) ?? 'us-east-1'];
  let ctx: ScanContext | undefined;
  try {
    const { account, partition, home } = await callerIdentity(candidates, makeBase, clock);
    const settings: ScanSettings = {
      account,
      partition,
      regions: [],
      homeRegion: home,
      iamRegion: iamRegionFor(partition, home),
      endpointUrl: options.endpointUrl,
    };
    ctx = new ScanContext(settings, createPool(options.concurrency ?? 8), makeBase, clock, progress);
    const scanCtx = ctx;
    settings.regions = await scanRegions(scanCtx, options.regions, home);
    progress?.(`scanning account ${account} in ${settings.regions.length} region(s): ${settings.regions.join(', ')}`);

    const guarded = async (
      label: string,
      region: string | undefined,
      kinds: EntityKind[],
      run: () => Promise<void>,
    ): Promise<void> => {
      try {
        await run();
        progress?.(`${region ?? 'global'}: ${label} done`);
      } catch (err) {
        // A collector bug or an answer no one expected must not end the scan: what it covers becomes a gap.
        const gap: CollectionGap = {
          kinds,
          call: label,
          reason: 'error',
          detail: `${errorCode(err)}: ${errorMessage(err)}`,
        };
        if (region) gap.region = region;
        scanCtx.gaps.push(gap);
      }
    };
    const tasks: Array<Promise<void>> = [];
    for (const c of COLLECTORS) {
      if (!services.has(c.service) || c.scope !== 'global') continue;
      tasks.push(guarded(c.label, undefined, [...c.kinds], () => c.collect(scanCtx)));
    }
    for (const region of settings.regions) {
      for (const c of COLLECTORS) {
        if (!services.has(c.service) || c.scope !== 'regional') continue;
        tasks.push(guarded(`${c.service} ${c.label}`, region, [...c.kinds], () => c.collect(scanCtx, region)));
      }
    }
    await Promise.all(tasks);
    return buildInventory(scanCtx);
  } finally {
    clock.stop();
    ctx?.destroyClients();
    if (options.profile) {
      if (savedProfile === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = savedProfile;
    }
  }
}

function buildInventory(ctx: ScanContext): Inventory {
  const { account, regions } = ctx.settings;
  const inv = createInventory();
  ctx.runJoins();
  // Answers arrive in whatever order the pool finishes them; sorting keeps the output deterministic.
  // Of copies of one resource (a trail seen from several regions) the most complete comes first.
  const entities = [...ctx.entities].sort(
    (a, b) =>
      cmp(a.kind, b.kind) ||
      cmp(a.meta.address, b.meta.address) ||
      Object.keys(a.meta.unreadable ?? {}).length - Object.keys(b.meta.unreadable ?? {}).length,
  );
  const seen = new Set<string>();
  for (const e of entities) {
    // A trail seen from several regions is one trail.
    if (seen.has(e.meta.address)) continue;
    seen.add(e.meta.address);
    // Every artefact kind: an AWS-managed key named by ARN is only recognisable through its alias.
    if ((e.kind === 'DataStore' || e.kind === 'Bucket' || e.kind === 'Trail') && e.kmsKey?.id) {
      const alias = ctx.awsManagedKeys.get(e.kmsKey.id);
      if (alias) e.kmsKeyRaw = alias;
    }
    // Collectors fill fields from parallel calls; key order must not depend on which answered first.
    if (e.meta.origin) e.meta.origin = Object.fromEntries(Object.entries(e.meta.origin).sort(([a], [b]) => cmp(a, b)));
    e.meta.unknown?.sort();
    addEntity(inv, e);
  }
  inv.gaps.push(...mergeGaps(ctx.gaps));
  inv.inputs.push({ kind: 'aws-account', path: `aws://${account}` });
  inv.accounts.push(account);
  inv.regions.push(...regions);
  for (const region of regions)
    inv.providers.push({ key: `aws://${account}/${region}`, region, account, regionKnown: true });
  return inv;
}
