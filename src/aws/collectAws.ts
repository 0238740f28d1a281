/**
 * Live AWS source: reads one account or many, read-only, into the same Inventory the plan loader fills.
 * Loaded only by `scan --aws` (dynamic import), so a plan scan never loads the AWS SDK.
 *
 * Accounts x regions x services run concurrently; lane pools bound API calls in flight per service
 * endpoint and overall (pool.ts). Each account other than the caller's is read through a role assumed
 * with the caller's credentials (accounts.ts); with `--shard` only this shard's (account x region)
 * pairs are read (shard.ts). Nothing an AWS answer says stops the scan: refusals, roles that cannot be
 * assumed and disabled regions become `inv.gaps`, "not configured" answers become data. Only a caller
 * identity that cannot be established (no credentials), or an organization whose accounts cannot be
 * listed, is fatal, since nothing else can work.
 *
 * Somewhat over 300 lines: the per-account flow (credentials, refusal, region list, shard share, its
 * collectors) reads best in one place; inventory assembly lives in assemble.ts.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CollectionGap, Inventory } from '../model/inventory.js';
import { type AccountScan, buildInventory } from './assemble.js';
import type { EntityKind } from '../model/types.js';
import { clientFactory, configuredRegion, iamRegionFor } from './clients.js';
import { REGIONAL_KINDS, ScanContext, type ClientBase, type ScanSettings } from './context.js';
import { ec2Client } from './ec2Network.js';
import { AWS_SERVICES, type AwsService, COLLECTORS } from './collectors.js';
import { classifyError, errorCode, errorMessage } from './errors.js';
import {
  createLanePool,
  createPool,
  DEFAULT_CALL_TIMEOUT_S,
  DEFAULT_DEADLINE_S,
  laneLimit,
  DEFAULT_CONCURRENCY,
  type Pool,
  ScanClock,
} from './pool.js';
import {
  type AccountsSpec,
  checkRole,
  DEFAULT_ROLE_SESSION_NAME,
  FROM_ORGANIZATIONS,
  organizationAccounts,
  roleArnFor,
  roleCredentials,
} from './accounts.js';
import { ownsAny, shardLabel, shareOf, type Shard } from './shard.js';
import { PROGRESS_EVERY_MS, ScanProgress } from './progress.js';

export { AWS_SERVICES, type AwsService } from './collectors.js';

export interface AwsScanOptions {
  regions?: string[];
  endpointUrl?: string;
  fips?: boolean;
  profile?: string;
  quiet?: boolean;
  /** API calls in flight at most (default DEFAULT_CONCURRENCY); each service endpoint has its own lower default (pool.ts). */
  concurrency?: number;
  /** Accounts to read (default: the caller's own), or every active account of the organization. */
  accounts?: AccountsSpec;
  /** Role name, or ARN template with `{account}`, assumed in every listed account but the caller's. */
  assumeRole?: string;
  externalId?: string;
  /** Session name of the assumed roles (default DEFAULT_ROLE_SESSION_NAME): what CloudTrail records. */
  roleSessionName?: string;
  /** Read only this shard's (account x region) pairs. */
  shard?: Shard;
  /** Whole progress lines for a non-terminal stream (periodic and at each account's end). */
  progressLines?: (line: string) => void;
  /** Interval of the periodic progress lines (default PROGRESS_EVERY_MS). */
  progressEveryMs?: number;
  /** Longest one API request may take, retries included, in seconds (default DEFAULT_CALL_TIMEOUT_S). */
  callTimeout?: number;
  /** Longest the whole scan may take, in seconds (default DEFAULT_DEADLINE_S); what is left becomes gaps. */
  deadline?: number;
  /** Attempts per request (default 10). Not a CLI option; for tests that fail every attempt. */
  maxAttempts?: number;
  progress?: (msg: string) => void;
  /** Restrict collection to these services (default: all); `--services` on the command line. */
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

/**
 * Services `--services` leaves out, each a gap for every account read: the kinds only they fill are not
 * judged, and a kind other services fill too (DataStore) is judged only in part, which the report must say.
 */
