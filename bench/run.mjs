// `npm run bench`: the performance targets (DESIGN §9, issue 15), as ratios to a physical baseline measured in the same
// run.
//
// For synthetic plans of 1k / 10k / 20k / 100k resources it times `airgap-audit scan FILE --format json --output
// /dev/null` against its baseline, a fresh Node process doing `JSON.parse(readFileSync(FILE, 'utf8'))`, both
// preloaded with the same probe (peak RSS, and CPU = user + system of the whole process, all threads). Each scan run
// is paired with a baseline run right before it, so load on the machine hits both alike; min and median are reported,
// and the median of the per-pair ratios. Then the estate shapes that were once quadratic (bench/cornerShapes.mjs: a
// state with many keys, roles and grants; thousands of VPC CIDRs) at n and 10n, which must cost at most 11x; the
// start-up of `--version`, `rules`, `explain` against `node -e 0`; the hashing worker's SHA-256 against its depth
// scan. `--huge` adds a plan past V8's string limit (minutes to write and scan), in MB/s.
// Results go to stdout as a table and to bench/out/results.json. Nothing is asserted: the numbers are reported.
// Then every output format at 100k resources (bench/formats.mjs: wall, CPU, peak RSS against the JSON scan's), and at
// 200k with `--formats-200k` or BENCH_FORMATS_200K=1 (several minutes on two cores); `--only-formats` runs just those.
// BENCH_CLI points the runs at another build of the CLI (to measure a before and an after from one checkout).
// Then a live scan of ~2,000 resources in moto behind a 60 ms round trip (bench/liveScan.mjs; `--only-live`
// runs just that).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCidrState, generateKeyState } from './cornerShapes.mjs';
import { measureDigest } from './digestCost.mjs';
import { generatePlan } from './generatePlan.mjs';
import { measureFormats, printFormats } from './formats.mjs';
import { measureLiveScan, printLiveScan } from './liveScan.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const CLI = process.env.BENCH_CLI ?? join(ROOT, 'dist', 'src', 'cli.js');
const RSS_PROBE = join(ROOT, 'bench', 'maxRss.mjs');
const RSS_FILE = join(OUT, 'max-rss.txt');
const SIZES = [
  { label: '1k', resources: 1_000, runs: 5 },
  { label: '10k', resources: 10_000, runs: 3 },
  { label: '20k', resources: 20_000, runs: 3 },
  { label: '100k', resources: 100_000, runs: 3 },
];
/** Each corner shape at n and 10n: linear means the second costs at most TARGET_SCALING_10X times the first. */
const CORNERS = [
  { label: 'keys', generate: (n, path) => generateKeyState({ keys: n, path }), n: 1_000, runs: 3 },
  { label: 'vpc-cidrs', generate: (n, path) => generateCidrState({ vpcs: n, path }), n: 400, runs: 3 },
];
/** Issue 15's done-when: scan CPU within these multiples of the baseline's, peak RSS within RSS_TARGET. */
const CPU_TARGETS = { '20k': 2.5, '100k': 2 };
const RSS_TARGET = 1.2;
/** Every output format at these sizes; the 200k plan only when asked for (see the header). */
const FORMAT_SIZES = [
  { label: '100k', resources: 100_000 },
  ...(process.argv.includes('--formats-200k') || process.env.BENCH_FORMATS_200K === '1'
    ? [{ label: '200k', resources: 200_000 }]
    : []),
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

const summarize = (list, key) => ({
  min: round(Math.min(...list.map((s) => s[key])), 1),
  median: round(median(list.map((s) => s[key])), 1),
});

/**
 * Runs the commands in turn, `runs` times, so each run of one is paired with a run of the others made just before or
 * after it; returns per-command min, median and samples.
 */
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
        ms: summarize(list, 'ms'),
        cpuMs: summarize(list, 'cpuMs'),
        rssMb: { ...summarize(list, 'rssMb'), max: round(Math.max(...list.map((s) => s.rssMb)), 1) },
        statuses: [...new Set(list.map((s) => s.status))],
        ...(list.some((s) => s.status !== 0 && s.status !== 1)
          ? { stderr: list.find((s) => s.status !== 0 && s.status !== 1).stderr }
          : {}),
        samples: list.map((s) => ({ ms: round(s.ms, 1), cpuMs: round(s.cpuMs, 1), rssMb: round(s.rssMb, 1) })),
      },
    ]),
  );
}

