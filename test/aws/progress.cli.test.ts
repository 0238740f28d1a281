/**
 * Live-scan progress where no terminal reads it (a CI log): whole lines, periodically and at each
 * account's end, never a carriage return; `--quiet` silences them. Runs the built CLI against moto.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanProgress } from '../../src/aws/progress.js';
import { runCli } from '../support/cli.js';
import { isolateAwsEnv, startMoto, type Moto } from './motoServer.js';
import { MOTO_SERVICES } from './motoServer.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const LINE =
  /^airgap-audit: scan \d+\/2 accounts, \d+\/\d+ regions, \d+ calls, \d+ gaps?, \d+ s( \(account \d{12} done\))?$/;

let moto: Moto;

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

function scan(...extra: string[]) {
  return runCli([
    'scan',
    '--aws',
    '--endpoint-url',
    moto.url,
    '--region',
    'us-east-1',
    // Only what moto implements: its HTTP 500 for the rest would be retried for minutes.
    '--services',
    MOTO_SERVICES.join(','),
    '--accounts',
    '123456789012,111111111111',
    '--assume-role',
    'airgap-audit-readonly',
    '--format',
    'json',
    '--fail-on',
    'none',
    ...extra,
  ]);
}

describe('progress on a non-terminal stderr', () => {
  it('prints one whole line per finished account, and none of the terminal status line', () => {
    const r = scan();
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\r');
    const lines = r.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(LINE);
    expect(lines.filter((l) => l.endsWith('(account 123456789012 done)'))).toHaveLength(1);
    expect(lines.filter((l) => l.endsWith('(account 111111111111 done)'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^airgap-audit: scan 2\/2 accounts, 2\/2 regions, [1-9]\d* calls/);
    const report = JSON.parse(r.stdout) as { input: { files: Array<{ path: string }> } };
    expect(report.input.files.map((f) => f.path)).toEqual(['aws://123456789012', 'aws://111111111111']);
  });

  it('is silenced by --quiet', () => {
    const r = scan('--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('says in the report which shard it is', () => {
    const r = scan('--quiet', '--shard', '2/3');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { shard: unknown }).shard).toEqual({ index: 2, count: 3 });
  });
});

describe('periodic lines', () => {
  it('prints a line at every interval while the scan runs, and stops with it', async () => {
    const out: string[] = [];
    const p = new ScanProgress({ lines: (l) => out.push(l), everyMs: 20 });
    p.start(3, { calls: () => 42, gaps: () => 1 });
    p.addRegions(6);
    p.regionDone();
    // Polled rather than slept: a loaded machine may fire an interval late, never early.
    for (let waited = 0; out.length < 3 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    p.stop();
    const n = out.length;
    expect(n).toBeGreaterThanOrEqual(3);
    expect(out[0]).toMatch(/^airgap-audit: scan 0\/3 accounts, 1\/6 regions, 42 calls, 1 gap, \d+ s\n$/);
    await new Promise((r) => setTimeout(r, 60));
    expect(out.length).toBe(n);
  });
});

describe('live-scan options', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a shard outside 1..N', ['--aws', '--shard', '4/3'], /^airgap-audit: --shard: "4\/3": I must be between 1 and N/],
    ['a shard without --aws', ['x.json', '--shard', '1/2'], /^airgap-audit: --shard: applies only to a live scan/],
    ['a zero concurrency', ['--aws', '--concurrency', '0'], /^airgap-audit: --concurrency: "0" is not a whole number/],
    ['a role without accounts', ['--aws', '--assume-role', 'r'], /^airgap-audit: --assume-role: .*add --accounts/],
    ['an account id of 3 digits', ['--aws', '--accounts', '123'], /^airgap-audit: --accounts: "123" is not a 12-digit/],
    [
      'an ARN without {account}',
      ['--aws', '--accounts', '123456789012', '--assume-role', 'arn:aws:iam::123456789012:role/r'],
      /^airgap-audit: --assume-role: .*use \{account\}/,
    ],
    ['an external id without a role', ['--aws', '--external-id', 'abc'], /^airgap-audit: --external-id: applies to/],
  ];
  for (const [what, args, message] of cases)
    it(`refuses ${what} with one line and exit 2`, () => {
      const r = runCli(['scan', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
});