function excludedServices(services: ReadonlySet<AwsService>): CollectionGap[] {
  return AWS_SERVICES.filter((s) => !services.has(s)).map((service) => {
    const kinds = [...new Set(COLLECTORS.filter((c) => c.service === service).flatMap((c) => c.kinds))];
    return {
      kinds,
      call: service,
      reason: 'not-collected',
      detail: `excluded by --services; what it fills (${kinds.join(', ')}) is not judged`,
    };
  });
}

/** Every kind a live scan fills: what an account that cannot be read at all leaves unassessed. */
function allKinds(services: ReadonlySet<AwsService>): EntityKind[] {
  const kinds = new Set<EntityKind>();
  for (const c of COLLECTORS) if (services.has(c.service)) for (const k of c.kinds) kinds.add(k);
  return [...kinds];
}

interface ScanSetup {
  options: AwsScanOptions;
  services: ReadonlySet<AwsService>;
  caller: Identity;
  clock: ScanClock;
  makeBase: (region: string) => ClientBase;
  shared: Pool;
  progress: ScanProgress;
}

export async function collectAws(options: AwsScanOptions): Promise<Inventory> {
  const events = options.quiet ? undefined : options.progress;
  const progress = new ScanProgress({
    events,
    lines: options.quiet ? undefined : options.progressLines,
    everyMs: options.progressEveryMs ?? PROGRESS_EVERY_MS,
  });
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
  const scans: AccountScan[] = [];
  try {
    const caller = await callerIdentity(candidates, makeBase, clock);
    const setup: ScanSetup = {
      options,
      services,
      caller,
      clock,
      makeBase,
      shared: createPool(options.concurrency ?? DEFAULT_CONCURRENCY),
      progress,
    };
    const accounts = await accountList(setup);
    progress.start(accounts.length, {
      calls: () => clock.sent,
      gaps: () => scans.reduce((n, a) => n + (a.ctx?.gaps.length ?? 0) + (a.refused ? 1 : 0), 0),
    });
    await Promise.all(
      accounts.map(async (account) => {
        const scan: AccountScan = { account, regions: [], global: false };
        scans.push(scan);
        await scanAccount(setup, scan);
        progress.accountDone(account);
      }),
    );
    return buildInventory(
      scans.sort((a, b) => accounts.indexOf(a.account) - accounts.indexOf(b.account)),
      {
        shard: options.shard,
        // A scan of the caller's account alone keeps the gaps it always had; several accounts name theirs.
        nameAccounts: options.accounts !== undefined,
        excluded: excludedServices(services),
        organization: options.accounts === FROM_ORGANIZATIONS ? accounts : undefined,
      },
    );
  } finally {
    progress.stop();
    clock.stop();
    for (const a of scans) a.ctx?.destroyClients();
    if (options.profile) {
      if (savedProfile === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = savedProfile;
    }
  }
}

/** The accounts to read, in the order given (the organization's sorted); the caller's by default. */
async function accountList(setup: ScanSetup): Promise<string[]> {
  const { options, caller, makeBase, clock } = setup;
  let accounts: string[];
  if (options.accounts === FROM_ORGANIZATIONS) {
    try {
      accounts = await organizationAccounts(makeBase(caller.home), clock);
    } catch (err) {
      throw new AwsScanError(
        `cannot list the organization's accounts (organizations:ListAccounts, from the management or a delegated administrator account): ${errorCode(err)}: ${errorMessage(err)}`,
      );
    }
    if (accounts.length === 0) throw new AwsScanError('organizations:ListAccounts answered no active account');
  } else accounts = options.accounts ? [...options.accounts] : [caller.account];
  const others = accounts.filter((a) => a !== caller.account);
  if (others.length > 0 && !options.assumeRole)
    throw new AwsScanError(
      `--accounts names accounts other than the caller's (${caller.account}): give --assume-role to read ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}`,
    );
  return accounts;
}

/**
 * One account: its credentials (the caller's own, or the assumed role's), its regions, and the
 * collectors of this shard's share of it. A role that cannot be assumed leaves one gap for the account.
 */
async function scanAccount(setup: ScanSetup, scan: AccountScan): Promise<void> {
  const { options, caller, clock, makeBase, services, progress } = setup;
  const { account } = scan;
  let base = makeBase;
  if (account !== caller.account && options.assumeRole) {
    const roleArn = roleArnFor(options.assumeRole, account, caller.partition);
    const credentials = roleCredentials({
      roleArn,
      sessionName: options.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
      externalId: options.externalId,
      caller: makeBase(caller.home).credentials ?? missingCredentials,
      stsBase: makeBase(caller.home),
    });
    base = (region) => ({ ...makeBase(region), credentials });
    // Which shard reports a refusal must not depend on the region list the refusal hides: the shard
    // that reads the account's global collectors does.
    const owner = shareOf(account, [], options.shard).global;
    if (
      options.shard &&
      !owner &&
      options.regions?.length &&
      !ownsAny(shareOf(account, options.regions, options.shard))
    )
      return;
    try {
      await checkRole(base(caller.home), account, clock);
    } catch (err) {
      if (owner)
        scan.refused = {
          kinds: allKinds(services),
          call: 'sts:AssumeRole',
          reason: classifyError(err),
          detail: `account ${account}: cannot assume ${roleArn}: ${errorCode(err)}: ${errorMessage(err)}`,
          account,
        };
      progress.event(`account ${account}: cannot assume ${roleArn}`);
      return;
    }
  } else if (options.shard && options.regions?.length && !ownsAny(shareOf(account, options.regions, options.shard)))
    return;
  const settings: ScanSettings = {
    account,
    partition: caller.partition,
    regions: [],
    homeRegion: caller.home,
    iamRegion: iamRegionFor(caller.partition, caller.home),
    endpointUrl: options.endpointUrl,
  };
  const pool = createLanePool(setup.shared, (lane) => laneLimit(lane, options.concurrency));
  const ctx = new ScanContext(settings, pool, base, clock, (m) => progress.event(m));
  scan.ctx = ctx;
  // Every region of the account stays in `settings.regions` (S3 keeps buckets of scanned regions, a
  // trail is kept in its home region): only which regional collectors run depends on the shard.
  settings.regions = await scanRegions(ctx, options.regions, caller.home);
  const share = shareOf(account, settings.regions, options.shard);
  scan.regions = share.regions;
  scan.global = share.global;
  progress.addRegions(share.regions.length);
  if (!ownsAny(share)) return;
  progress.event(
    `scanning account ${account} in ${share.regions.length} region(s)${options.shard ? ` (shard ${shardLabel(options.shard)})` : ''}: ${share.regions.join(', ')}`,
  );

  const guarded = async (
    label: string,
    region: string | undefined,
    kinds: EntityKind[],
    run: () => Promise<void>,
  ): Promise<void> => {
    try {
      await run();
      progress.event(`${region ?? 'global'}: ${label} done`);
    } catch (err) {
      // A collector bug or an answer no one expected must not end the scan: what it covers becomes a gap.
      const gap: CollectionGap = {
        kinds,
        call: label,
        reason: 'error',
        detail: `${errorCode(err)}: ${errorMessage(err)}`,
      };
      if (region) gap.region = region;
      ctx.gaps.push(gap);
    }
  };
  const tasks: Array<Promise<void>> = [];
  if (share.global)
    for (const c of COLLECTORS) {
      if (!services.has(c.service) || c.scope !== 'global') continue;
      tasks.push(guarded(c.label, undefined, [...c.kinds], () => c.collect(ctx)));
    }
  for (const region of share.regions) {
    const regional: Array<Promise<void>> = [];
    for (const c of COLLECTORS) {
      if (!services.has(c.service) || c.scope !== 'regional') continue;
      regional.push(guarded(`${c.service} ${c.label}`, region, [...c.kinds], () => c.collect(ctx, region)));
    }
    tasks.push(Promise.all(regional).then(() => progress.regionDone()));
  }
  await Promise.all(tasks);
}

async function missingCredentials(): Promise<never> {
  throw new AwsScanError('no caller credentials to assume roles with');
}
