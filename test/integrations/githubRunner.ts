/**
 * Runs a composite action's steps the way the GitHub runner does: `${{ inputs.* }}`, `${{ steps.*.outputs.* }}`
 * and `${{ github.token }}` expressions substituted, a fresh GITHUB_OUTPUT file per step read back as that
 * step's outputs, `shell: bash` as `bash --noprofile --norc -eo pipefail`, the runner's GITHUB_* variables,
 * and the job stopping at the first failing step. Any other expression fails the test: the action must
 * use nothing this imitation does not honour.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readYaml } from './yaml.js';

interface ActionStep {
  id?: string;
  name: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  if?: string;
}
interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface JobResult {
  code: number;
  log: string;
  outputs: Record<string, Record<string, string>>;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; log: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export async function runCompositeAction(
  actionDir: string,
  inputs: Record<string, string>,
  runnerEnv: Record<string, string>,
): Promise<JobResult> {
  const action = readYaml(join(actionDir, 'action.yml')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const values: Record<string, string> = {};
  const outputs: Record<string, Record<string, string>> = {};
  const expand = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      let m = /^inputs\.([\w-]+)$/.exec(expr);
      if (m) return values[m[1]] ?? '';
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (m) return outputs[m[1]]?.[m[2]] ?? '';
      if (expr === 'github.token') return runnerEnv.GITHUB_TOKEN ?? '';
      throw new Error(`expression not honoured by this runner imitation: ${expr}`);
    });
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (name in inputs) values[name] = inputs[name];
    else if (spec.required) throw new Error(`required input ${name} not given`);
    // Defaults may be expressions themselves (github-token: the job's token).
    else values[name] = expand(spec.default ?? '');
  }
  for (const name of Object.keys(inputs)) if (!(name in action.inputs)) throw new Error(`unknown input ${name}`);
  const scratch = mkdtempSync(join(tmpdir(), 'airgap-runner-'));
  let log = '';
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.if) throw new Error(`step ${step.name}: conditions are not honoured by this imitation`);
    if (step.shell !== 'bash') throw new Error(`step ${step.name}: shell ${step.shell}`);
    const outputFile = join(scratch, `output-${i}`);
    writeFileSync(outputFile, '');
    const stepEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(String(v));
    const script = join(scratch, `step-${i}.sh`);
    writeFileSync(script, expand(step.run));
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], runnerEnv.GITHUB_WORKSPACE, {
      ...process.env,
      ...runnerEnv,
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: outputFile,
      ...stepEnv,
    });
    log += `--- ${step.name}\n${r.log}`;
    if (step.id) outputs[step.id] = readOutputs(outputFile);
    if (r.code !== 0) return { code: r.code, log, outputs };
  }
  return { code: 0, log, outputs };
}
