/**
 * The fault matrix: every read-only call the live scan makes is failed in turn, one at a time, in each
 * way AWS (or the network) fails: refused, HTTP 500, throttled, a body that is neither XML nor JSON, a
 * reset connection, and a request accepted and never answered (ended by --call-timeout), against moto through the loopback fault proxy. The scan is then compared with
 * the one that had full access: a result that failed must not pass, and nothing may pass that did not
 * pass before. Unread data is never a pass.
 *
 * Also here: a call that is accepted and never answered, and an endpoint that answers nothing, end
 * at the call timeout and the scan deadline with the gaps named.
 *
 * One moto and one deployment serve the whole file. Requests get two attempts (not ten) so that a
 * call failed on every attempt costs one back-off, not a minute.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsScanError, collectAws, type AwsScanOptions } from '../../src/aws/collectAws.js';
import { defaultConfig, type AuditConfig } from '../../src/config/config.js';
import type { Inventory } from '../../src/model/inventory.js';
import { assessInventory } from '../../src/scan.js';
import { ACCOUNT, AUDIT_BUCKET, deploy, REGION } from './deployment.js';
import { awsManagedKeyRewrite, deployTargeted, MANAGED_KEY_BUCKET } from './faultDeployment.js';
import { startFaultProxy, type FaultAnswer, type FaultProxy, type Seen } from './faultProxy.js';
import { isolateAwsEnv, MOTO_SERVICES, startMoto, type Moto } from './motoServer.js';
import { failedGaps } from './gaps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const config: AuditConfig = {
  ...defaultConfig(),
  profile: 'highest-trust',
  workloadAccount: ACCOUNT,
  trustedAccounts: [ACCOUNT],
  allowedRegions: [REGION],
  auditBuckets: [{ name: AUDIT_BUCKET }],
};

type Mode = 'deny' | '500' | 'throttle' | 'garble' | 'reset' | 'stall';
const MODES: readonly Mode[] = ['deny', '500', 'throttle', 'garble', 'reset', 'stall'];
/** The call timeout of the stall rows: a stalled call must end within it, with a gap naming the call. */
const STALL_TIMEOUT_S = 3;

/** Each service's own answer for the mode, as AWS sends it. */
function answerFor(mode: Mode, service: string): FaultAnswer {
  const query = service === 'iam' || service === 'sts' || service === 's3';
  if (mode === 'deny') {
    if (service === 'ec2') return { code: 'UnauthorizedOperation', status: 403 };
    return query ? { code: 'AccessDenied', status: 403 } : { code: 'AccessDeniedException', status: 400 };
  }
  if (mode === '500') {
    if (service === 'ec2' || service === 's3') return { code: 'InternalError', status: 500 };
    return { code: query ? 'ServiceFailure' : 'InternalFailure', status: 500 };
  }
  if (mode === 'throttle') {
    if (service === 'ec2') return { code: 'RequestLimitExceeded', status: 503 };
    if (service === 's3') return { code: 'SlowDown', status: 503 };
    return { code: query ? 'Throttling' : 'ThrottlingException', status: 400 };
  }
  return { behaviour: mode };
}

/** A garbled body of a call whose answer is the document itself reads as a malformed policy, not a gap. */
const BODY_IS_DOCUMENT = new Set(['s3:GetBucketPolicy']);

/** moto does not implement this call: it is a gap with full access too. */
const UNSUPPORTED_BY_MOTO = 'lambda:GetRuntimeManagementConfig';

/** Proxies in front of the one moto: rows of the matrix run this many at a time. */
const PARALLEL = 3;

let moto: Moto;
let proxy: FaultProxy;
const workers: FaultProxy[] = [];
let baseline: Map<string, string>;
let baselineInventory: Inventory;
let calls: string[];

const scanOptions = (extra: Partial<AwsScanOptions> = {}, via: FaultProxy = proxy): AwsScanOptions => ({
  endpointUrl: via.url,
  regions: [REGION],
  services: MOTO_SERVICES,
  maxAttempts: 2,
  callTimeout: 20,
  ...extra,
});

/** Status of every result by rule, resource and result key (the finding's fingerprint). */
function verdicts(inventory: Inventory): Map<string, string> {
  const report = assessInventory(inventory, { config });
  return new Map(report.findings.map((f) => [`${f.ruleId} ${f.resource.address} ${f.fingerprint}`, f.status]));
}

const callName = (s: Seen): string => `${s.service}:${s.action}`;

/** Rule, address, status and message of every finding, to read one resource's verdicts. */
function verdictsByAddress(
  inventory: Inventory,
): Array<{ ruleId: string; address: string; status: string; message: string }> {
  return assessInventory(inventory, { config }).findings.map((f) => ({
    ruleId: f.ruleId,
    address: f.resource.address,
    status: f.status,
    message: f.message,
  }));
}

