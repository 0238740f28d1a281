/**
 * `airgap-audit init`: a starter config with `$schema`, filled from a plan (regions, VPCs, audit buckets and
 * the accounts that hold them), valid against the shipped schema, explained in the README table's words,
 * and never written over an existing file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../src/commands/init.js';
import { repoRoot, runCli } from '../support/cli.js';

const examples = join(repoRoot, 'fixtures', 'examples');

describe('airgap-audit init', () => {
  it('fills the config from a plan, and the blueprint example passes with it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'airgap-init-'));
    const r = runCli(['init', '--plan', join(examples, 'bedrock-airgapped.plan.json')], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote airgap-audit\.config\.json \(from .*: 1 region\(s\), 1 VPC\(s\), 2 audit bucket\(s\), account\(s\) 111111111111\)/,
    );
    const config = JSON.parse(readFileSync(join(cwd, 'airgap-audit.config.json'), 'utf8'));
    expect(config).toMatchObject({
      $schema: 'https://airgap-audit.dev/schemas/config.schema.json',
      profile: 'regulated',
      allowedRegions: ['us-east-1'],
      workloadAccount: '111111111111',
      trustedAccounts: ['222222222222'],
      auditBuckets: [
        { name: 'bedrock-audit-trail-222222222222', account: '222222222222' },
        { name: 'bedrock-invocation-logs-222222222222', account: '222222222222' },
      ],
    });
    expect(config.boundaryVpcs).toHaveLength(1);
    // The scan finds the config in the working directory and validates it against the schema.
    const scan = runCli(['scan', join(examples, 'bedrock-airgapped.plan.json')], { cwd });
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
  });

  it('explains every key in the words of the README table', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(\w+)` \| (.+?) \| .+ \|$/gm)].map((m) => [m[1], m[2]]);
    expect(CONFIG_KEYS).toEqual(rows);
    const cwd = mkdtempSync(join(tmpdir(), 'airgap-init-'));
    const r = runCli(['init'], { cwd });
    for (const [key, meaning] of CONFIG_KEYS) {
      expect(r.stdout).toContain(key);
      expect(r.stdout).toContain(meaning);
    }
    const config = JSON.parse(readFileSync(join(cwd, 'airgap-audit.config.json'), 'utf8'));
    expect(
      Object.keys(config)
        .filter((k) => k !== '$schema')
        .sort(),
    ).toEqual(
      CONFIG_KEYS.map(([k]) => k)
        .filter((k) => k !== 'workloadAccount')
        .sort(),
    );
  });

  it('never overwrites a file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'airgap-init-'));
    writeFileSync(join(cwd, 'airgap-audit.config.json'), '{"profile": "baseline"}\n');
    const r = runCli(['init', '--plan', join(examples, 'bedrock-airgapped.plan.json')], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'airgap-audit: airgap-audit.config.json: already exists; init never overwrites (remove it or give --output)\n',
    );
    expect(readFileSync(join(cwd, 'airgap-audit.config.json'), 'utf8')).toBe('{"profile": "baseline"}\n');
    const other = runCli(['init', '--output', 'ci.config.json'], { cwd });
    expect(other.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'ci.config.json'), 'utf8')).profile).toBe('regulated');
  });

  it('refuses a plan it cannot read with one line naming it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'airgap-init-'));
    const r = runCli(['init', '--plan', 'nope.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^airgap-audit: nope\.json: .*\n$/);
  });
});
