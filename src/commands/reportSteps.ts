/** Steps `scan` and `merge` take alike on their shared flags: checked, loaded and written the same way. */
import type { Baseline } from '../baseline/baseline.js';
import type { AuditConfig, Waiver } from '../config/config.js';
import { PROFILES, SEVERITIES, type Profile, type Severity } from '../engine/types.js';
import { InputError } from '../input/inputError.js';
import type { ScanReport } from '../report/scanReport.js';
import type { ReportFlags } from './reportOptions.js';

/** `--fail-on`: a severity, or none. */
export function failOnOf(flags: Pick<ReportFlags, 'failOn'>): Severity | 'none' {
  const failOn = flags.failOn as Severity | 'none';
  if (failOn !== 'none' && !SEVERITIES.includes(failOn))
    throw new InputError('--fail-on', `unknown severity "${failOn}"`);
  return failOn;
}

/** `--profile`, else the config's. */
export function profileOf(flags: Pick<ReportFlags, 'profile'>, config: AuditConfig): Profile {
  const profile = (flags.profile as Profile | undefined) ?? config.profile;
  if (!PROFILES.includes(profile)) throw new InputError('--profile', `unknown profile "${profile}"`);
  return profile;
}

export async function waiversOf(flags: Pick<ReportFlags, 'waivers'>): Promise<Waiver[] | undefined> {
  if (!flags.waivers) return undefined;
  const { loadWaivers } = await import('../waivers/loadWaivers.js');
  return loadWaivers(flags.waivers);
}

export async function baselineOf(flags: Pick<ReportFlags, 'baseline'>): Promise<Baseline | undefined> {
  if (!flags.baseline) return undefined;
  const { loadBaseline } = await import('../baseline/baseline.js');
  return loadBaseline(flags.baseline);
}

/** `--write-baseline FILE`: the report's `--format json` document, kept for a later `--baseline`. */
export async function writeBaselineOf(flags: Pick<ReportFlags, 'writeBaseline'>, report: ScanReport): Promise<void> {
  if (!flags.writeBaseline) return;
  // Streamed in pieces: at 200k resources the document is past what one string can hold.
  const [{ writeBaseline }, { jsonChunks }] = await Promise.all([
    import('../baseline/baseline.js'),
    import('../report/json.js'),
  ]);
  writeBaseline(flags.writeBaseline, jsonChunks(report));
}