/** Wall time of each stall row's scan, by call: the report quotes the slowest. */
const stallTimes = new Map<string, number>();

/** Differences that would be a pass on unread data, as `mode rule resource baseline->now`. */
async function violationsFor(call: string, via: FaultProxy): Promise<string[]> {
  const out: string[] = [];
  for (const mode of MODES) {
    via.setFault((req) => (callName(req) === call ? answerFor(mode, req.service) : undefined));
    const started = Date.now();
    const inventory = await collectAws(scanOptions(mode === 'stall' ? { callTimeout: STALL_TIMEOUT_S } : {}, via));
    if (mode === 'stall') stallTimes.set(call, Date.now() - started);
    if (!via.seen.some((s) => callName(s) === call)) out.push(`${mode} - - not made`);
    // The gap names the IAM action (s3:GetEncryptionConfiguration for GetBucketEncryption), not the API.
    const felt = failedGaps(inventory).some((g) => g.call !== UNSUPPORTED_BY_MOTO || call === UNSUPPORTED_BY_MOTO);
    if (!felt && !(mode === 'garble' && BODY_IS_DOCUMENT.has(call))) out.push(`${mode} - - no gap reported`);
    const timedOut = failedGaps(inventory).some((g) =>
      g.detail.includes(`CallTimeout: no answer within ${STALL_TIMEOUT_S} s (--call-timeout)`),
    );
    if (mode === 'stall' && call !== UNSUPPORTED_BY_MOTO && !timedOut) out.push('stall - - no call-timeout gap');
    for (const [key, status] of verdicts(inventory)) {
      const before = baseline.get(key);
      if (status === 'pass' && before !== 'pass')
        out.push(`${mode} ${key.split(' ').slice(0, 2).join(' ')} ${before ?? 'absent'}->pass`);
    }
  }
  return out;
}

/** Every row of the matrix, computed once, PARALLEL rows at a time (one proxy each). */
let matrix: Promise<Map<string, string[]>> | undefined;
function runMatrix(): Promise<Map<string, string[]>> {
  matrix ??= (async () => {
    const rows = new Map<string, string[]>();
    const queue = [...calls];
    await Promise.all(
      workers.map(async (via) => {
        for (let call = queue.shift(); call !== undefined; call = queue.shift())
          rows.set(call, await violationsFor(call, via));
      }),
    );
    return rows;
  })();
  return matrix;
}
async function matrixRow(call: string): Promise<string[]> {
  return (await runMatrix()).get(call) ?? [];
}

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  await deploy(moto.url);
  const targeted = await deployTargeted(moto.url);
  proxy = await startFaultProxy(moto.url);
  proxy.setRewrite(awsManagedKeyRewrite(targeted.managedKeyId));
  proxy.setFault(undefined);
  for (let i = 0; i < PARALLEL; i++) {
    const w = await startFaultProxy(moto.url);
    w.setRewrite(awsManagedKeyRewrite(targeted.managedKeyId));
    workers.push(w);
  }
  baselineInventory = await collectAws(scanOptions());
  baseline = verdicts(baselineInventory);
  // Every call the scan makes but the identity call, whose failure ends the scan (tested below).
  calls = [...new Set(proxy.seen.map(callName))].filter((c) => c !== 'sts:GetCallerIdentity').sort();
});

afterAll(async () => {
  await proxy?.stop();
  for (const w of workers) await w.stop();
  await moto?.stop();
});

