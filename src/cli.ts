#!/usr/bin/env node
/**
 * airgap-audit command line. `--version` answers before anything else loads, so the CI gate's
 * probe costs no more than starting Node; every command loads its own modules on demand.
 */
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  // The rule set is released with the tool: its version is the package's (the reports' rulesVersion).
  process.stdout.write(`airgap-audit ${pkg.version} (rules ${pkg.version})\n`);
} else {
  const { main } = await import('./cliMain.js');
  process.exitCode = await main(argv);
}
