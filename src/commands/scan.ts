/** `airgap-audit scan`: read inputs, assess, write each requested format, decide the exit code. */
import { mkdirSync, realpathSync, rmdirSync, statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { RULE_IDS } from '../engine/catalogue.js';
import { addressMatches } from '../engine/glob.js';
import { isCalendarDate } from '../waivers/loadWaivers.js';
import { CONFIG_FILE_NAME, loadConfig } from '../config/config.js';
import type { Rule } from '../engine/types.js';
import { InputError } from '../input/inputError.js';
import { ofKind, type Inventory } from '../model/inventory.js';
import { assessInventory, inventoryFromPlanFiles } from '../scan.js';
import { isClosedPipe, refuseInputs, writeOutputFile, writeStdout } from '../output/writeOutput.js';
import type { RenderedFile } from '../report/render.js';
import type { ScanReport } from '../report/scanReport.js';
import type { ReportFlags } from './reportOptions.js';
import { baselineOf, failOnOf, profileOf, waiversOf, writeBaselineOf } from './reportSteps.js';

const FORMATS = ['text', 'json', 'json-compact', 'sarif', 'junit', 'markdown', 'html', 'oscal'] as const;
export type Format = (typeof FORMATS)[number];

/** `scan`'s flags: the report flags it shares with `merge`, and those of its inputs. */
export interface ScanFlags extends ReportFlags {
  aws?: boolean;
  region?: string[];
  awsProfile?: string;
  endpointUrl?: string;
  fips?: boolean;
  quiet?: boolean;
  callTimeout?: string;
  deadline?: string;
  accounts?: string[];
  assumeRole?: string;
  externalId?: string;
  roleSessionName?: string;
  shard?: string;
  concurrency?: string;
  services?: string;
  maxInputSize?: string;
  tfRoot?: string;
  resource?: string;
  rulesDir?: string;
}

export function parseFormats(text: string): Format[] {
  const list = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of list)
    if (!(FORMATS as readonly string[]).includes(f))
      throw new InputError('--format', `unknown format "${f}" (one of ${FORMATS.join(', ')})`);
  return [...new Set(list)] as Format[];
}

export function samePath(a: string, b: string): boolean {
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

/** `--concurrency N`: calls in flight per service endpoint, a whole number from 1 to MAX_CONCURRENCY. */
function concurrencyFlag(value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > max)
    throw new InputError('--concurrency', `"${value}" is not a whole number of calls between 1 and ${max}`);
  return n;
}

/** The options of a multi-account, sharded or paced live scan, checked before anything is read. */
async function liveOptions(flags: ScanFlags) {
  const [
    { parseAccounts, checkRoleTemplate, checkExternalId, checkSessionName },
    { parseShard },
    { MAX_CONCURRENCY },
    { AWS_SERVICES },
  ] = await Promise.all([
    import('../aws/accounts.js'),
    import('../aws/shard.js'),
    import('../aws/pool.js'),
    import('../aws/collectors.js'),
  ]);
  if (flags.assumeRole !== undefined && flags.accounts === undefined)
    throw new InputError('--assume-role', 'names the role to read --accounts through: add --accounts LIST');
  for (const [flag, value] of [
    ['--external-id', flags.externalId],
    ['--role-session-name', flags.roleSessionName],
  ] as const)
    if (value !== undefined && flags.assumeRole === undefined)
      throw new InputError(flag, 'applies to the role of --assume-role: add --assume-role or drop it');
  return {
    accounts: flags.accounts ? parseAccounts(flags.accounts) : undefined,
    assumeRole: flags.assumeRole !== undefined ? checkRoleTemplate(flags.assumeRole) : undefined,
    externalId: flags.externalId !== undefined ? checkExternalId(flags.externalId) : undefined,
    roleSessionName: flags.roleSessionName !== undefined ? checkSessionName(flags.roleSessionName) : undefined,
    shard: flags.shard !== undefined ? parseShard(flags.shard) : undefined,
    concurrency: concurrencyFlag(flags.concurrency, MAX_CONCURRENCY),
    services: flags.services !== undefined ? servicesFlag(flags.services, AWS_SERVICES) : undefined,
  };
}

/**
 * `--services a,b`: scope a live scan to the services a boundary uses (or an emulator implements). Each service
 * left out becomes a gap of every account read (collectAws.ts), so the report says what it did not judge.
 */
