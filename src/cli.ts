#!/usr/bin/env node
/**
 * airgap-audit command line. `--version` answers before anything else loads, so the CI gate's
 * probe costs no more than starting Node; every command loads its own modules on demand.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/**
 * V8 tiers hot functions up to optimised code on background threads, tuned for long-lived programs. A scan is one
 * pass over its input: at 20k resources the optimiser compiled ~200 functions, the largest for 50-100 ms each with
 * inlining, more CPU than the optimised code saved before the process ended. Asking for more executions before a
 * function is optimised, and optimising it without inlining its callees, cut a scan's CPU by 10-20 % from 1k to 20k
 * resources, with lower wall time, and did not raise it at 100k (bench/run.mjs). Set by the command line only,
 * before the commands' modules load; the library never changes its host's engine.
 */
function tuneCompilerForOneRun(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--interrupt-budget=200000');
}

/**
 * `rules`, `rules --format text|json` and `explain RULE-ID` written plainly are answered without commander, whose
 * loading costs as much as the answer; every other form (help, `--format=json`, a bad option, an unknown rule id)
 * goes through commander as before and gets its usual output or error.
 */
async function plainRuleListing(argv: readonly string[]): Promise<string | undefined> {
  const [command, ...rest] = argv;
  const format =
    command !== 'rules' ? undefined : rest.length === 0 ? 'text' : rest[0] === '--format' ? rest[1] : undefined;
  const plainRules = rest.length <= 2 && (format === 'text' || format === 'json');
  const plainExplain = command === 'explain' && rest.length === 1 && /^[A-Za-z]{3}-\d{3}$/.test(rest[0] ?? '');
  if (!plainRules && !plainExplain) return undefined;
  const { ruleListing } = await import('./commands/rules.js');
  return ruleListing(plainRules ? { format: format === 'json' ? 'json' : 'text' } : { explain: rest[0] ?? '' });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  // The rule set is released with the tool: its version is the package's (the reports' rulesVersion).
  process.stdout.write(`airgap-audit ${pkg.version} (rules ${pkg.version})\n`);
} else {
  tuneCompilerForOneRun();
  const listing = await plainRuleListing(argv);
  if (listing !== undefined) process.stdout.write(listing);
  else {
    const { main } = await import('./cliMain.js');
    process.exitCode = await main(argv);
  }
}
