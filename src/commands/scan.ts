/** `airgap-audit scan`: read inputs, assess, write each requested format, decide the exit code. */
import { closeSync, openSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { loadConfig, type Waiver } from '../config/config.js';
import { exitCodeFor } from '../engine/summary.js';
import { type Finding, PROFILES, SEVERITIES, type Profile, type Rule, type Severity } from '../engine/types.js';
import { type Baseline, findingsForGate } from '../baseline/baseline.js';
import { InputError } from '../input/inputError.js';
import { ofKind, type Inventory } from '../model/inventory.js';
import { assessInventory, inventoryFromPlanFiles } from '../scan.js';
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
  rulesDir?: string;
  baseline?: string;
  writeBaseline?: string;
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

async function inventoryFor(plans: string[], flags: ScanFlags): Promise<Inventory> {
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
  let fd = 1;
  try {
    if (output) fd = openSync(output, 'w');
    let buffer = '';
    for (const chunk of jsonChunks(report)) {
      buffer += chunk;
      if (buffer.length > 1 << 20) {
        writeAll(fd, buffer);
        buffer = '';
      }
    }
    writeAll(fd, buffer);
  } catch (err) {
    throw new InputError(
      output ?? '<stdout>',
      `cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  } finally {
    if (fd !== 1) closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (err) {
      // stdout as a non-blocking pipe answers EAGAIN when the reader is slower than we are.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

export async function runScan(plans: string[], flags: ScanFlags): Promise<number> {
  const formats = parseFormats(flags.format);
  if (flags.output && flags.outputDir) throw new InputError('--output', 'use --output or --output-dir, not both');
  if (flags.output && formats.length > 1)
    throw new InputError('--output', `one file cannot hold ${formats.length} formats; use --output-dir`);
  if (flags.sign && !flags.outputDir)
    throw new InputError('--sign', 'signing needs an evidence package: add --output-dir DIR');
  for (const out of [flags.output, flags.outputDir, flags.writeBaseline]) {
    if (out && plans.some((p) => p !== '-' && samePath(p, out)))
      throw new InputError(out, 'output would overwrite an input file');
  }
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

  let customRules: Rule[] | undefined;
  if (flags.rulesDir) {
    const { loadCustomRules } = await import('../engine/loadCustomRules.js');
    customRules = await loadCustomRules(flags.rulesDir);
  }

  let baseline: Baseline | undefined;
  if (flags.baseline) {
    const { loadBaseline } = await import('../baseline/baseline.js');
    baseline = loadBaseline(flags.baseline);
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
    customRules,
    baseline,
  });
  if (flags.writeBaseline) {
    const [{ writeBaseline }, { renderJson }] = await Promise.all([
      import('../baseline/baseline.js'),
      import('../report/json.js'),
    ]);
    writeBaseline(flags.writeBaseline, renderJson(report));
  }

  if (formats.length === 1 && formats[0] === 'json' && !flags.outputDir) {
    await writeJsonInPieces(report, flags.output);
    return exitCodeFor(gated(report), failOn, flags.failOnNotAssessed === true);
  }
  const files: RenderedFile[] = [];
  for (const f of formats) files.push(...(await render(f, report, plans, flags, inventory)));
  if (flags.outputDir) {
    const { writeEvidencePackage } = await import('../evidence/writePackage.js');
    writeEvidencePackage(flags.outputDir, files, report, { signKeyPath: flags.sign });
  } else if (flags.output) {
    try {
      writeFileSync(flags.output, files.map((f) => f.content).join(''));
    } catch (err) {
      throw new InputError(
        flags.output,
        `cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  } else {
    process.stdout.write(files.map((f) => f.content).join(''));
  }
  return exitCodeFor(gated(report), failOn, flags.failOnNotAssessed === true);
}

/** Baseline hook: under `--baseline` only new findings reach the gate (src/baseline/baseline.ts). */
function gated(report: ScanReport): readonly Finding[] {
  return report.baseline ? findingsForGate(report.findings) : report.findings;
}
