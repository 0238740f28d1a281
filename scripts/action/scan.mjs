/**
 * Action step 2: the scan. Writes the evidence package (JSON, SARIF, JUnit, Markdown, manifest) to
 * `output-dir`, appends the Markdown to the job summary and records the exit code for the gate step, so
 * the SARIF upload and the comment still happen when findings fail.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, setOutput } from './lib.mjs';

const env = process.env;
const words = (s) => (s ?? '').split(/\s+/).filter(Boolean);
const plans = words(env.INPUT_PLAN);
if (plans.length === 0) fail('input plan is empty: give the Terraform plan JSON file(s)');
const outDir = resolve(env.GITHUB_WORKSPACE ?? '.', env.INPUT_OUTPUT_DIR || 'airgap-audit-results');
const args = ['scan', ...plans, '--format', 'json,sarif,junit,markdown', '--output-dir', outDir];
const flag = (name, value) => {
  if (value) args.push(name, value);
};
flag('--config', env.INPUT_CONFIG);
flag('--profile', env.INPUT_PROFILE);
flag('--fail-on', env.INPUT_FAIL_ON);
flag('--baseline', env.INPUT_BASELINE);
flag('--rules-dir', env.INPUT_RULES_DIR);
flag('--waivers', env.INPUT_WAIVERS);
args.push(...words(env.INPUT_ARGS));

const bin = env.AIRGAP_AUDIT_BIN;
if (!bin) fail('no airgap-audit installed (the install step gave no bin)');
const r = spawnSync(process.execPath, [bin, ...args], {
  cwd: env.GITHUB_WORKSPACE ?? process.cwd(),
  stdio: ['ignore', 'inherit', 'inherit'],
});
const code = r.status ?? 2;
setOutput('exit-code', String(code));
const sarif = join(outDir, 'airgap-audit.sarif');
const markdown = join(outDir, 'airgap-audit.md');
if (existsSync(sarif)) setOutput('sarif-file', sarif);
if (existsSync(markdown)) {
  setOutput('markdown-file', markdown);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, readFileSync(markdown, 'utf8'));
}