describe('fault matrix: no pass on unread data', () => {
  it('scans with full access without a gap, and knows the calls it makes', () => {
    expect(failedGaps(baselineInventory).map((g) => g.call)).toEqual([UNSUPPORTED_BY_MOTO]);
    expect(calls.length).toBeGreaterThanOrEqual(35);
    expect([...baseline.values()].filter((s) => s === 'fail').length).toBeGreaterThan(20);
    expect([...baseline.values()].filter((s) => s === 'pass').length).toBeGreaterThan(5);
  });

  it('fails every call in six ways (stall included), one at a time, and no verdict turns into a pass', async () => {
    const problems: string[] = [];
    for (const call of calls) {
      for (const v of await matrixRow(call)) problems.push(`${call}: ${v}`);
    }
    expect(problems).toEqual([]);
  }, 900_000);

  it('ends every stalled call within the call timeout (plus the rest of the scan)', async () => {
    await runMatrix();
    const times = [...stallTimes.values()];
    expect(times.length).toBe(calls.length);
    const slowest = Math.max(...times);
    console.log(
      `stall rows: ${times.length} calls, --call-timeout ${STALL_TIMEOUT_S} s, slowest scan ${slowest} ms, median ${times.sort((a, b) => a - b)[Math.floor(times.length / 2)]} ms`,
    );
    // A stalled call costs the timeout once (retries included); the other calls take a few seconds on moto.
    expect(slowest).toBeLessThan(STALL_TIMEOUT_S * 1000 + 15_000);
  });

  it('kms:ListAliases refused: DescribeKey says the key is AWS managed, so the bucket on it fails KMS-001', async () => {
    proxy.setFault((req) => (callName(req) === 'kms:ListAliases' ? answerFor('deny', 'kms') : undefined));
    const found = verdictsByAddress(await collectAws(scanOptions()));
    expect(found.filter((f) => f.ruleId === 'KMS-001' && f.address.includes(MANAGED_KEY_BUCKET))).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('AWS managed key') }),
    ]);
  });

  it("kms:ListAliases and DescribeKey both failing: a key whose manager is unread is never judged the customer's", async () => {
    for (const mode of ['deny', 'reset'] as const) {
      proxy.setFault((req) =>
        callName(req) === 'kms:ListAliases' || callName(req) === 'kms:DescribeKey' ? answerFor(mode, 'kms') : undefined,
      );
      const inventory = await collectAws(scanOptions());
      const found = verdictsByAddress(inventory);
      const bucket = found.filter((f) => f.ruleId === 'KMS-001' && f.address.includes(MANAGED_KEY_BUCKET));
      // A reset also marks the KMS endpoint unreachable, so ListKeys may be skipped and name the gap instead.
      const named = mode === 'deny' ? 'kms:ListAliases' : 'kms:List';
      expect(bucket).toEqual([
        expect.objectContaining({ status: 'not-assessed', message: expect.stringContaining(named) }),
      ]);
      // Every key is now of unknown manager: no result about a key passes (RES-001, KMS-005, ...).
      const keyPasses = found.filter((f) => f.address.startsWith('arn:aws:kms:') && f.status === 'pass');
      expect(keyPasses).toEqual([]);
      if (mode === 'deny') {
        const keyResults = found.filter((f) => f.address.startsWith('arn:aws:kms:') && f.ruleId === 'RES-001');
        expect(keyResults.length).toBeGreaterThan(0);
        expect(keyResults.every((f) => f.message.includes('kms:ListAliases failed'))).toBe(true);
      }
    }
  });

  it('a bucket on an AWS-managed key does not pass KMS-001', () => {
    const keys = [...baseline.entries()].filter(([k]) => k.startsWith('KMS-001 ') && k.includes(MANAGED_KEY_BUCKET));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter(([, s]) => s === 'pass')).toEqual([]);
  });

  it('ends with one clear error when the caller identity call fails', async () => {
    proxy.setFault((req) => (req.action === 'GetCallerIdentity' ? answerFor('500', 'sts') : undefined));
    await expect(collectAws(scanOptions())).rejects.toBeInstanceOf(AwsScanError);
  });
});

describe('calls that are never answered', () => {
  it('gives up on one stalled call at the call timeout, names it in a gap, and reads the rest', async () => {
    proxy.setFault((req) => (req.action === 'DescribeVpcs' ? { behaviour: 'stall' } : undefined));
    const started = Date.now();
    const inventory = await collectAws(scanOptions({ callTimeout: 2, deadline: 60 }));
    const elapsed = Date.now() - started;
    const gap = failedGaps(inventory).find((g) => g.call === 'ec2:DescribeVpcs');
    expect(gap?.detail).toBe('CallTimeout: no answer within 2 s (--call-timeout)');
    expect(
      failedGaps(inventory)
        .map((g) => g.call)
        .filter((c) => c !== UNSUPPORTED_BY_MOTO),
    ).toEqual(['ec2:DescribeVpcs']);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('ends a scan whose every call stalls at the deadline, each unanswered call a gap', async () => {
    proxy.setFault((req) => (req.action === 'GetCallerIdentity' ? undefined : { behaviour: 'stall' }));
    const started = Date.now();
    const inventory = await collectAws(scanOptions({ callTimeout: 60, deadline: 3 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2_900);
    expect(elapsed).toBeLessThan(10_000);
    expect(failedGaps(inventory).length).toBeGreaterThan(5);
    for (const g of failedGaps(inventory))
      expect(g.detail).toMatch(/^DeadlineReached: .*scan deadline of 3 s \(--deadline\)/);
    expect(failedGaps(inventory).map((g) => g.call)).toContain('ec2:DescribeVpcs');
  });

  it('ends at the call timeout when the endpoint accepts connections and never answers', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => {
      sockets.add(s);
      s.on('data', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const err = await collectAws({ endpointUrl: `http://127.0.0.1:${port}`, regions: [REGION], callTimeout: 2 }).catch(
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    expect(err).toBeInstanceOf(AwsScanError);
    expect((err as Error).message).toBe(
      'cannot establish the AWS caller identity (sts:GetCallerIdentity): CallTimeout: no answer within 2 s (--call-timeout)',
    );
    expect(elapsed).toBeLessThan(10_000);
  });
});