/** Median over the pairs of `a`'s sample divided by `b`'s: the ratio least moved by load that changes between pairs. */
function pairedRatio(a, b, key) {
  const n = Math.min(a.samples.length, b.samples.length);
  return round(median(Array.from({ length: n }, (_, i) => a.samples[i][key] / b.samples[i][key])));
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

/** Every output format once per size, against the JSON scan of the same plan. */
function measureAllFormats(cliPresent) {
  if (!cliPresent) return [];
  const entries = FORMAT_SIZES.map((size) =>
    measureFormats({
      measure,
      cli: CLI,
      plan: ensurePlan(size.label, size.resources),
      label: size.label,
      outDir: join(OUT, 'formats'),
    }),
  );
  printFormats(entries);
  return entries;
}

/** The live scan against moto (bench/liveScan.mjs); skipped, with the reason, when moto or the CLI is missing. */
async function liveScanOrSkip(cliPresent) {
  if (!cliPresent) return { skipped: 'the CLI is not built' };
  if (spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status !== 0)
    return { skipped: 'moto is not installed (pip install "moto[server]")' };
  return measureLiveScan();
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  if (process.argv.includes('--only-live')) {
    const live = await liveScanOrSkip(existsSync(CLI));
    writeFileSync(join(OUT, 'results-live.json'), `${JSON.stringify(live, null, 2)}\n`);
    printLiveScan(live);
    return;
  }
  if (process.argv.includes('--only-formats')) {
    const formats = {
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      formats: measureAllFormats(existsSync(CLI)),
      loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
    };
    console.log(`load average ${formats.loadAverage.join(' ')} at start, ${formats.loadAverageAtEnd.join(' ')} at end`);
    writeFileSync(join(OUT, 'results-formats.json'), `${JSON.stringify(formats, null, 2)}\n`);
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
    corners: [],
    startup: null,
    digest: null,
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
      entry.timeRatio = round(measured.scan.ms.median / measured.baseline.ms.median);
      entry.cpuRatio = round(measured.scan.cpuMs.median / measured.baseline.cpuMs.median);
      entry.rssRatio = round(measured.scan.rssMb.median / measured.baseline.rssMb.median);
      entry.pairedTimeRatio = pairedRatio(measured.scan, measured.baseline, 'ms');
      entry.pairedCpuRatio = pairedRatio(measured.scan, measured.baseline, 'cpuMs');
    }
    results.sizes.push(entry);
    printSize(entry);
  }
  const byLabel = Object.fromEntries(results.sizes.map((s) => [s.label, s]));
  if (cliPresent) {
    results.scaling = {
      time10kOver1k: round(byLabel['10k'].scan.ms.median / byLabel['1k'].scan.ms.median),
      cpu10kOver1k: round(byLabel['10k'].scan.cpuMs.median / byLabel['1k'].scan.cpuMs.median),
      time100kOver10k: round(byLabel['100k'].scan.ms.median / byLabel['10k'].scan.ms.median),
      cpu100kOver10k: round(byLabel['100k'].scan.cpuMs.median / byLabel['10k'].scan.cpuMs.median),
      target10x: TARGET_SCALING_10X,
    };
    for (const corner of CORNERS) {
      const entry = { label: corner.label, target10x: TARGET_SCALING_10X, at: [] };
      for (const n of [corner.n, corner.n * 10]) {
        const path = join(OUT, `corner-${corner.label}-${n}.json`);
        const written = corner.generate(n, path);
        const measured = compare({ baseline: baselineCommand(path), scan: scanCommand(path) }, corner.runs);
        entry.at.push({ n, resources: written.resources, bytes: written.bytes, ...measured });
      }
      const [small, large] = entry.at;
      entry.time10x = round(large.scan.ms.median / small.scan.ms.median);
      entry.cpu10x = round(large.scan.cpuMs.median / small.scan.cpuMs.median);
      results.corners.push(entry);
      console.log(
        `corner ${corner.label}: n=${small.n} scan ${small.scan.ms.median} ms (cpu ${small.scan.cpuMs.median}), 10n scan ${large.scan.ms.median} ms (cpu ${large.scan.cpuMs.median})`,
      );
    }
    const startup = compare(
      {
        nodeE0: { args: ['-e', '0'] },
        version: { args: [CLI, '--version'] },
        rules: { args: [CLI, 'rules'] },
        explain: { args: [CLI, 'explain', 'EGR-001'] },
      },
      9,
    );
    results.startup = { ...startup, ratios: {} };
    for (const name of ['version', 'rules', 'explain']) {
      results.startup.ratios[name] = {
        time: round(startup[name].ms.median / startup.nodeE0.ms.median),
        timeMin: round(startup[name].ms.min / startup.nodeE0.ms.min),
        cpu: round(startup[name].cpuMs.median / startup.nodeE0.cpuMs.median),
        pairedTime: pairedRatio(startup[name], startup.nodeE0, 'ms'),
        pairedCpu: pairedRatio(startup[name], startup.nodeE0, 'cpuMs'),
      };
    }
  }
  // SHA-256 alone against SHA-256 plus the depth scan, in this process (the worker's own cost).
  results.digest = {};
  for (const label of ['20k', '100k']) results.digest[label] = await measureDigest(join(OUT, `plan-${label}.json`));
  results.formats = measureAllFormats(cliPresent);
  results.live = await liveScanOrSkip(cliPresent);
  results.huge = process.argv.includes('--huge')
    ? measureHugePlan(cliPresent)
    : { skipped: 'run with --huge to include the plan past the string limit' };
  results.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
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
    ? `scan ${entry.scan.ms.median} ms (cpu ${entry.scan.cpuMs.median}) / ${entry.scan.rssMb.median} MB (exit ${entry.scan.statuses.join(',')})`
    : 'scan n/a';
  console.log(
    `${entry.label.padStart(4)}: ${(entry.bytes / 1e6).toFixed(1)} MB, baseline ${entry.baseline.ms.median} ms (cpu ${entry.baseline.cpuMs.median}) / ${entry.baseline.rssMb.median} MB, ${scan}`,
  );
}

