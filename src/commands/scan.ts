/** `airgap-audit scan`: read inputs, assess, write each requested format, decide the exit code. */
import { realpathSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { loadConfig, type Waiver } from '../config/config.js';
import { exitCodeFor } from '../engine/summary.js';
import { PROFILES, SEVERITIES, type Profile, type Severity } from '../engine/types.js';
import { InputError } from '../input/inputError.js';
import { ofKind, type Inventory } from '../model/inventory.js';
import { assessInventory, inventoryFromPlanFiles } from '../scan.js';
import { refuseInputs, writeOutputFile, writeStdout } from '../output/writeOutput.js';
import type { RenderedFile } from '../report/render.js';
import type { ScanReport } from '../report/scanReport.js';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'oscal'] as const;
type Format = (typeof FORMATS)[number];

export interface ScanFlags {
  aws?: boolean;
  region?: string[];
  awsProfile?: string;
  endpointUrl?: string;
  fips?: boolean;
  quiet?: boolean;
  callTimeout?: string;
  deadline?: string;
  profile?: string;
  config?: string;
  mappings?: string;
  framework?: string[];
  format: string;
  output?: string;
  outputDir?: string;
  sign?: string;
  tfRoot?: string;
  failOn: string;
  failOnNotAssessed?: boolean;
  waivers?: string;
  ignoreWaivers?: boolean;
  rule?: string[];
  skipRule?: string[];
  resource?: string;
}

function parseFormats(text: string): Format[] {
  const list = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of list)
    if (!(FORMATS as readonly string[]).includes(f))
      throw new InputError('--format', `unknown format "${f}" (one of ${FORMATS.join(', ')})`);
  return [...new Set(list)] as Format[];
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolvePath(a) === resolvePath(b);
  }
}

/** A `--call-timeout` / `--deadline` value: seconds, a positive number no larger than a day. */
function secondsFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 86_400)
    throw new InputError(flag, `"${value}" is not a number of seconds between 0 and 86400`);
  return n;
}

async function inventoryFor(plans: string[], flags: ScanFlags): Promise<Inventory> {
  if (!flags.aws)
    for (const [flag, value] of [
      ['--call-timeout', flags.callTimeout],
      ['--deadline', flags.deadline],
    ] as const)
      if (value !== undefined) throw new InputError(flag, 'applies to a live scan only: add --aws or drop it');
  if (flags.aws) {
    if (plans.length) throw new InputError('scan', 'give plan files or --aws, not both');
    const { collectAws, AwsScanError } = await import('../aws/collectAws.js');
    try {
      const interactive = process.stderr.isTTY === true && !flags.quiet;
      return await collectAws({
        regions: flags.region,
        endpointUrl: flags.endpointUrl,
        fips: flags.fips,
        profile: flags.awsProfile,
        callTimeout: secondsFlag('--call-timeout', flags.callTimeout),
        deadline: secondsFlag('--deadline', flags.deadline),
        quiet: !interactive,
        progress: interactive ? (m) => process.stderr.write(`\r\u001b[2K${m}`) : undefined,
      });
    } catch (err) {
      if (err instanceof AwsScanError) throw new InputError('--aws', err.message);
      throw err;
    }
  }
  if (plans.length === 0)
    throw new InputError('scan', 'no input: give Terraform plan JSON files (or - for stdin), or --aws');
  return inventoryFromPlanFiles(plans);
}

async function render(
  format: Format,
  report: ScanReport,
  plans: string[],
  flags: ScanFlags,
  inventory: Inventory,
): Promise<RenderedFile[]> {
  if (format === 'text') {
    const { renderText } = await import('../report/text.js');
    const toFile = flags.output !== undefined || flags.outputDir !== undefined;
    const color = !toFile && process.stdout.isTTY === true && !process.env.NO_COLOR;
    return [{ name: 'airgap-audit.txt', content: renderText(report, { color }) }];
  }
  if (format === 'json') {
    const { renderJson } = await import('../report/json.js');
    return [{ name: 'airgap-audit.json', content: renderJson(report) }];
  }
  const { renderFormat } = await import('../report/render.js');
  const moduleSources: Record<string, string> = {};
  for (const m of ofKind(inventory, 'ModuleCall')) moduleSources[m.meta.address] = m.source;
  return renderFormat(format, report, { tfRoot: flags.tfRoot, planPaths: plans, moduleSources });
}

