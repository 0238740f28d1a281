/**
 * `airgap-audit merge REPORT.json...`: combine shard reports into one (src/merge.ts) and write it in every format and
 * the evidence package exactly as `scan` writes a report. The judging flags (config, profile, rules, frameworks,
 * waivers) apply only when the reports carry inventories to judge; without, they are refused, never ignored.
 */
import { statSync } from 'node:fs';
import type { Baseline } from '../baseline/baseline.js';
import { CONFIG_FILE_NAME, defaultConfig, loadConfig, type Waiver } from '../config/config.js';
import { PROFILES, SEVERITIES, type Profile, type Severity } from '../engine/types.js';
import { InputError } from '../input/inputError.js';
import { createInventory } from '../model/inventory.js';
import { isClosedPipe, refuseInputs } from '../output/writeOutput.js';
import { carryInventories, judgedOtherwise, mergeReports, readReport, type ReportFile } from '../merge.js';
import { isCalendarDate } from '../waivers/loadWaivers.js';
import {
  checkOutputDir,
  checkOutputFlags,
  checkWithInventory,
  parseFormats,
  ruleIds,
  samePath,
  writeOutputs,
} from './scan.js';

export interface MergeFlags {
  profile?: string;
  config?: string;
  mappings?: string;
  framework?: string[];
  format: string;
  output?: string;
  outputDir?: string;
  sign?: string;
  failOn: string;
  failOnNotAssessed?: boolean;
  waivers?: string;
  ignoreWaivers?: boolean;
  asOf?: string;
  rule?: string[];
  skipRule?: string[];
  baseline?: string;
  writeBaseline?: string;
  withInventory?: boolean;
}

/** Flags that judge an inventory: without inventories the reports' own judgement stands and they cannot apply. */
const JUDGING: ReadonlyArray<[keyof MergeFlags, string]> = [
  ['profile', '--profile'],
  ['config', '--config'],
  ['framework', '--framework'],
  ['waivers', '--waivers'],
  ['ignoreWaivers', '--ignore-waivers'],
  ['asOf', '--as-of'],
  ['rule', '--rule'],
  ['skipRule', '--skip-rule'],
  ['withInventory', '--with-inventory'],
];

function checkPaths(reports: string[], flags: MergeFlags): void {
  if (flags.outputDir === '') throw new InputError('--output-dir', 'an empty path names no directory');
  for (const out of [flags.output, flags.outputDir, flags.writeBaseline])
    if (out && reports.some((p) => p !== '-' && samePath(p, out)))
      throw new InputError(out, 'output would overwrite an input file');
  if (flags.output !== undefined)
    refuseInputs(flags.output, [
      ...reports.map((path) => ({ flag: 'report', path })),
      { flag: '--config', path: flags.config ?? CONFIG_FILE_NAME },
      { flag: '--waivers', path: flags.waivers },
      { flag: '--sign', path: flags.sign },
      { flag: '--mappings', path: flags.mappings },
      { flag: '--baseline', path: flags.baseline },
    ]);
  if (flags.outputDir) checkOutputDir(flags.outputDir);
  if (flags.asOf !== undefined && !isCalendarDate(flags.asOf))
    throw new InputError('--as-of', `"${flags.asOf}" is not a calendar date (YYYY-MM-DD)`);
  if (reports.filter((p) => p === '-').length > 1) throw new InputError('-', 'stdin can be read once');
}

function configFileIn(flags: MergeFlags): string | undefined {
  if (flags.config) return flags.config;
  try {
    return statSync(CONFIG_FILE_NAME).isFile() ? CONFIG_FILE_NAME : undefined;
  } catch {
    return undefined;
  }
}

export async function runMerge(reports: string[], flags: MergeFlags): Promise<number> {
  const formats = parseFormats(flags.format);
  checkOutputFlags(flags, formats);
  checkWithInventory(flags, formats);
  checkPaths(reports, flags);
  const failOn = flags.failOn as Severity | 'none';
  if (failOn !== 'none' && !SEVERITIES.includes(failOn))
    throw new InputError('--fail-on', `unknown severity "${failOn}"`);

  const files: ReportFile[] = [];
  for (const path of reports) files.push(await readReport(path));
  const judged = carryInventories(files);
  if (!judged)
    for (const [key, flag] of JUDGING)
      if (flags[key] !== undefined)
        throw new InputError(
          flag,
          'cannot apply: the reports carry no inventory to judge again (scan with --with-inventory), so their findings are combined as they were judged',
        );

  let baseline: Baseline | undefined;
  if (flags.baseline) {
    const { loadBaseline } = await import('../baseline/baseline.js');
    baseline = loadBaseline(flags.baseline);
  }
  // Without inventories no config is read: the reports' own recorded configuration is the one they were judged by.
  const configFile = judged ? configFileIn(flags) : undefined;
  const config = judged ? loadConfig(flags.config) : defaultConfig();
  const profile = (flags.profile as Profile | undefined) ?? config.profile;
  if (!PROFILES.includes(profile)) throw new InputError('--profile', `unknown profile "${profile}"`);
  let waivers: Waiver[] | undefined;
  if (flags.waivers) {
    const { loadWaivers } = await import('../waivers/loadWaivers.js');
    waivers = loadWaivers(flags.waivers);
  }

  const { report, inventory } = mergeReports(files, {
    config,
    profile,
    failOn,
    failOnNotAssessed: flags.failOnNotAssessed === true,
    only: ruleIds('--rule', flags.rule, []),
    skip: ruleIds('--skip-rule', flags.skipRule, []),
    asOf: flags.asOf,
    files: {
      ...(configFile ? { config: configFile } : {}),
      ...(flags.waivers ? { waivers: flags.waivers } : {}),
    },
    frameworks: flags.framework,
    mappingsDir: flags.mappings,
    waivers,
    ignoreWaivers: flags.ignoreWaivers,
    baseline,
    includeInventory: flags.withInventory === true,
  });
  const otherwise = judged ? judgedOtherwise(files, report) : [];
  if (otherwise.length > 0)
    process.stderr.write(
      `airgap-audit: warning: ${otherwise.join(', ')} judged under another profile, rule selection, frameworks, settings or waivers than this merge; the merged report is judged under the merge's own flags\n`,
    );
  if (flags.writeBaseline) {
    const [{ writeBaseline }, { jsonChunks }, { chunked }] = await Promise.all([
      import('../baseline/baseline.js'),
      import('../report/json.js'),
      import('../report/jsonStream.js'),
    ]);
    writeBaseline(flags.writeBaseline, chunked(jsonChunks(report)));
  }
  try {
    // The plans a merged inventory read are the SARIF fallback locations, as in a scan of those plans.
    const plans = report.inputs.filter((i) => i.kind !== 'aws-account').map((i) => i.path);
    await writeOutputs(report, formats, plans, flags, inventory ?? createInventory());
  } catch (err) {
    if (!isClosedPipe(err)) throw err;
  }
  return report.gate.exitCode;
}
