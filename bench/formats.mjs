// Every output format at scale (issue 15, "outputs that scale"): for each plan size, one `scan --format F --output
// FILE` per format and one `--output-dir` evidence package with every format, each measured once (wall, CPU, peak
// RSS, bytes written) beside the JSON scan of the same plan, whose peak RSS is the yardstick: each format must stay
// within TARGET_RSS_RATIO of it. The 200k plan is opt-in (`--formats-200k` or BENCH_FORMATS_200K=1): on a 2-core
// machine the whole set takes several minutes there.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
export function measureFormats({ measure, cli, plan, label, outDir }) {
  mkdirSync(outDir, { recursive: true });
  const runs = {};
  const one = (name, args, dest) => {
    rmSync(dest, { recursive: true, force: true });
    const run = measure([cli, 'scan', plan.path, ...args, '--fail-on', 'none']);
    const bytes = bytesOf(dest);
    rmSync(dest, { recursive: true, force: true });
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
      `format ${label} ${name.padEnd(10)} exit ${r.status}: ${round(r.ms / 1000, 1)} s, cpu ${round(r.cpuMs / 1000, 1)} s, peak ${r.rssMb} MB, ${bytes === null ? 'no output' : `${round(bytes / 1e6, 1)} MB`}${r.stderr ? ` [${r.stderr.slice(0, 160)}]` : ''}`,
    );
  };
  for (const format of OUTPUT_FORMATS) {
    const dest = join(outDir, `report-${label}.${format}`);
    // OSCAL is three documents and their catalogs: the CLI writes it only as a package.
    one(format, ['--format', format, format === 'oscal' ? '--output-dir' : '--output', dest], dest);
  }
  const pkg = join(outDir, `package-${label}`);
  one('output-dir', ['--format', OUTPUT_FORMATS.join(','), '--output-dir', pkg], pkg);
  const yardstick = runs.json.rssMb;
  for (const r of Object.values(runs)) r.rssOverJson = round(r.rssMb / yardstick);
  return { label, resources: plan.resources, planBytes: plan.bytes, targetRssOverJson: TARGET_RSS_RATIO, runs };
}

export function printFormats(entries) {
  for (const entry of entries) {
    console.log(
      `\noutput formats at ${entry.label} (${entry.resources} resources; peak RSS against the JSON scan's, target <= ${entry.targetRssOverJson}x)`,
    );
    for (const [name, r] of Object.entries(entry.runs)) {
      const ok = (r.status === 0 || r.status === 1) && r.rssOverJson <= entry.targetRssOverJson ? 'ok' : 'OVER';
      console.log(
        `  ${name.padEnd(10)} exit ${String(r.status).padEnd(7)} wall ${String(round(r.ms / 1000, 1)).padStart(6)} s  cpu ${String(round(r.cpuMs / 1000, 1)).padStart(6)} s  peak ${String(r.rssMb).padStart(5)} MB  ${String(r.rssOverJson).padStart(5)}x ${ok}  ${r.bytes === null ? '-' : `${round(r.bytes / 1e6, 1)} MB`}`,
      );
    }
  }
}
