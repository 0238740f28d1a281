/**
 * Every input `merge` refuses: one line on stderr naming the file and what is wrong, exit 2, no stack trace, and
 * nothing written. The documented merge rules are in src/merge.ts's header and the README.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const PLAN_A = join(repoRoot, 'fixtures/corpus/regula__kms-key-rotation.json');
const PLAN_B = join(repoRoot, 'fixtures/corpus/regula__cloudtrail-log-file-validation.json');

let dir: string;
const file = (name: string): string => join(dir, name);

function scan(args: string[], output: string, cwd?: string): void {
  const r = runCli(['scan', ...args, '--format', 'json', '--fail-on', 'none', '--output', output], { cwd });
  expect(r.code, r.stderr).toBe(0);
}

/** A copy of a report with one change. */
function edited(from: string, to: string, change: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(readFileSync(file(from), 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(file(to), JSON.stringify(doc));
  return file(to);
}

function refused(args: string[], pattern: RegExp): void {
  const out = file('must-not-exist.json');
  const r = runCli(['merge', ...args, '--format', 'json', '--output', out]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).toMatch(/^airgap-audit: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(pattern);
  expect(existsSync(out)).toBe(false);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'merge-errors-'));
  scan([PLAN_A, '--with-inventory'], file('a.inv.json'));
  scan([PLAN_B, '--with-inventory'], file('b.inv.json'));
  scan([PLAN_A], file('a.json'));
  scan([PLAN_B], file('b.json'));
  scan([PLAN_B, '--profile', 'baseline'], file('b.baseline.json'));
  // One path, two contents: each shard scanned a `plan.json` of its own directory.
  for (const [plan, sub] of [
    [PLAN_A, 'one'],
    [PLAN_B, 'two'],
  ]) {
    mkdirSync(file(sub));
    copyFileSync(plan, join(dir, sub, 'plan.json'));
    scan(['plan.json', '--with-inventory'], file(`${sub}.inv.json`), file(sub));
  }
}, 120_000);

describe('merge refuses, naming the file', () => {
  it('a file that is not a report (a plan)', () => {
    refused([file('a.json'), PLAN_B], /regula__cloudtrail-log-file-validation\.json: not an airgap-audit report/);
  });

  it('a file that is not JSON, and one that does not exist', () => {
    writeFileSync(file('junk.json'), 'not json');
    refused([file('a.json'), file('junk.json')], /junk\.json: /);
    refused([file('a.json'), file('missing.json')], /missing\.json: /);
  });

  it('a report that breaks the schema', () => {
    const bad = edited('a.json', 'bad.json', (d) => {
      (d.findings as Array<Record<string, unknown>>)[0].status = 'maybe';
    });
    refused([file('b.json'), bad], /bad\.json: not a valid airgap-audit report: \/findings\/0\/status/);
  });

  it('the same report twice, under two names too', () => {
    refused([file('a.json'), file('a.json')], /a\.json: the same report as .*a\.json \(given twice\)/);
    copyFileSync(file('a.json'), file('copy.json'));
    refused([file('a.json'), file('copy.json')], /copy\.json: the same report as .*a\.json/);
  });

  it('reports of different airgap-audit versions', () => {
    const other = edited('b.json', 'b.old.json', (d) => {
      (d.tool as Record<string, unknown>).version = '0.0.9';
    });
    refused([file('a.json'), other], /b\.old\.json: written by airgap-audit 0\.0\.9, .*a\.json by /);
  });

  it('a report with an inventory beside one without', () => {
    refused([file('a.inv.json'), file('b.json')], /b\.json: carries no inventory while .*a\.inv\.json does/);
    refused([file('a.json'), file('b.inv.json')], /a\.json: carries no inventory while .*b\.inv\.json does/);
  });

  it('an inventory of another format version', () => {
    const future = edited('b.inv.json', 'b.future.json', (d) => {
      (d.inventory as Record<string, unknown>).formatVersion = 99;
    });
    refused(
      [file('a.inv.json'), future],
      /b\.future\.json: carries an inventory of format 99; this airgap-audit reads format 1/,
    );
  });

  it('without inventories, reports judged under different configurations', () => {
    refused([file('a.json'), file('b.baseline.json')], /b\.baseline\.json: judged under another configuration than/);
  });

  it('two shards whose same-named plans differ', () => {
    refused(
      [file('one.inv.json'), file('two.inv.json')],
      /two\.inv\.json: its input plan\.json differs from the plan\.json that/,
    );
  });

  it('an output that would overwrite a report', () => {
    const r = runCli(['merge', file('a.json'), file('b.json'), '--format', 'json', '--output', file('a.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\.json: output would overwrite an input file/);
  });

  it('--with-inventory where no JSON report is written', () => {
    for (const command of [
      ['scan', PLAN_A],
      ['merge', file('a.inv.json')],
    ]) {
      const r = runCli([...command, '--with-inventory', '--format', 'text']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'airgap-audit: --with-inventory: only the JSON report carries the inventory: add json to --format\n',
      );
    }
  });

  it('an option merge has no use for', () => {
    const r = runCli(['merge', file('a.json'), '--tf-root', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--tf-root'/);
  });
});
