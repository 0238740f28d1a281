/** Command wiring (commander). Each command lives in src/commands/; errors become one line and exit 2. */
import { Command, CommanderError, Option } from 'commander';
import { InputError } from './input/inputError.js';
import { toolVersion } from './packageInfo.js';
import { addReportOptions, collect } from './commands/reportOptions.js';

/** Thrown by commands that finished and want a specific exit code (scan: 1 on failing findings). */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function buildProgram(): Command {
  const program = new Command('airgap-audit')
    .description('Prove from the infrastructure itself that an AWS (Bedrock) deployment is air-gapped.')
    .version(`airgap-audit ${toolVersion()} (rules ${toolVersion()})`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const scan = program
    .command('scan')
    .description(
      'scan Terraform plan/state JSON files (several merge into one inventory), or a live account with --aws',
    )
    .argument('[plans...]', 'plan JSON files from `terraform show -json`; - reads stdin')
    .option('--aws', 'scan a live AWS account (read-only)')
    .option('--region <region>', 'region to scan (repeatable; default: every enabled region)', collect)
    .option('--aws-profile <name>', 'shared-config profile for credentials')
    .option('--endpoint-url <url>', 'send every AWS call to this URL (an emulator or proxy)')
    .option('--fips', 'use FIPS endpoints')
    .option('--quiet', 'no progress on stderr')
    .option(
      '--call-timeout <seconds>',
      'with --aws: give up on one API request after this long, retries included (default 60)',
    )
    .option(
      '--deadline <seconds>',
      'with --aws: end the scan after this long; calls not answered become gaps (default 900)',
    )
    .option(
      '--accounts <list>',
      'with --aws: 12-digit account ids to scan (comma list, repeatable), or "organizations" for every active account',
      collect,
    )
    .option(
      '--assume-role <name-or-arn>',
      'with --accounts: role to read each account through, a name or an ARN template with {account}',
    )
    .option('--external-id <id>', 'with --assume-role: the external id the roles require')
    .option('--role-session-name <name>', 'with --assume-role: session name CloudTrail records (default airgap-audit)')
    .option('--shard <I/N>', 'with --aws: read only shard I of N of the (account x region) pairs; merge the outputs')
    .option(
      '--concurrency <n>',
      'with --aws: API calls in flight at most (default 64); per account and region EC2 takes up to 16, IAM 4, others 8',
    )
    .option(
      '--services <list>',
      "with --aws: read only these services (comma list of the collectors' service names; default all)",
    )
    .option('--max-input-size <MiB>', 'refuse a plan input larger than this (default 2048)');
  // The options scan shares with merge (src/commands/reportOptions.ts), around its own, in the order of its help.
  addReportOptions(scan, 'scan', [
    'profile',
    'config',
    'mappings',
    'framework',
    'format',
    'output',
    'outputDir',
    'sign',
  ]);
  scan.option('--tf-root <dir>', 'Terraform sources, so SARIF results point at .tf lines');
  addReportOptions(scan, 'scan', [
    'failOn',
    'failOnNotAssessed',
    'waivers',
    'ignoreWaivers',
    'asOf',
    'rule',
    'skipRule',
  ]);
  scan
    .option('--resource <address>', 'only results about this address (module prefix or glob)')
    .option('--rules-dir <dir>', 'also run the custom rules (ES modules) in this directory');
  addReportOptions(scan, 'scan', ['baseline', 'writeBaseline', 'withInventory']);
  scan.action(async (plans: string[], opts: import('./commands/scan.js').ScanFlags) => {
    const { runScan } = await import('./commands/scan.js');
    const code = await runScan(plans, opts);
    if (code !== 0) throw new ExitCode(code);
  });

  const merge = program
    .command('merge')
    .description(
      'combine the JSON reports of several scans (shards of an organisation scan) into one report; reports written with --with-inventory are judged together',
    )
    .argument('<reports...>', 'reports written by scan --format json (- reads stdin)');
  addReportOptions(merge, 'merge').action(async (reports: string[], opts: import('./commands/merge.js').MergeFlags) => {
    const { runMerge } = await import('./commands/merge.js');
    const code = await runMerge(reports, opts);
    if (code !== 0) throw new ExitCode(code);
  });

  program
    .command('init')
    .description('write a starter config (with $schema), filled from a plan when given; never overwrites')
    .option(
      '--plan <file>',
      'Terraform plan JSON to take accounts, regions, VPCs and audit buckets from (repeatable)',
      collect,
    )
    .option('--output <file>', 'where to write it', 'airgap-audit.config.json')
    .action(async (opts: { plan?: string[]; output: string }) => {
      const { runInit } = await import('./commands/init.js');
      process.stdout.write(await runInit(opts));
    });

  program
    .command('rules')
    .description('list the rule catalogue')
    .addOption(new Option('--format <format>').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const { runRulesCommand } = await import('./commands/rules.js');
      process.stdout.write(await runRulesCommand(opts.format));
    });

  program
    .command('explain')
    .description('rationale, remediation and references of one rule')
    .argument('<rule-id>')
    .action(async (id: string) => {
      const { runExplain } = await import('./commands/rules.js');
      process.stdout.write(await runExplain(id));
    });

  program
    .command('frameworks')
    .description('frameworks, their controls and rule coverage')
    .argument('[id]')
    .option('--mappings <dir>', 'extra framework mapping files')
    .addOption(new Option('--format <format>').choices(['text', 'json']).default('text'))
    .action(async (id: string | undefined, opts: { format: 'text' | 'json'; mappings?: string }) => {
      const [{ runFrameworks }, { RULE_IDS }] = await Promise.all([
        import('./commands/frameworks.js'),
        import('./engine/catalogue.js'),
      ]);
      process.stdout.write(
        runFrameworks(id, { format: opts.format, mappingsDir: opts.mappings, knownRuleIds: new Set<string>(RULE_IDS) }),
      );
    });

  program
    .command('verify')
    .description('re-hash an evidence package and check its signature')
    .argument('<dir>')
    .option('--key <pub.pem>', 'public key to check the signature with')
    .action(async (dir: string, opts: { key?: string }) => {
      const { runVerify } = await import('./commands/verify.js');
      const result = runVerify(dir, opts.key);
      process.stdout.write(`${result.lines.join('\n')}\n`);
      if (!result.ok) throw new ExitCode(1);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof ExitCode) return err.code;
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`airgap-audit: ${oneLine(err.message)}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    // An unexpected error may quote input (V8 quotes values it chokes on): keep only its start.
    process.stderr.write(`airgap-audit: internal error: ${oneLine(message).slice(0, 300)}\n`);
    if (process.env.AIRGAP_AUDIT_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 2000);
}
