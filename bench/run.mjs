// `npm run bench`: the performance targets of DESIGN §9, as ratios to a physical baseline measured in the same run.
//
// For synthetic plans of 1k / 10k / 50k resources it times `airgap-audit scan FILE --format json --output /dev/null`
// against a bare `JSON.parse(readFileSync(FILE, 'utf8'))` in a fresh Node process, both preloaded with the same
// peak-RSS probe, alternating the two so that load on the machine hits both alike, and reports medians. Then
// `--version` against `node -e 0`, and a plan past V8's string limit, which the baseline cannot read at all, in MB/s.
// Then the HTML evidence report at 20k and 100k resources: its size and the time to write it (`--only-html` runs
// just that). Results go to stdout as a table and to bench/out/results.json. Nothing is asserted: the numbers are reported.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './generatePlan.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const RSS_PROBE = join(ROOT, 'bench', 'maxRss.mjs');
const RSS_FILE = join(OUT, 'max-rss.txt');
const SIZES = [
  { label: '1k', resources: 1_000, runs: 5 },
  { label: '10k', resources: 10_000, runs: 5 },
  { label: '50k', resources: 50_000, runs: 3 },
];
/** The HTML evidence report at these sizes: its bytes and the time to write it (`--only-html` runs just these). */
const HTML_SIZES = [
  { label: '20k', resources: 20_000 },
  { label: '100k', resources: 100_000 },
];
const TARGET_RATIO = 1.5;
const TARGET_SCALING_10X = 11;
const HUGE_PLAN_BYTES = 600_000_000;
const HUGE_PLAN_MIN_FREE_BYTES = 3 * 1024 ** 3;
/** No single run may take longer than this; a command whose first run passes SLOW_RUN_MS is not repeated. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;
const SLOW_RUN_MS = 120 * 1000;
const BASELINE_CODE = "JSON.parse(require('node:fs').readFileSync(process.env.BENCH_FILE, 'utf8'))";

const READ_ONLY_CODE = `const { readJsonInput } = await import(${JSON.stringify(new URL('../dist/src/input/readJson.js', import.meta.url).href)});
await readJsonInput(process.env.BENCH_FILE);`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Runs `node ARGS` once with the probe; returns wall and CPU milliseconds, peak RSS in MB, exit status and the end
 * of stderr. A run past `timeoutMs` is killed and reported with status 'timeout'.
 */
function measure(args, env = {}, timeoutMs = RUN_TIMEOUT_MS) {
  rmSync(RSS_FILE, { force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', RSS_PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_MAX_RSS_FILE: RSS_FILE, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const probe = existsSync(RSS_FILE)
    ? readFileSync(RSS_FILE, 'utf8').trim().split('\n').pop().split(' ').map(Number)
    : [];
  const [rssKb = Number.NaN, cpuMicros = Number.NaN] = probe;
  const status = child.error?.code === 'ETIMEDOUT' ? 'timeout' : child.status;
  // The line naming the error says more than the stack trace under it.
  const stderrLines = (child.stderr ?? '').trim().split('\n');
  const stderr = stderrLines.find((line) => /error/i.test(line)) ?? stderrLines.slice(-3).join(' | ');
  return { ms, cpuMs: cpuMicros / 1000, rssMb: rssKb / 1024, status, stderr: stderr.trim() };
}

/** Alternates the commands `runs` times each; returns per-command medians and the raw samples. */
function compare(commands, runs) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  const tooSlow = new Set();
  for (let run = 0; run < runs; run++) {
    for (const [name, command] of Object.entries(commands)) {
      if (tooSlow.has(name)) continue;
      const sample = measure(command.args, command.env);
      samples[name].push(sample);
      if (sample.ms > SLOW_RUN_MS || sample.status === 'timeout') tooSlow.add(name);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      {
        ms: round(median(list.map((s) => s.ms)), 1),
        cpuMs: round(median(list.map((s) => s.cpuMs)), 1),
        rssMb: round(median(list.map((s) => s.rssMb)), 1),
        statuses: [...new Set(list.map((s) => s.status))],
        ...(list.some((s) => s.status !== 0 && s.status !== 1)
          ? { stderr: list.find((s) => s.status !== 0 && s.status !== 1).stderr }
          : {}),
        samplesMs: list.map((s) => round(s.ms, 1)),
      },
    ]),
  );
}

const scanCommand = (file) => ({ args: [CLI, 'scan', file, '--format', 'json', '--output', '/dev/null'] });
const baselineCommand = (file) => ({ args: ['-e', BASELINE_CODE], env: { BENCH_FILE: file } });

function ensurePlan(label, resources) {
  const path = join(OUT, `plan-${label}.json`);
  const started = performance.now();
  const plan = generatePlan({ resources, path });
  return { ...plan, generateMs: round(performance.now() - started, 0) };
}

function freeBytes(path) {
  const stats = statfsSync(path);
  return stats.bavail * stats.bsize;
}