function servicesFlag<S extends string>(value: string, known: readonly S[]): S[] {
  const asked = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = asked.filter((s) => !(known as readonly string[]).includes(s));
  if (asked.length === 0 || unknown.length > 0)
    throw new InputError(
      '--services',
      `${unknown.length ? `unknown service "${unknown[0]}"` : 'names no service'}: choose from ${known.join(', ')}`,
    );
  return [...new Set(asked)] as S[];
}

/** `--max-input-size`: a whole number of MiB, at least 1, at most 1 TiB. */
function maxInputBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1024 * 1024)
    throw new InputError('--max-input-size', `"${value}" is not a whole number of MiB between 1 and 1048576`);
  return n * 1024 * 1024;
}

async function inventoryFor(plans: string[], flags: ScanFlags): Promise<Inventory> {
  if (flags.aws && flags.maxInputSize !== undefined)
    throw new InputError('--max-input-size', 'applies to plan input only: drop it or drop --aws');
  if (flags.aws) {
    if (plans.length) throw new InputError('scan', 'give plan files or --aws, not both');
    const live = await liveOptions(flags);
    const { collectAws, AwsScanError } = await import('../aws/collectAws.js');
    try {
      // A terminal gets one status line rewritten per event; a CI log or file gets whole lines now and then.
      const terminal = process.stderr.isTTY === true;
      return await collectAws({
        regions: flags.region,
        endpointUrl: flags.endpointUrl,
        fips: flags.fips,
        profile: flags.awsProfile,
        callTimeout: secondsFlag('--call-timeout', flags.callTimeout),
        deadline: secondsFlag('--deadline', flags.deadline),
        ...live,
        quiet: flags.quiet === true,
        progress: terminal ? (m) => process.stderr.write(`\r\u001b[2K${m}`) : undefined,
        progressLines: terminal ? undefined : (line) => process.stderr.write(line),
      });
    } catch (err) {
      if (err instanceof AwsScanError) throw new InputError('--aws', err.message);
      throw err;
    }
  }
  if (plans.length === 0)
    throw new InputError('scan', 'no input: give Terraform plan JSON files (or - for stdin), or --aws');
  return inventoryFromPlanFiles(plans, { maxInputBytes: maxInputBytes(flags.maxInputSize) });
}

/** The flags that decide where a report is written (scan and merge share them). */
export type OutputFlags = Pick<ScanFlags, 'output' | 'outputDir' | 'sign' | 'tfRoot'>;

async function render(
  format: Format,
  report: ScanReport,
  plans: string[],
  flags: OutputFlags,
  inventory: Inventory,
): Promise<RenderedFile[]> {
  if (format === 'text') {
    const [{ textPieces }, { repeatable }] = await Promise.all([
      import('../report/text.js'),
      import('../report/jsonStream.js'),
    ]);
    const toFile = flags.output !== undefined || flags.outputDir !== undefined;
    const color = !toFile && process.stdout.isTTY === true && !process.env.NO_COLOR;
    return [{ name: 'airgap-audit.txt', content: repeatable(() => textPieces(report, { color })) }];
  }
  if (format === 'json') {
    const [{ jsonChunks }, { repeatable }] = await Promise.all([
      import('../report/json.js'),
      import('../report/jsonStream.js'),
    ]);
    return [{ name: 'airgap-audit.json', content: repeatable(() => jsonChunks(report)) }];
  }
  if (format === 'json-compact') {
    const [{ compactJsonPieces }, { repeatable }] = await Promise.all([
      import('../report/json.js'),
      import('../report/jsonStream.js'),
    ]);
    return [{ name: 'airgap-audit.compact.json', content: repeatable(() => compactJsonPieces(report)) }];
  }
  const { renderFormat } = await import('../report/render.js');
  const moduleSources: Record<string, string> = {};
  for (const m of ofKind(inventory, 'ModuleCall')) moduleSources[m.meta.address] = m.source;
  return renderFormat(format, report, { tfRoot: flags.tfRoot, planPaths: plans, moduleSources });
}

/** JSON to stdout or a file without ever holding the whole document in one string. */
async function writeJsonInPieces(report: ScanReport, output: string | undefined): Promise<void> {
  // Pieces of a finding each: the writer encodes them straight into its buffer (writeOutput.ts).
  const { jsonChunks } = await import('../report/json.js');
  if (output !== undefined) writeOutputFile(output, jsonChunks(report));
  else writeStdout(jsonChunks(report));
}

function warn(message: string): void {
  process.stderr.write(`airgap-audit: warning: ${message}\n`);
}

