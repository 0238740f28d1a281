// Preloaded with --import into every measured process: at exit it appends the process's peak resident set size
// (kilobytes) and its CPU time (user + system, microseconds) to the file named by BENCH_MAX_RSS_FILE. Exit handlers
// also run after process.exit(), so a CLI that exits with a code is still measured. CPU time is reported beside wall
// time because it varies less on a machine that is busy with other work.
import { appendFileSync } from 'node:fs';

const target = process.env.BENCH_MAX_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(target, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
}
