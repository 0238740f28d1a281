/**
 * The options `scan` and `merge` share: how a report is judged, gated and written. One definition of each, so the
 * two commands cannot drift apart in what they accept. Loaded when the program is built (the help needs them), so
 * it imports nothing of the scan pipeline.
 */
import { type Command, Option } from 'commander';
import { PROFILES, SEVERITIES } from '../engine/types.js';

/** The flags of both commands, as commander hands them over. */
export interface ReportFlags {
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

/** A repeatable option taking comma lists: `--rule A,B --rule C` is A, B, C. */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

type Shared =
  | 'profile'
  | 'config'
  | 'mappings'
  | 'framework'
  | 'format'
  | 'output'
  | 'outputDir'
  | 'sign'
  | 'failOn'
  | 'failOnNotAssessed'
  | 'waivers'
  | 'ignoreWaivers'
  | 'asOf'
  | 'rule'
  | 'skipRule'
  | 'baseline'
  | 'writeBaseline'
  | 'withInventory';

/** Each option's flags and help, per command where the help differs (a merge judges only what carries inventories). */
const OPTIONS: Record<Shared, { flags: string; scan: string; merge?: string }> = {
  profile: { flags: '--profile <profile>', scan: 'rule profile', merge: 'rule profile (with inventories)' },
  config: {
    flags: '--config <file>',
    scan: 'config file (default: ./airgap-audit.config.json when present)',
    merge: 'config file (with inventories; default: ./airgap-audit.config.json when present)',
  },
  mappings: { flags: '--mappings <dir>', scan: 'extra framework mapping files' },
  framework: {
    flags: '--framework <ids>',
    scan: 'report against these frameworks only (comma list)',
    merge: 'report against these frameworks only (with inventories)',
  },
  format: {
    flags: '--format <formats>',
    scan: 'text|json|json-compact|sarif|junit|markdown|html|oscal (comma list)',
    merge: 'text|json|sarif|junit|markdown|html|oscal (comma list)',
  },
  output: { flags: '--output <file>', scan: 'write the (single) format to this file' },
  outputDir: { flags: '--output-dir <dir>', scan: 'write every format plus manifest.json (evidence package)' },
  sign: {
    flags: '--sign <key.pem>',
    scan: 'sign the evidence package manifest (Ed25519 or ECDSA P-256 private key)',
  },
  failOn: { flags: '--fail-on <severity>', scan: 'lowest failing severity that exits 1' },
  failOnNotAssessed: {
    flags: '--fail-on-not-assessed',
    scan: 'coverage gate: exit 1 on a not-assessed result (provided-elsewhere excepted)',
  },
  waivers: {
    flags: '--waivers <file>',
    scan: 'waivers file (expiry judged on the real date, or --as-of)',
    merge: 'waivers file (with inventories)',
  },
  ignoreWaivers: {
    flags: '--ignore-waivers',
    scan: 'report as if no waiver applied',
    merge: 'report as if no waiver applied (with inventories)',
  },
  asOf: {
    flags: '--as-of <date>',
    scan: 'judge waiver expiry on this date (YYYY-MM-DD; default: today)',
    merge: 'judge waiver expiry on this date (with inventories)',
  },
  rule: {
    flags: '--rule <id>',
    scan: 'run only this rule (repeatable, comma list)',
    merge: 'run only this rule (with inventories)',
  },
  skipRule: {
    flags: '--skip-rule <id>',
    scan: 'skip this rule (repeatable, comma list)',
    merge: 'skip this rule (with inventories)',
  },
  baseline: {
    flags: '--baseline <findings.json>',
    scan: 'a previous --format json output: only new findings fail the gate',
  },
  writeBaseline: {
    flags: '--write-baseline <file>',
    scan: 'also write this scan as a baseline (the --format json document)',
    merge: 'also write the merged report as a baseline (the --format json document)',
  },
  withInventory: {
    flags: '--with-inventory',
    scan: 'the JSON report also carries the inventory the rules judged, for `merge`',
    merge: 'the JSON report also carries the merged inventory (with inventories)',
  },
};

/**
 * Adds the named shared options to `command`, in the order given (the order the help lists them in); without
 * names, every one of them in the order above.
 */
export function addReportOptions(
  command: Command,
  which: 'scan' | 'merge',
  names: readonly Shared[] = Object.keys(OPTIONS) as Shared[],
): Command {
  for (const name of names) {
    const o = OPTIONS[name];
    const option = new Option(o.flags, (which === 'merge' && o.merge) || o.scan);
    if (name === 'profile') option.choices([...PROFILES]);
    if (name === 'failOn') option.choices([...SEVERITIES, 'none']).default('high');
    if (name === 'format') option.default('text');
    if (name === 'framework' || name === 'rule' || name === 'skipRule') option.argParser(collect);
    command.addOption(option);
  }
  return command;
}
