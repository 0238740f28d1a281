/**
 * Progress of a live scan. On a terminal every collector event rewrites one status line (as before);
 * anywhere else (a CI log, a file) whole lines are printed: one every `everyMs` and one when each
 * account is finished, so a long scan never looks hung and a log never fills with carriage returns.
 * `--quiet` turns both off. The lines say accounts done/total, regions done/total, API requests sent
 * and collection gaps so far.
 */

export interface ProgressOptions {
  /** Each collector event (`eu-west-1: kms keys done`), for a terminal's status line. */
  events?: (message: string) => void;
  /** Whole status lines, newline included, for a non-terminal stream. */
  lines?: (line: string) => void;
  /** Interval of the periodic lines. */
  everyMs?: number;
}

/** Ten seconds: frequent enough for a CI log to show life, rare enough not to flood it. */
export const PROGRESS_EVERY_MS = 10_000;

export interface ProgressCounts {
  /** API requests sent so far. */
  calls: () => number;
  /** Collection gaps recorded so far. */
  gaps: () => number;
}

export class ScanProgress {
  private accountsTotal = 0;
  private accountsDone = 0;
  private regionsTotal = 0;
  private regionsDone = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private counts: ProgressCounts = { calls: () => 0, gaps: () => 0 };

  constructor(private readonly options: ProgressOptions) {}

  /** For the collectors' own messages (`eu-west-1: kms keys done`). */
  event(message: string): void {
    this.options.events?.(message);
  }

  /** Starts the periodic lines once the work is known. */
  start(accounts: number, counts: ProgressCounts): void {
    this.accountsTotal = accounts;
    this.counts = counts;
    if (!this.options.lines || this.timer) return;
    this.timer = setInterval(() => this.line(), this.options.everyMs ?? PROGRESS_EVERY_MS);
    // Progress must never be what keeps the process alive.
    this.timer.unref();
  }

  /** Regions (account x region pairs) this process reads, added as each account's list is known. */
  addRegions(n: number): void {
    this.regionsTotal += n;
  }

  regionDone(): void {
    this.regionsDone++;
  }

  accountDone(account: string): void {
    this.accountsDone++;
    this.line(`account ${account} done`);
    this.event(`account ${account} done (${this.accountsDone}/${this.accountsTotal})`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One status line, e.g. `airgap-audit: scan 1/3 accounts, 4/9 regions, 812 calls, 2 gaps, 12 s`. */
  status(): string {
    const s = Math.round((Date.now() - this.started) / 1000);
    const gaps = this.counts.gaps();
    return (
      `scan ${this.accountsDone}/${this.accountsTotal} accounts, ${this.regionsDone}/${this.regionsTotal} regions, ` +
      `${this.counts.calls()} calls, ${gaps} ${gaps === 1 ? 'gap' : 'gaps'}, ${s} s`
    );
  }

  private line(why?: string): void {
    this.options.lines?.(`airgap-audit: ${this.status()}${why ? ` (${why})` : ''}\n`);
  }
}