/** Rule ids as the catalogue spells them; `net-001` is read as NET-001, an id the catalogue lacks is an error. */
export function ruleIds(flag: string, ids: string[] | undefined, customIds: readonly string[]): string[] | undefined {
  if (!ids) return undefined;
  const known = new Set<string>([...RULE_IDS, ...customIds]);
  return ids.map((id) => {
    const upper = id.toUpperCase();
    if (!known.has(upper)) throw new InputError(flag, `unknown rule "${id}" (airgap-audit rules lists them)`);
    return upper;
  });
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(path, `cannot use (${(err as NodeJS.ErrnoException).code})`);
  }
}

/**
 * Fails before the scan when `--output-dir` cannot be created: the nearest existing ancestor must be a directory in
 * which one level can be made (made and removed again here). Node's recursive mkdir never returns on some
 * unwritable trees (`/proc/x`), so the package writer must not be the first to find out.
 */
export function checkOutputDir(dir: string): void {
  let current = resolvePath(dir);
  let firstMissing: string | undefined;
  let st = statOrUndefined(current);
  while (!st) {
    firstMissing = current;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
    st = statOrUndefined(current);
  }
  if (st && !st.isDirectory()) throw new InputError(dir, `${current} exists and is not a directory`);
  if (!firstMissing) return;
  try {
    mkdirSync(firstMissing);
    rmdirSync(firstMissing);
  } catch (err) {
    throw new InputError(dir, `cannot create directory (${(err as NodeJS.ErrnoException).code})`);
  }
}

/** Every flag either applies to this scan or is refused: a CI gate must never run something other than asked. */
function checkFlags(plans: string[], flags: ScanFlags, formats: Format[]): void {
  if (!flags.aws) {
    const liveOnly: Array<[unknown, string]> = [
      [flags.region, '--region'],
      [flags.awsProfile, '--aws-profile'],
      [flags.endpointUrl, '--endpoint-url'],
      [flags.fips, '--fips'],
      [flags.accounts, '--accounts'],
      [flags.assumeRole, '--assume-role'],
      [flags.externalId, '--external-id'],
      [flags.roleSessionName, '--role-session-name'],
      [flags.shard, '--shard'],
      [flags.concurrency, '--concurrency'],
      [flags.services, '--services'],
      [flags.callTimeout, '--call-timeout'],
      [flags.deadline, '--deadline'],
    ];
    for (const [value, name] of liveOnly)
      if (value !== undefined) throw new InputError(name, 'applies only to a live scan (--aws); this is a plan scan');
    if (flags.quiet) warn('--quiet silences live-scan progress only; a plan scan has none');
  }
  if (flags.tfRoot !== undefined) {
    if (flags.aws)
      throw new InputError('--tf-root', 'places SARIF results at .tf lines of a plan scan, not a live one');
    const st = statOrUndefined(flags.tfRoot);
    if (!st) throw new InputError(flags.tfRoot, 'no such directory (--tf-root)');
    if (!st.isDirectory()) throw new InputError(flags.tfRoot, 'not a directory (--tf-root)');
    if (!formats.includes('sarif')) warn('--tf-root only places SARIF results, and no SARIF output was asked for');
  }
  if (flags.asOf !== undefined && !isCalendarDate(flags.asOf))
    throw new InputError('--as-of', `"${flags.asOf}" is not a calendar date (YYYY-MM-DD)`);
  if (flags.asOf !== undefined && !flags.waivers && !flags.config)
    warn('--as-of dates waiver expiry; it changes nothing without waivers');
  if (flags.outputDir) checkOutputDir(flags.outputDir);
  if (flags.output) {
    const parent = statOrUndefined(dirname(resolvePath(flags.output)));
    if (!parent?.isDirectory()) throw new InputError(flags.output, 'its directory does not exist');
  }
  if (plans.length > 0 && flags.aws) throw new InputError('scan', 'give plan files or --aws, not both');
}

/** Output flags that cannot go together, refused before any work. */
export function checkOutputFlags(flags: OutputFlags, formats: Format[]): void {
  if (flags.output && flags.outputDir) throw new InputError('--output', 'use --output or --output-dir, not both');
  if (flags.output && formats.length > 1)
    throw new InputError('--output', `one file cannot hold ${formats.length} formats; use --output-dir`);
  if (!flags.output && !flags.outputDir && formats.length > 1)
    throw new InputError('--format', `stdout cannot hold ${formats.length} formats in one stream; use --output-dir`);
  if (formats.includes('oscal') && !flags.outputDir)
    throw new InputError(
      '--format oscal',
      'OSCAL is three documents (assessment results, plan, POA&M); write them with --output-dir DIR',
    );
  if (flags.sign && !flags.outputDir)
    throw new InputError('--sign', 'signing needs an evidence package: add --output-dir DIR');
}

