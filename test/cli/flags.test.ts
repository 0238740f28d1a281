/**
 * No silent flags: every option either applies to the scan or is refused with one line and exit 2 (a warning where
 * a user could mean it). Also: a closed pipe ends quietly, waivers are judged on the real date, and a waiver for a
 * module matches as `--resource` does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan, ref } from '../support/planBuilder.js';
import { cliPath, repoRoot, runCli } from '../support/cli.js';

const airgapped = join(repoRoot, 'fixtures', 'examples', 'bedrock-airgapped.plan.json');
const tmp = mkdtempSync(join(tmpdir(), 'aga-flags-'));
const moduleIgw = join(tmp, 'module-igw.json');
writeFileSync(
  moduleIgw,
  JSON.stringify(
    buildPlan({
      resources: [
        { address: 'module.network.aws_vpc.this', values: { cidr_block: '10.0.0.0/16' }, unknown: { id: true } },
        {
          address: 'module.network.aws_internet_gateway.this',
          values: {},
          unknown: { id: true, vpc_id: true },
          expressions: { vpc_id: ref('aws_vpc.this.id') },
        },
      ],
      modules: { 'module.network': { source: './modules/network' } },
    }),
  ),
);

function refused(args: string[], message: RegExp): void {
  const r = runCli(['scan', airgapped, ...args]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('no silent flags', () => {
  it('refuses an unknown rule id and reads a lowercase one as the catalogue spells it', () => {
    refused(['--rule', 'NET-999'], /--rule: unknown rule "NET-999"/);
    refused(['--skip-rule', 'NET-999'], /--skip-rule: unknown rule "NET-999"/);
    const r = runCli(['scan', airgapped, '--rule', 'net-001', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> };
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings.every((f) => f.ruleId === 'NET-001')).toBe(true);
  });

  it('refuses live-scan options on a plan scan, and warns about --quiet', () => {
    refused(['--region', 'us-east-1'], /--region: applies only to a live scan/);
    refused(['--endpoint-url', 'http://127.0.0.1:1'], /--endpoint-url: applies only to a live scan/);
    // The time limits are refused by the same check as every other live-only option, before any input is read.
    for (const flag of ['--call-timeout', '--deadline']) {
      refused(
        [flag, '5'],
        new RegExp(`^airgap-audit: ${flag}: applies only to a live scan \\(--aws\\); this is a plan scan$`, 'm'),
      );
      refused(
        [flag, '5', '--config', join(tmp, 'no-such-config.json')],
        new RegExp(`${flag}: applies only to a live scan`),
      );
    }
    const r = runCli(['scan', airgapped, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --quiet silences live-scan progress only/);
  });

  it('refuses a missing --tf-root, and a --resource that matches nothing', () => {
    refused(['--tf-root', join(tmp, 'nope')], /nope: no such directory \(--tf-root\)/);
    refused(['--resource', 'nothing.here'], /--resource: "nothing.here" matches no resource in the input/);
  });

  it('refuses OSCAL or several formats into one stream, pointing at --output-dir', () => {
    refused(['--format', 'oscal', '--output', join(tmp, 'o.json')], /OSCAL is three documents.*--output-dir/);
    refused(['--format', 'oscal'], /--output-dir/);
    refused(['--format', 'json,sarif'], /stdout cannot hold 2 formats.*--output-dir/);
  });

  it('fails fast on an output directory that cannot be created', () => {
    const started = Date.now();
    refused(['--output-dir', '/proc/airgap-audit-nope'], /cannot create directory/);
    expect(Date.now() - started).toBeLessThan(30_000);
    refused(['--output', join(tmp, 'missing', 'out.json'), '--format', 'json'], /its directory does not exist/);
  });

  it('ends quietly when the reader closes the pipe, with the gate exit code', () => {
    for (const format of ['sarif', 'json', 'text']) {
      const r = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${cliPath}" scan "${airgapped}" --format ${format} | head -c 10 >/dev/null`],
        {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      expect(r.stderr, format).toBe('');
    }
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${cliPath}" scan "${airgapped}" --format sarif | head -c 10 >/dev/null`,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('waivers', () => {
  const waivers = join(tmp, 'waivers.json');
  writeFileSync(
    waivers,
    JSON.stringify([{ ruleId: 'NET-001', resource: 'module.network', reason: 'r', owner: 'o', expires: '2026-11-01' }]),
  );

  it('judges expiry on the real date, not SOURCE_DATE_EPOCH; --as-of sets it explicitly', () => {
    // SOURCE_DATE_EPOCH 2026-01-01 would make the expired waiver live again if it were the clock.
    const pinned = runCli(['scan', moduleIgw, '--waivers', waivers, '--format', 'json', '--as-of', '2026-12-02'], {
      env: { SOURCE_DATE_EPOCH: '1767225600' },
    });
    const doc = JSON.parse(pinned.stdout) as { waivers: Array<{ state: string }>; asOf: string };
    expect(doc.asOf).toBe('2026-12-02');
    expect(doc.waivers[0].state).toBe('expired');
    expect(pinned.code).toBe(1);
    const before = runCli(['scan', moduleIgw, '--waivers', waivers, '--format', 'json', '--as-of', '2026-10-01']);
    expect((JSON.parse(before.stdout) as { waivers: Array<{ state: string }> }).waivers[0].state).toBe('applied');
  });

  it('matches a module prefix as --resource does', () => {
    const r = runCli(['scan', moduleIgw, '--waivers', waivers, '--format', 'json', '--as-of', '2026-10-01']);
    const doc = JSON.parse(r.stdout) as {
      waivers: Array<{ state: string; matched: number }>;
      findings: Array<{ ruleId: string; status: string }>;
    };
    expect(doc.waivers[0]).toMatchObject({ state: 'applied', matched: 1 });
    expect(doc.findings.find((f) => f.ruleId === 'NET-001')?.status).toBe('waived');
  });
});
