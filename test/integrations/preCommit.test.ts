/**
 * The pre-commit hook as pre-commit runs it: the tool installed from the offline tarball (pre-commit's
 * `language: node` installs the package; here with no registry), the hook's `files` pattern choosing
 * among a commit's files, and its `entry` run with `args` and the chosen file names.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { installOffline, packedTarball } from '../support/tarball.js';
import { readYaml } from './yaml.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

const [hook] = readYaml(join(repoRoot, '.pre-commit-hooks.yaml')) as Hook[];
const examples = join(repoRoot, 'fixtures', 'examples');
const repo = mkdtempSync(join(tmpdir(), 'airgap-precommit-'));
let binDir = '';

beforeAll(async () => {
  const bin = installOffline(await packedTarball(), join(repo, '.hook-env'), join(repo, '.empty-cache'));
  binDir = dirname(bin);
  mkdirSync(join(repo, 'infra'));
  copyFileSync(join(examples, 'bedrock-looks-private.plan.json'), join(repo, 'infra', 'leaky.plan.json'));
  copyFileSync(join(examples, 'bedrock-airgapped.plan.json'), join(repo, 'infra', 'plan.json'));
  copyFileSync(join(examples, 'airgap-audit.config.json'), join(repo, 'airgap-audit.config.json'));
  writeFileSync(join(repo, 'infra', 'main.tf'), '# not a plan\n');
  writeFileSync(join(repo, 'infra', 'explain.json'), '{}\n');
}, 600_000);

/** pre-commit: files matching the hook's pattern (Python `re.search`), then `entry args... files...`. */
function runHook(staged: string[], args: string[] = []): { code: number; out: string; files: string[] } {
  const pattern = new RegExp(hook.files);
  const files = staged.filter((f) => pattern.test(f));
  const [command, ...entryArgs] = hook.entry.split(/\s+/);
  const r = spawnSync(command, [...entryArgs, ...args, ...(hook.pass_filenames ? files : [])], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PATH: `${binDir}${delimiter}${process.env.PATH}` },
  });
  return { code: r.status ?? -1, out: r.stdout + r.stderr, files };
}

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('is a node hook named airgap-audit', () => {
    expect(hook).toMatchObject({ id: 'airgap-audit', language: 'node', pass_filenames: true });
  });

  it('picks plan JSON files only and fails the commit on a leaky plan', () => {
    const r = runHook(['infra/main.tf', 'infra/explain.json', 'infra/leaky.plan.json']);
    expect(r.files).toEqual(['infra/leaky.plan.json']);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('FAIL CRITICAL NET-001 module.network.aws_internet_gateway.this');
  });

  it('passes a plan that follows the blueprint (the config in the repository root is found)', () => {
    const r = runHook(['infra/plan.json', 'README.md']);
    expect(r.files).toEqual(['infra/plan.json']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/0 failed/);
  });

  it('takes args, e.g. a lower gate', () => {
    expect(runHook(['infra/plan.json'], ['--fail-on', 'none']).code).toBe(0);
    expect(runHook(['infra/leaky.plan.json'], ['--fail-on', 'none']).code).toBe(0);
  });
});