/** JSON to stdout or a file without ever holding the whole document in one string. */
async function writeJsonInPieces(report: ScanReport, output: string | undefined): Promise<void> {
  const { jsonChunks } = await import('../report/json.js');
  if (output !== undefined) writeOutputFile(output, jsonChunks(report));
  else writeStdout(jsonChunks(report));
}

export async function runScan(plans: string[], flags: ScanFlags): Promise<number> {
  const formats = parseFormats(flags.format);
  if (flags.output && flags.outputDir) throw new InputError('--output', 'use --output or --output-dir, not both');
  if (flags.output && formats.length > 1)
    throw new InputError('--output', `one file cannot hold ${formats.length} formats; use --output-dir`);
  if (flags.sign && !flags.outputDir)
    throw new InputError('--sign', 'signing needs an evidence package: add --output-dir DIR');
  for (const out of [flags.output, flags.outputDir]) {
    if (out && plans.some((p) => p !== '-' && samePath(p, out)))
      throw new InputError(out, 'output would overwrite an input file');
  }
  if (flags.outputDir === '') throw new InputError('--output-dir', 'an empty path names no directory');
  if (flags.output !== undefined)
    refuseInputs(flags.output, [
      ...plans.map((path) => ({ flag: 'plan', path })),
      { flag: '--config', path: flags.config ?? 'airgap-audit.config.json' },
      { flag: '--waivers', path: flags.waivers },
      { flag: '--sign', path: flags.sign },
      { flag: '--mappings', path: flags.mappings },
    ]);
  const config = loadConfig(flags.config);
  const profile = (flags.profile as Profile | undefined) ?? config.profile;
  if (!PROFILES.includes(profile)) throw new InputError('--profile', `unknown profile "${profile}"`);
  const failOn = flags.failOn as Severity | 'none';
  if (failOn !== 'none' && !SEVERITIES.includes(failOn))
    throw new InputError('--fail-on', `unknown severity "${failOn}"`);
  let waivers: Waiver[] | undefined;
  if (flags.waivers) {
    const { loadWaivers } = await import('../waivers/loadWaivers.js');
    waivers = loadWaivers(flags.waivers);
  }

  const inventory = await inventoryFor(plans, flags);
  const report = assessInventory(inventory, {
    config,
    profile,
    failOn,
    only: flags.rule,
    skip: flags.skipRule,
    resource: flags.resource,
    frameworks: flags.framework,
    mappingsDir: flags.mappings,
    waivers,
    ignoreWaivers: flags.ignoreWaivers,
  });

  if (formats.length === 1 && formats[0] === 'json' && flags.outputDir === undefined) {
    await writeJsonInPieces(report, flags.output);
    return exitCodeFor(report.findings, failOn, flags.failOnNotAssessed === true);
  }
  const files: RenderedFile[] = [];
  for (const f of formats) files.push(...(await render(f, report, plans, flags, inventory)));
  if (flags.outputDir !== undefined) {
    const { writeEvidencePackage } = await import('../evidence/writePackage.js');
    writeEvidencePackage(flags.outputDir, files, report, { signKeyPath: flags.sign });
  } else if (flags.output !== undefined) {
    writeOutputFile(
      flags.output,
      files.map((f) => f.content),
    );
  } else {
    writeStdout(files.map((f) => f.content));
  }
  return exitCodeFor(report.findings, failOn, flags.failOnNotAssessed === true);
}