/** `scan --format html --output FILE` once per size: wall time, peak RSS and the report's bytes. */
function measureHtml(cliPresent) {
  if (!cliPresent) return [];
  return HTML_SIZES.map((size) => {
    const plan = ensurePlan(size.label, size.resources);
    const out = join(OUT, `report-${size.label}.html`);
    rmSync(out, { force: true });
    const run = measure([CLI, 'scan', plan.path, '--format', 'html', '--output', out, '--fail-on', 'none']);
    const bytes = existsSync(out) ? statSync(out).size : null;
    const entry = {
      label: size.label,
      resources: plan.resources,
      planBytes: plan.bytes,
      htmlBytes: bytes,
      htmlBytesPerResource: bytes === null ? null : round(bytes / plan.resources, 1),
      ms: round(run.ms, 0),
      rssMb: round(run.rssMb, 0),
      status: run.status,
    };
    console.log(
      `html ${size.label}: ${bytes === null ? 'no file' : `${round(bytes / 1e6, 1)} MB`} in ${round(run.ms / 1000, 1)} s, peak RSS ${round(run.rssMb, 0)} MB (exit ${run.status})`,
    );
    rmSync(out, { force: true });
    return entry;
  });
}

function main() {
  mkdirSync(OUT, { recursive: true });
  if (process.argv.includes('--only-html')) {
    const html = measureHtml(existsSync(CLI));
    writeFileSync(join(OUT, 'results-html.json'), `${JSON.stringify(html, null, 2)}\n`);
    return;
  }
  const cliPresent = existsSync(CLI);
  const results = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    totalMemoryGb: round(os.totalmem() / 1024 ** 3, 1),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    cli: cliPresent ? relative(ROOT, CLI) : null,
    sizes: [],
    version: null,
    huge: null,
  };
  if (!cliPresent) console.log(`${relative(ROOT, CLI)} is missing (run npm run build): measuring the baseline only.\n`);

  for (const size of SIZES) {
    const plan = ensurePlan(size.label, size.resources);
    const commands = { baseline: baselineCommand(plan.path), ...(cliPresent ? { scan: scanCommand(plan.path) } : {}) };
    const measured = compare(commands, size.runs);
    const entry = {
      label: size.label,
      resources: plan.resources,
      bytes: plan.bytes,
      generateMs: plan.generateMs,
      runs: size.runs,
      ...measured,
    };
    if (measured.scan) {
      entry.timeRatio = round(measured.scan.ms / measured.baseline.ms);
      entry.cpuRatio = round(measured.scan.cpuMs / measured.baseline.cpuMs);
      entry.rssRatio = round(measured.scan.rssMb / measured.baseline.rssMb);
    }
    results.sizes.push(entry);
    printSize(entry);
  }
  const byLabel = Object.fromEntries(results.sizes.map((s) => [s.label, s]));
  if (cliPresent) {
    results.scaling = {
      time10kOver1k: round(byLabel['10k'].scan.ms / byLabel['1k'].scan.ms),
      time50kOver10k: round(byLabel['50k'].scan.ms / byLabel['10k'].scan.ms),
      cpu10kOver1k: round(byLabel['10k'].scan.cpuMs / byLabel['1k'].scan.cpuMs),
      target10x: TARGET_SCALING_10X,
    };
    const version = compare({ nodeE0: { args: ['-e', '0'] }, version: { args: [CLI, '--version'] } }, 7);
    results.version = {
      ...version,
      timeRatio: round(version.version.ms / version.nodeE0.ms),
      cpuRatio: round(version.version.cpuMs / version.nodeE0.cpuMs),
    };
  }
  results.html = measureHtml(cliPresent);
  // `--no-huge` skips the ~600 MB plan, which takes minutes to write and to scan.
  results.huge = process.argv.includes('--no-huge')
    ? { skipped: 'skipped with --no-huge' }
    : measureHugePlan(cliPresent);
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printSummary(results);
}

