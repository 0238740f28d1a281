/**
 * A bounded pool for API calls. It bounds calls, not collectors: a collector waiting for its per-item
 * calls holds no slot, so nested fan-out (list keys, then one call per key) cannot deadlock the pool.
 */
export interface Pool {
  /** `lane` names the endpoint (`ec2/eu-west-1`): a lane pool bounds each one separately. */
  run<T>(fn: () => Promise<T>, lane?: string): Promise<T>;
}

export function createPool(size: number): Pool {
  const limit = Math.max(1, Math.floor(size));
  let active = 0;
  const waiting: Array<() => void> = [];
  // A finished call hands its slot straight to the next waiter, so a newcomer can never slip in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

/**
 * Calls in flight per endpoint of one account. Each service throttles every account on its own (EC2
 * per account and region, IAM per account), so a lane is an account's service endpoint in one region;
 * all lanes share one ceiling, `--concurrency` (default DEFAULT_CONCURRENCY), which also caps each lane.
 * - EC2: Describe* actions share a token bucket of 100 requests refilled at 20 per second, per account
 *   and region (Amazon EC2 API request throttling): 16 in flight stays well inside a full bucket.
 * - IAM: one global endpoint per account and no published read rate; GetAccountAuthorizationDetails
 *   pages are heavy and the same account's other tooling shares the allowance: 4.
 * - S3: bucket-configuration reads (GetBucketPolicy, ...) are control-plane calls without a published
 *   rate, one per bucket and setting: 8.
 * - STS and Organizations (role assumption, ListAccounts): a handful of calls per scan: 4.
 * - Every other service (KMS, CloudTrail, Lambda, Logs, Secrets Manager, Bedrock, ...): 8, the pool's
 *   former fixed size, well under their documented per-account read quotas.
 * The SDK's adaptive retry (clients.ts) still slows a lane down when a service answers with throttling.
 */
export const LANE_DEFAULTS: Readonly<Record<string, number>> = { ec2: 16, iam: 4, s3: 8, sts: 4, organizations: 4 };
export const LANE_DEFAULT = 8;
/** Calls in flight across every account, service and region of one scan when `--concurrency` does not say. */
export const DEFAULT_CONCURRENCY = 64;
/** Largest `--concurrency` accepted: sockets, memory and the services' patience all end somewhere. */
export const MAX_CONCURRENCY = 512;

/** Calls in flight allowed on one lane (`service/region`): the service's default, never above the ceiling. */
export function laneLimit(lane: string, concurrency: number | undefined): number {
  const own = LANE_DEFAULTS[lane.split('/')[0] ?? ''] ?? LANE_DEFAULT;
  return Math.min(own, concurrency ?? DEFAULT_CONCURRENCY);
}

/**
 * A pool per lane inside one shared pool. A call takes its lane's slot first and the shared slot
 * second, so a call waiting for a busy lane never holds a shared slot other lanes could use.
 */
export function createLanePool(shared: Pool, limitOf: (lane: string) => number): Pool {
  const lanes = new Map<string, Pool>();
  return {
    run<T>(fn: () => Promise<T>, lane = 'default'): Promise<T> {
      let pool = lanes.get(lane);
      if (!pool) {
        pool = createPool(limitOf(lane));
        lanes.set(lane, pool);
      }
      return pool.run(() => shared.run(fn));
    },
  };
}

/**
 * Time limits of one live scan. An endpoint may accept a connection and never answer, and the SDK would
 * wait (and retry) for a long time: every request gets `callTimeoutMs`, retries included, and the whole
 * scan `deadlineMs`. A request that runs out becomes a collection gap naming its call; calls not yet
 * started when the deadline passes are not made, and each becomes a gap too.
 */
export interface TimeLimits {
  callTimeoutMs: number;
  deadlineMs: number;
}

export const DEFAULT_CALL_TIMEOUT_S = 60;
export const DEFAULT_DEADLINE_S = 900;

/** A request that ran out of time; `name` is the code a gap quotes. */
export class CallTimedOut extends Error {
  constructor(name: 'CallTimeout' | 'DeadlineReached', message: string) {
    super(message);
    this.name = name;
  }
}

export class ScanClock {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  /** Requests sent (each page of a listing counts; SDK retries do not): the progress lines' "calls". */
  sent = 0;

  constructor(readonly limits: TimeLimits) {
    this.timer = setTimeout(() => this.controller.abort(), limits.deadlineMs);
    // The deadline must never be what keeps the process alive after the scan ended.
    this.timer.unref();
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  deadlineError(when: 'before' | 'during'): CallTimedOut {
    const s = seconds(this.limits.deadlineMs);
    return new CallTimedOut(
      'DeadlineReached',
      when === 'before'
        ? `not called: the scan deadline of ${s} s (--deadline) had passed`
        : `no answer before the scan deadline of ${s} s (--deadline)`,
    );
  }

  /**
   * `send` of one SDK client, with every request aborted at the call timeout or the scan deadline,
   * whichever comes first. Paginators call `send` once per page, so each page gets its own time.
   */
  limit<C extends object>(client: C): C {
    const target = client as unknown as Sendable;
    const send = target.send.bind(target);
    target.send = async (command, options) => {
      if (this.expired) throw this.deadlineError('before');
      this.sent++;
      const perCall = AbortSignal.timeout(this.limits.callTimeoutMs);
      const abortSignal = AbortSignal.any([this.controller.signal, perCall]);
      try {
        return await raceAbort(send(command, { ...options, abortSignal }), abortSignal);
      } catch (err) {
        if (this.expired) throw this.deadlineError('during');
        if (perCall.aborted)
          throw new CallTimedOut(
            'CallTimeout',
            `no answer within ${seconds(this.limits.callTimeoutMs)} s (--call-timeout)`,
          );
        throw err;
      }
    };
    return client;
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/**
 * The SDK checks its abort signal only when an attempt starts or is in flight, not while it sleeps
 * between retries (adaptive back-off sleeps up to 20 s): the caller is answered at the abort itself.
 * The SDK's own promise then settles at its next attempt, which the aborted signal ends at once.
 */
function raceAbort<T>(answer: Promise<T> | T, signal: AbortSignal): Promise<T> {
  // A stubbed client (tests, embedders) may answer without a promise.
  const work = Promise.resolve(answer);
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

interface Sendable {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
