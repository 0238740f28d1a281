import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../support/planBuilder.js';
import { runCli } from '../support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'airgap-bad-'));
const valid = JSON.stringify(
  buildPlan({ resources: [{ address: 'aws_internet_gateway.gw', values: { vpc_id: 'vpc-1' } }] }),
);

function file(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function expectInputError(args: string[], pattern: RegExp, input?: string): void {
  const r = runCli(args, { input });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input: one line naming the file, exit 2, no stack trace', () => {
  it('missing file', () =>
    expectInputError(['scan', join(tmp, 'nope.json')], /nope\.json: .*(no such file|not found)/i));
  it('a directory', () => {
    const d = join(tmp, 'adir');
    mkdirSync(d);
    expectInputError(['scan', d], /adir: .*directory/i);
  });
  it('a 0-byte file', () => expectInputError(['scan', file('empty.json', '')], /empty\.json: .*empty/i));
  it('truncated JSON', () =>
    expectInputError(['scan', file('trunc.json', valid.slice(0, valid.length / 2))], /trunc\.json: /));
  it('JSON that is not a plan', () =>
    expectInputError(
      ['scan', file('pkg.json', '{"name":"x","version":"1.0.0"}')],
      /pkg\.json: not a Terraform plan or state JSON/,
    ));
  it('a JSON array', () => expectInputError(['scan', file('arr.json', '[1,2]')], /arr\.json: /));
  it('unsupported format_version', () =>
    expectInputError(
      ['scan', file('v2.json', '{"format_version":"2.0","planned_values":{}}')],
      /v2\.json: unsupported format_version "2\.0"/,
    ));
  it('100,000-deep nesting', () =>
    expectInputError(
      ['scan', file('deep.json', `{"format_version":"1.2","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)],
      /deep\.json: .*(nest|deep)/i,
    ));
  it('an unknown format', () =>
    expectInputError(['scan', file('ok.json', valid), '--format', 'pdf'], /--format: unknown format "pdf"/));
  it('no input at all', () => expectInputError(['scan'], /scan: no input/));
  it('a bad config file names the field', () => {
    const cfg = file('cfg.json', JSON.stringify({ profile: 'regulated', minRetentionYears: 'seven' }));
    expectInputError(
      ['scan', file('ok2.json', valid), '--config', cfg],
      /cfg\.json: invalid config at minRetentionYears/,
    );
  });
  it('a config with an unknown key', () => {
    const cfg = file('cfg2.json', JSON.stringify({ profil: 'regulated' }));
    expectInputError(
      ['scan', file('ok3.json', valid), '--config', cfg],
      /cfg2\.json: invalid config .*unknown key "profil"/,
    );
  });
  it('an unknown option is a usage error with exit 2', () => {
    const r = runCli(['scan', '--no-such-flag']);
    expect(r.code).toBe(2);
  });
});

describe('inputs PowerShell and hostile plans produce: read, never refused, never a crash', () => {
  it('UTF-8 with BOM', () => {
    const r = runCli(['scan', file('bom.json', `\uFEFF${valid}`), '--format', 'json']);
    expect(r.code).toBe(1);
  });
  it('UTF-16LE with BOM (PowerShell `>`)', () => {
    const r = runCli([
      'scan',
      file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')])),
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
  it('__proto__ and constructor keys are data, never prototypes', () => {
    const hostile = valid.replace(
      '"resource_changes":[',
      '"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"resource_changes":[{"address":"__proto__","type":"constructor","change":{"actions":["create"],"after":{"__proto__":{"x":1},"constructor":"y"}}},',
    );
    const r = runCli(['scan', file('proto.json', hostile), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
  });
  it('wrong types in every place do not crash the loader', () => {
    const weird = JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: { resources: 'x', child_modules: [null, 1, { resources: [null, { address: 5 }] }] },
      },
      resource_changes: [null, { address: 'aws_vpc.x', type: 'aws_vpc', change: { actions: 'create', after: [] } }],
      configuration: { root_module: { module_calls: { m: null } }, provider_config: [] },
    });
    const r = runCli(['scan', file('weird.json', weird), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
  });
  it('a state JSON (terraform show -json of a state) is accepted', () => {
    const state = JSON.stringify({
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_internet_gateway.gw',
              mode: 'managed',
              type: 'aws_internet_gateway',
              name: 'gw',
              values: { vpc_id: 'vpc-1', id: 'igw-1' },
            },
          ],
        },
      },
    });
    const r = runCli(['scan', file('state.json', state), '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { input: { kind: string } }).input.kind).toBe('terraform-state');
  });
});