function measureHugePlan(cliPresent) {
  const free = freeBytes(OUT);
  if (free < HUGE_PLAN_MIN_FREE_BYTES) {
    const message = `skipped: ${round(free / 1024 ** 3, 1)} GB free in bench/out, the plan past the string limit needs 3 GB`;
    console.log(`\nhuge plan ${message}`);
    return { skipped: message };
  }
  if (!cliPresent) return { skipped: 'the CLI is not built' };
  const path = join(OUT, 'plan-huge.json');
  try {
    const started = performance.now();
    // Sized from a sample so it lands just past HUGE_PLAN_BYTES; written in pieces, never held as one string.
    const sample = generatePlan({ resources: 2_000, path });
    const plan = generatePlan({
      resources: Math.ceil((HUGE_PLAN_BYTES / sample.bytes) * sample.resources * 1.02),
      path,
    });
    const generateMs = performance.now() - started;
    const baseline = measure(baselineCommand(path).args, baselineCommand(path).env);
    // The input reader alone, so its streaming throughput shows even when the rest of the scan is slow.
    const read = measure(['--input-type=module', '-e', READ_ONLY_CODE], { BENCH_FILE: path });
    const scan = measure(scanCommand(path).args);
    const mb = plan.bytes / 1e6;
    const huge = {
      resources: plan.resources,
      bytes: plan.bytes,
      pastStringLimit: plan.bytes > bufferConstants.MAX_STRING_LENGTH,
      generateMs: round(generateMs, 0),
      baseline: { status: baseline.status, error: baseline.status === 0 ? null : baseline.stderr },
      scan: {
        status: scan.status,
        ms: round(scan.ms, 0),
        rssMb: round(scan.rssMb, 0),
        ...(scan.status !== 0 && scan.status !== 1 ? { stderr: scan.stderr } : {}),
      },
      scanMbPerSecond: scan.status === 0 || scan.status === 1 ? round(mb / (scan.ms / 1000), 1) : null,
      read: {
        status: read.status,
        ms: round(read.ms, 0),
        rssMb: round(read.rssMb, 0),
        mbPerSecond: round(mb / (read.ms / 1000), 1),
        ...(read.status !== 0 ? { stderr: read.stderr } : {}),
      },
    };
    return huge;
  } finally {
    rmSync(path, { force: true });
  }
}

function printSize(entry) {
  const scan = entry.scan
    ? `scan ${entry.scan.ms} ms (cpu ${entry.scan.cpuMs}) / ${entry.scan.rssMb} MB (exit ${entry.scan.statuses.join(',')})`
    : 'scan n/a';
  console.log(
    `${entry.label.padStart(4)}: ${(entry.bytes / 1e6).toFixed(1)} MB, baseline ${entry.baseline.ms} ms (cpu ${entry.baseline.cpuMs}) / ${entry.baseline.rssMb} MB, ${scan}`,
  );
}

function verdict(value, target) {
  return value <= target ? 'ok' : 'OVER';
}

function printSummary(results) {
  const rows = [['plan', 'resources', 'MB', 'base ms', 'scan ms', 'time x', 'cpu x', 'base MB', 'scan MB', 'rss x']];
  for (const s of results.sizes) {
    rows.push([
      s.label,
      String(s.resources),
      (s.bytes / 1e6).toFixed(1),
      String(s.baseline.ms),
      String(s.scan?.ms ?? '-'),
      s.timeRatio === undefined ? '-' : `${s.timeRatio} ${verdict(s.timeRatio, TARGET_RATIO)}`,
      s.cpuRatio === undefined ? '-' : `${s.cpuRatio} ${verdict(s.cpuRatio, TARGET_RATIO)}`,
      String(s.baseline.rssMb),
      String(s.scan?.rssMb ?? '-'),
      s.rssRatio === undefined ? '-' : `${s.rssRatio} ${verdict(s.rssRatio, TARGET_RATIO)}`,
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column])).join('  '));
  if (results.scaling) {
    const scaling = results.scaling;
    console.log(
      `\nscaling: 10k/1k time ${scaling.time10kOver1k}x, cpu ${scaling.cpu10kOver1k}x (target <= ${TARGET_SCALING_10X}x ${verdict(scaling.time10kOver1k, TARGET_SCALING_10X)}); 50k/10k time ${scaling.time50kOver10k}x`,
    );
  }
  if (results.version) {
    const v = results.version;
    console.log(
      `--version: ${v.version.ms} ms vs node -e 0 ${v.nodeE0.ms} ms = ${v.timeRatio}x, cpu ${v.cpuRatio}x (target <= ${TARGET_RATIO} ${verdict(v.timeRatio, TARGET_RATIO)})`,
    );
  }
  const huge = results.huge;
  if (huge?.skipped) console.log(`past the string limit: ${huge.skipped}`);
  else if (huge) {
    console.log(
      `past the string limit: ${(huge.bytes / 1e6).toFixed(0)} MB, ${huge.resources} resources: baseline exit ${huge.baseline.status}` +
        `${huge.baseline.error ? ` (${huge.baseline.error.slice(0, 80)})` : ''}; scan exit ${huge.scan.status} in ${huge.scan.ms} ms,` +
        ` peak ${huge.scan.rssMb} MB = ${huge.scanMbPerSecond ?? '-'} MB/s${huge.scan.stderr ? ` [${huge.scan.stderr.slice(0, 160)}]` : ''}`,
    );
    console.log(
      `  input reading alone: exit ${huge.read.status} in ${huge.read.ms} ms, peak ${huge.read.rssMb} MB = ${huge.read.mbPerSecond} MB/s`,
    );
  }
  console.log(
    `\nload average at start ${results.loadAverage.join(' ')} on ${results.cpus} CPUs; full figures in bench/out/results.json`,
  );
}

main();
