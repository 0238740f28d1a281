/**
 * Action step 1: the airgap-audit to run. From the offline tarball when `tarball` is given (no registry is
 * contacted); otherwise from the action's own checkout, built once with its lockfile's pinned dependencies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, setOutput } from './lib.mjs';

const actionPath = process.env.GITHUB_ACTION_PATH ?? resolve(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args, cwd) {
  const r = spawnSync(npm, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail(`npm ${args[0]} failed in ${cwd} (exit ${r.status})`);
}

const tarball = process.env.INPUT_TARBALL;
if (tarball) {
  const file = resolve(process.env.GITHUB_WORKSPACE ?? '.', tarball);
  if (!existsSync(file)) fail(`tarball ${tarball}: no such file`);
  const dir = join(process.env.RUNNER_TEMP ?? actionPath, 'airgap-audit-install');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"airgap-audit-install","private":true}\n');
  run(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', file], dir);
  setOutput('bin', join(dir, 'node_modules', 'airgap-audit', 'dist', 'src', 'cli.js'));
} else {
  const cli = join(actionPath, 'dist', 'src', 'cli.js');
  // npm ci installs exactly the lockfile's versions and builds dist/ (the prepare script).
  if (!existsSync(cli) || !existsSync(join(actionPath, 'node_modules')))
    run(['ci', '--no-audit', '--no-fund'], actionPath);
  setOutput('bin', cli);
}