function verdict(value, target) {
  return value <= target ? 'ok' : 'OVER';
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column])).join('  '));
}

const minMed = (stat) => `${stat.min}/${stat.median}`;

function printSummary(results) {
  console.log('\nscan against read+parse (min/median; ratios of medians, and median of per-pair ratios)');
  const rows = [
    [
      'plan',
      'res',
      'MB',
      'base ms',
      'scan ms',
      'base cpu',
      'scan cpu',
      'cpu x',
      'pair cpu x',
      'time x',
      'base MB',
      'scan MB',
      'rss x',
    ],
  ];
  for (const s of results.sizes) {
    const cpuTarget = CPU_TARGETS[s.label];
    rows.push([
      s.label,
      String(s.resources),
      (s.bytes / 1e6).toFixed(1),
      minMed(s.baseline.ms),
      s.scan ? minMed(s.scan.ms) : '-',
      minMed(s.baseline.cpuMs),
      s.scan ? minMed(s.scan.cpuMs) : '-',
      s.cpuRatio === undefined
        ? '-'
        : `${s.cpuRatio}${cpuTarget ? ` ${verdict(s.cpuRatio, cpuTarget)}<=${cpuTarget}` : ''}`,
      String(s.pairedCpuRatio ?? '-'),
      String(s.timeRatio ?? '-'),
      String(s.baseline.rssMb.median),
      s.scan ? `${s.scan.rssMb.median} (max ${s.scan.rssMb.max})` : '-',
      s.rssRatio === undefined
        ? '-'
        : `${s.rssRatio}${cpuTarget ? ` ${verdict(s.rssRatio, RSS_TARGET)}<=${RSS_TARGET}` : ''}`,
    ]);
  }
  table(rows);
  if (results.scaling) {
    const scaling = results.scaling;
    console.log(
      `\nscaling: 10k/1k time ${scaling.time10kOver1k}x cpu ${scaling.cpu10kOver1k}x; 100k/10k time ${scaling.time100kOver10k}x cpu ${scaling.cpu100kOver10k}x (target <= ${TARGET_SCALING_10X}x)`,
    );
  }
  for (const corner of results.corners) {
    const [small, large] = corner.at;
    console.log(
      `corner ${corner.label}: ${small.resources} -> ${large.resources} resources, scan ${minMed(small.scan.ms)} -> ${minMed(large.scan.ms)} ms, cpu ${minMed(small.scan.cpuMs)} -> ${minMed(large.scan.cpuMs)}: time ${corner.time10x}x cpu ${corner.cpu10x}x (target <= ${TARGET_SCALING_10X}x ${verdict(corner.time10x, TARGET_SCALING_10X)})`,
    );
  }
  if (results.startup) {
    const s = results.startup;
    console.log(`\nstart-up against node -e 0 (${minMed(s.nodeE0.ms)} ms, cpu ${minMed(s.nodeE0.cpuMs)}):`);
    for (const name of ['version', 'rules', 'explain']) {
      const r = s.ratios[name];
      console.log(
        `  ${name.padEnd(8)} ${minMed(s[name].ms)} ms, cpu ${minMed(s[name].cpuMs)}: time ${r.time}x (min ${r.timeMin}x, paired ${r.pairedTime}x), cpu ${r.cpu}x (paired ${r.pairedCpu}x) (target <= ${TARGET_RATIO} ${verdict(r.time, TARGET_RATIO)})`,
      );
    }
  }
  for (const [label, d] of Object.entries(results.digest ?? {})) {
    console.log(
      `hash worker on plan-${label}: SHA-256 alone ${d.hashOnly.ms} ms (cpu ${d.hashOnly.cpuMs}), with depth scan ${d.withDepth.ms} ms (cpu ${d.withDepth.cpuMs}): depth scan +${d.depthScanMs} ms, cpu +${d.depthScanCpuMs} (JavaScript loop: cpu +${d.byteLoopCpuMs})`,
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
  if (results.live) printLiveScan(results.live);
  console.log(
    `\nload average ${results.loadAverage.join(' ')} at start, ${results.loadAverageAtEnd.join(' ')} at end, on ${results.cpus} CPUs; full figures in bench/out/results.json`,
  );
}

await main();
