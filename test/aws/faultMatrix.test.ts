/**
 * The fault matrix: every read-only call the live scan makes is failed in turn, one at a time, in each
 * way AWS (or the network) fails: refused, HTTP 500, throttled, a body that is neither XML nor JSON, and
 * a reset connection, against moto through the loopback fault proxy. The scan is then compared with
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

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const config: AuditConfig = {
  ...defaultConfig(),
  profile: 'highest-trust',
  workloadAccount: ACCOUNT,
  trustedAccounts: [ACCOUNT],
  allowedRegions: [REGION],
  auditBuckets: [{ name: AUDIT_BUCKET }],
};

type Mode = 'deny' | '500' | 'throttle' | 'garble' | 'reset';
const MODES: readonly Mode[] = ['deny', '500', 'throttle', 'garble', 'reset'];

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

/**
 * False passes the values work fixes in the model (a call that fails leaves a "not readable" value
 * that no rule can pass). Until that lands these combinations are expected to fail; the lead removes
 * each entry when the fix is merged, and `it.fails` reports any entry that already passes.
 */
const KNOWN_FALSE_PASSES: ReadonlyArray<{ call: string; rule: string }> = [
  { call: 'kms:ListAliases', rule: 'KMS-001' },
];

/**
 * Also the values work's, but not reproducible on every run, so not `it.fails`: when ListAliases is
 * reset, the KMS endpoint is marked unreachable, and a DescribeKey that had not started yet is skipped;
 * the AWS-managed key whose manager was never read is then judged as a customer key by KMS-005 and
 * RES-001. Excluded from the assertion below only for ListAliases and only for these two rules.
 */
const KNOWN_RACY: ReadonlyArray<{ call: string; rule: string }> = [
  { call: 'kms:ListAliases', rule: 'KMS-005' },
  { call: 'kms:ListAliases', rule: 'RES-001' },
];

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

/** Differences that would be a pass on unread data, as `mode rule resource baseline->now`. */
async function violationsFor(call: string, via: FaultProxy): Promise<string[]> {
  const out: string[] = [];
  for (const mode of MODES) {
    via.setFault((req) => (callName(req) === call ? answerFor(mode, req.service) : undefined));
    const inventory = await collectAws(scanOptions({}, via));
    if (!via.seen.some((s) => callName(s) === call)) out.push(`${mode} - - not made`);
    // The gap names the IAM action (s3:GetEncryptionConfiguration for GetBucketEncryption), not the API.
    const felt = inventory.gaps.some((g) => g.call !== UNSUPPORTED_BY_MOTO || call === UNSUPPORTED_BY_MOTO);
    if (!felt && !(mode === 'garble' && BODY_IS_DOCUMENT.has(call))) out.push(`${mode} - - no gap reported`);
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
    expect(baselineInventory.gaps.map((g) => g.call)).toEqual([UNSUPPORTED_BY_MOTO]);
    expect(calls.length).toBeGreaterThanOrEqual(35);
    expect([...baseline.values()].filter((s) => s === 'fail').length).toBeGreaterThan(20);
    expect([...baseline.values()].filter((s) => s === 'pass').length).toBeGreaterThan(5);
  });

  it('fails every call in five ways, one at a time, and no verdict turns into a pass', async () => {
    const problems: string[] = [];
    for (const call of calls) {
      const known = new Set([...KNOWN_FALSE_PASSES, ...KNOWN_RACY].filter((k) => k.call === call).map((k) => k.rule));
      for (const v of await matrixRow(call)) if (!known.has(v.split(' ')[1])) problems.push(`${call}: ${v}`);
    }
    expect(problems).toEqual([]);
  }, 900_000);

  for (const { call, rule } of KNOWN_FALSE_PASSES) {
    it.fails(`known false pass until the values work lands: ${call} failing passes ${rule}`, async () => {
      const row = await matrixRow(call);
      expect(row.filter((v) => v.split(' ')[1] === rule)).toEqual([]);
    });
  }

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
    const gap = inventory.gaps.find((g) => g.call === 'ec2:DescribeVpcs');
    expect(gap?.detail).toBe('CallTimeout: no answer within 2 s (--call-timeout)');
    expect(inventory.gaps.map((g) => g.call).filter((c) => c !== UNSUPPORTED_BY_MOTO)).toEqual(['ec2:DescribeVpcs']);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('ends a scan whose every call stalls at the deadline, each unanswered call a gap', async () => {
    proxy.setFault((req) => (req.action === 'GetCallerIdentity' ? undefined : { behaviour: 'stall' }));
    const started = Date.now();
    const inventory = await collectAws(scanOptions({ callTimeout: 60, deadline: 3 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2_900);
    expect(elapsed).toBeLessThan(10_000);
    expect(inventory.gaps.length).toBeGreaterThan(5);
    for (const g of inventory.gaps) expect(g.detail).toMatch(/^DeadlineReached: .*scan deadline of 3 s \(--deadline\)/);
    expect(inventory.gaps.map((g) => g.call)).toContain('ec2:DescribeVpcs');
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
