// Every output format at scale (issue 15, "outputs that scale"): for each plan size, one `scan --format F --output
// FILE` per format, one `--output-dir` evidence package with every format, one `--write-baseline FILE` and one scan
// reading that baseline back (`--baseline FILE`), each measured once (wall, CPU, peak RSS, bytes written) beside the
// JSON scan of the same plan, whose peak RSS is the yardstick: each must stay within TARGET_RSS_RATIO of it. The 200k
// plan is opt-in (`--formats-200k` or BENCH_FORMATS_200K=1): on a 2-core machine the whole set takes several minutes
// there. Run on its own, one size only, results to bench/out/results-formats-LABEL.json:
//   node bench/formats.mjs --resources 200000 --label 200k [--cli dist/src/cli.js] [--only html,write-baseline]
// (`--reuse-plan` keeps an existing plan of that label, `--keep-baseline` the baseline written.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePlan } from './generatePlan.mjs';

export const OUTPUT_FORMATS = ['json', 'json-compact', 'sarif', 'html', 'oscal', 'markdown', 'junit', 'text'];
export const TARGET_RSS_RATIO = 1.5;

function bytesOf(path) {
  if (!existsSync(path)) return null;
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);
}

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * `measure` is run.mjs's probe runner, `cli` the built CLI, `plan` a generated plan ({ path, resources, bytes }),
 * `outDir` a scratch directory (emptied per run).
 */
export function measureFormats({ measure, cli, plan, label, outDir, only, keepBaseline = false }) {
  mkdirSync(outDir, { recursive: true });
  const runs = {};
  // Without the JSON scan (left out of `only`) there is no yardstick and no ratio.
  const wanted = (name) => !only || only.includes(name);
  /** `dest` is removed before and after the run, unless it is the run's input (`reads`) or the next one's (`keep`). */
  const one = (name, args, dest, { keep = false, reads = false } = {}) => {
    if (!wanted(name)) return;
    if (!reads) rmSync(dest, { recursive: true, force: true });
    const run = measure([cli, 'scan', plan.path, ...args, '--fail-on', 'none']);
    const bytes = bytesOf(dest);
    if (!keep) rmSync(dest, { recursive: true, force: true });
    runs[name] = {
      status: run.status,
      ms: round(run.ms, 0),
      cpuMs: round(run.cpuMs, 0),
      rssMb: round(run.rssMb, 0),
      bytes,
      ...(run.status !== 0 && run.status !== 1 ? { stderr: run.stderr } : {}),
    };
    const r = runs[name];
    console.log(
      `format ${label} ${name.padEnd(14)} exit ${r.status}: ${round(r.ms / 1000, 1)} s, cpu ${round(r.cpuMs / 1000, 1)} s, peak ${r.rssMb} MB, ${bytes === null ? 'no output' : `${round(bytes / 1e6, 1)} MB`}${r.stderr ? ` [${r.stderr.slice(0, 160)}]` : ''}`,
    );
  };
  for (const format of OUTPUT_FORMATS) {
    const dest = join(outDir, `report-${label}.${format}`);
    // OSCAL is three documents and their catalogs: the CLI writes it only as a package.
    one(format, ['--format', format, format === 'oscal' ? '--output-dir' : '--output', dest], dest);
  }
  const pkg = join(outDir, `package-${label}`);
  one('output-dir', ['--format', OUTPUT_FORMATS.join(','), '--output-dir', pkg], pkg);
  // The baseline beside the smallest report there is (the text summary), then read back by a scan writing the same
  // summary: what a baseline adds to a scan, either way. The summary goes to a file, not /dev/null: a build that
  // replaces its `--output` by renaming over it would replace the device.
  const baseline = join(outDir, `baseline-${label}.json`);
  const summary = join(outDir, `summary-${label}.txt`);
  one('write-baseline', ['--write-baseline', baseline, '--output', summary], baseline, { keep: true });
  one('read-baseline', ['--baseline', baseline, '--output', summary], baseline, { reads: true, keep: true });
  rmSync(summary, { force: true });
  if (!keepBaseline) rmSync(baseline, { force: true });
  const yardstick = runs.json?.rssMb;
  for (const r of Object.values(runs)) r.rssOverJson = yardstick ? round(r.rssMb / yardstick) : null;
  return { label, resources: plan.resources, planBytes: plan.bytes, targetRssOverJson: TARGET_RSS_RATIO, runs };
}

export function printFormats(entries) {
  for (const entry of entries) {
    console.log(
      `\noutput formats at ${entry.label} (${entry.resources} resources; peak RSS against the JSON scan's, target <= ${entry.targetRssOverJson}x)`,
    );
    for (const [name, r] of Object.entries(entry.runs)) {
      const completed = r.status === 0 || r.status === 1;
      const ok = !completed
        ? 'FAILED'
        : r.rssOverJson === null
          ? ''
          : r.rssOverJson <= entry.targetRssOverJson
            ? 'ok'
            : 'OVER';
      console.log(
        `  ${name.padEnd(14)} exit ${String(r.status).padEnd(7)} wall ${String(round(r.ms / 1000, 1)).padStart(6)} s  cpu ${String(round(r.cpuMs / 1000, 1)).padStart(6)} s  peak ${String(r.rssMb).padStart(5)} MB  ${r.rssOverJson === null ? '    -' : `${String(r.rssOverJson).padStart(5)}x`} ${ok}  ${r.bytes === null ? '-' : `${round(r.bytes / 1e6, 1)} MB`}`,
      );
    }
  }
}

/** `node ARGS` once with the peak-RSS probe (the same probe and figures as run.mjs's runs). */
function measureOnce(args, { root, probe, rssFile }) {
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', probe, ...args], {
    cwd: root,
    env: { ...process.env, BENCH_MAX_RSS_FILE: rssFile, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60 * 1000,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [rssKb = Number.NaN, cpuMicros = Number.NaN] = existsSync(rssFile)
    ? readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
    : [];
  const lines = (child.stderr ?? '').trim().split('\n');
  const stderr = (lines.find((line) => /error/i.test(line)) ?? lines.slice(-3).join(' | ')).trim();
  const status = child.error?.code === 'ETIMEDOUT' ? 'timeout' : child.status;
  return { ms, cpuMs: cpuMicros / 1000, rssMb: rssKb / 1024, status, stderr };
}

function option(name) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = join(root, 'bench', 'out');
  mkdirSync(out, { recursive: true });
  const resources = Number(option('--resources') ?? 200_000);
  const label = option('--label') ?? `${Math.round(resources / 1000)}k`;
  const cli = option('--cli') ?? process.env.BENCH_CLI ?? join(root, 'dist', 'src', 'cli.js');
  const path = join(out, `plan-${label}.json`);
  const plan =
    existsSync(path) && process.argv.includes('--reuse-plan')
      ? { path, resources, bytes: statSync(path).size }
      : generatePlan({ resources, path });
  const probe = { root, probe: join(root, 'bench', 'maxRss.mjs'), rssFile: join(out, `max-rss-formats-${label}.txt`) };
  const loadAverage = os.loadavg().map((l) => round(l));
  const only = option('--only')?.split(',');
  const entry = measureFormats({
    only,
    keepBaseline: process.argv.includes('--keep-baseline'),
    measure: (args) => measureOnce(args, probe),
    cli,
    plan,
    label,
    outDir: join(out, 'formats'),
  });
  printFormats([entry]);
  const result = { cli, loadAverage, loadAverageAtEnd: os.loadavg().map((l) => round(l)), ...entry };
  writeFileSync(option('--json') ?? join(out, `results-formats-${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