/** The inventory rides in the JSON report only: asked for without one, it would be silently dropped. */
export function checkWithInventory(flags: { withInventory?: boolean }, formats: Format[]): void {
  if (flags.withInventory && !formats.includes('json'))
    throw new InputError('--with-inventory', 'only the JSON report carries the inventory: add json to --format');
}

export async function runScan(plans: string[], flags: ScanFlags): Promise<number> {
  const formats = parseFormats(flags.format);
  checkFlags(plans, flags, formats);
  checkOutputFlags(flags, formats);
  checkWithInventory(flags, formats);
  for (const out of [flags.output, flags.outputDir, flags.writeBaseline]) {
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
  const configFile = flags.config ?? (statOrUndefined(CONFIG_FILE_NAME)?.isFile() ? CONFIG_FILE_NAME : undefined);
  const profile = profileOf(flags, config);
  const failOn = failOnOf(flags);
  const waivers = await waiversOf(flags);

  let customRules: Rule[] | undefined;
  if (flags.rulesDir) {
    const { loadCustomRules } = await import('../engine/loadCustomRules.js');
    customRules = await loadCustomRules(flags.rulesDir);
  }
  // Checked once the custom rules are loaded: their ids are as valid for --rule as the built-in ones.
  const customIds = (customRules ?? []).map((r) => r.meta.id);
  const only = ruleIds('--rule', flags.rule, customIds);
  const skip = ruleIds('--skip-rule', flags.skipRule, customIds);

  const baseline = await baselineOf(flags);

  const inventory = await inventoryFor(plans, flags);
  const report = assessInventory(inventory, {
    config,
    profile,
    failOn,
    failOnNotAssessed: flags.failOnNotAssessed === true,
    only,
    skip,
    asOf: flags.asOf,
    files: {
      ...(configFile ? { config: configFile } : {}),
      ...(flags.waivers ? { waivers: flags.waivers } : {}),
      ...(flags.rulesDir ? { rulesDir: flags.rulesDir } : {}),
    },
    resource: flags.resource,
    frameworks: flags.framework,
    mappingsDir: flags.mappings,
    waivers,
    ignoreWaivers: flags.ignoreWaivers,
    customRules,
    baseline,
    // A shard's JSON is meant for `airgap-audit merge`, which re-judges cross-account rules from the shards'
    // inventories: a sharded scan carries its inventory as if --with-inventory were given.
    includeInventory: flags.withInventory === true || inventory.shard !== undefined,
  });
  if (
    flags.resource !== undefined &&
    report.findings.length === 0 &&
    !inventory.entities.some((e) => addressMatches(flags.resource ?? '', e.meta.address))
  )
    throw new InputError('--resource', `"${flags.resource}" matches no resource in the input`);
  await writeBaselineOf(flags, report);

  try {
    await writeOutputs(report, formats, plans, flags, inventory);
  } catch (err) {
    if (!isClosedPipe(err)) throw err;
  }
  return report.gate.exitCode;
}

export async function writeOutputs(
  report: ScanReport,
  formats: Format[],
  plans: string[],
  flags: OutputFlags,
  inventory: Inventory,
): Promise<void> {
  if (formats.length === 1 && formats[0] === 'json' && !flags.outputDir) {
    await writeJsonInPieces(report, flags.output);
    return;
  }
  const files: RenderedFile[] = [];
  for (const f of formats) files.push(...(await render(f, report, plans, flags, inventory)));
  if (flags.outputDir !== undefined) {
    const { writeEvidencePackage } = await import('../evidence/writePackage.js');
    const { written } = writeEvidencePackage(flags.outputDir, files, report, { signKeyPath: flags.sign });
    // The CI log is where a gate is read: say the verdict there too, not only in the files.
    const { renderTextSummary } = await import('../report/text.js');
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    writeStdout([`${renderTextSummary(report, { color })}wrote ${written.length} files to ${flags.outputDir}\n`]);
  } else if (flags.output !== undefined) {
    writeOutputFile(flags.output, concatenated(files));
  } else {
    writeStdout(concatenated(files));
  }
}

/** Several formats to one destination: each file's pieces in turn, still never one string. */
function* concatenated(files: RenderedFile[]): Generator<string> {
  for (const f of files) yield* f.content;
}
