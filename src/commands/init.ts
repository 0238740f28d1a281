/**
 * `airgap-audit init [--plan PLAN ...] [--output FILE]`: writes a starter config with `$schema`, every key at
 * its default, and (given a plan) the accounts, regions, boundary VPCs and audit buckets the plan shows.
 * It prints what each key means, in the README table's words. It never overwrites a file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAME, defaultConfig } from '../config/config.js';
import { InputError } from '../input/inputError.js';
import { ofKind, resolve as resolveRef } from '../model/inventory.js';
import type { Ref } from '../model/types.js';
import { inventoryFromPlanFiles } from '../scan.js';
import { packageRoot } from '../schemaValidation.js';

const SCHEMA_ID = 'https://airgap-audit.dev/schemas/config.schema.json';

/** What each key means: the README's configuration table, word for word. */
export const CONFIG_KEYS: ReadonlyArray<[string, string]> = [
  ['profile', '`baseline` / `regulated` / `highest-trust`'],
  ['allowedRegions', 'regions where data may live; empty = RES rules not assessed'],
  ['requiredEndpoints', 'service short names that need an endpoint in each boundary VPC'],
  ['minRetentionYears', 'minimum Object Lock retention of audit buckets (1 year = 365 days)'],
  ['maxSessionSeconds', 'maximum role session duration'],
  ['keyPolicyWarnBytes', 'key-policy size that triggers the per-purpose warning'],
  ['allowedModelArns', 'model / inference-profile ARN patterns that may be invoked'],
  ['trustedAccounts', 'accounts that may hold audit logs or be trusted cross-account'],
  ['boundaryVpcs', 'VPC addresses (globs), `vpc-` ids or `tag:Key=Value` forming the boundary'],
  ['auditBuckets', 'extra audit buckets (`{name, account?}`)'],
  ['waivers', 'inline waivers (same shape as `--waivers`)'],
  ['workloadAccount', 'the workload account when the plan does not say'],
  ['maxRotationDays', 'maximum KMS rotation period'],
  [
    'providedElsewhere',
    '`{ruleId: "where"}`: an absence met in another stack becomes `not-assessed` / `provided-elsewhere`',
  ],
  ['severityOverrides', '`{ruleId: severity}`'],
];

/** The schema beside an installed package when the config lives in that project, else its published id. */
function schemaRef(output: string): string {
  const local = join(packageRoot, 'schemas', 'config.schema.json');
  const rel = relative(dirname(resolve(output)), local);
  return rel.startsWith('..') || rel.includes(`${sep}..${sep}`) ? SCHEMA_ID : `./${rel.split(sep).join('/')}`;
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export async function runInit(options: { plan?: string[]; output?: string }): Promise<string> {
  const output = options.output ?? CONFIG_FILE_NAME;
  if (existsSync(output))
    throw new InputError(output, 'already exists; init never overwrites (remove it or give --output)');
  const config: Record<string, unknown> = { $schema: schemaRef(output), ...defaultConfig() };
  delete config.workloadAccount;
  const found: string[] = [];
  if (options.plan?.length) {
    const inventory = await inventoryFromPlanFiles(options.plan);
    const regions = sorted(inventory.entities.flatMap((e) => (e.meta.region ? [e.meta.region] : [])));
    const vpcs = sorted(ofKind(inventory, 'Vpc').map((v) => v.meta.address));
    const accounts = sorted(inventory.accounts);
    const buckets = new Map<string, string | undefined>();
    // The buckets trails and Bedrock invocation logging write to, with the account that holds the bucket
    // when the plan creates it (a trail's own account is not the bucket's: logs often go to a log archive).
    const addBucket = (name: string | undefined, ref: Ref | undefined): void => {
      const bucket = resolveRef(inventory, ref, 'Bucket');
      const bucketName = name ?? bucket?.bucketName;
      if (bucketName) buckets.set(bucketName, bucket?.meta.account);
    };
    for (const t of ofKind(inventory, 'Trail')) addBucket(t.bucketName, t.bucket);
    for (const l of ofKind(inventory, 'InvocationLogging')) addBucket(l.s3BucketName, l.s3Bucket);
    config.allowedRegions = regions;
    config.boundaryVpcs = vpcs;
    config.auditBuckets = [...buckets].sort().map(([name, account]) => (account ? { name, account } : { name }));
    if (accounts.length === 1) config.workloadAccount = accounts[0];
    // Accounts that hold the audit buckets: the README's "accounts that may hold audit logs".
    config.trustedAccounts = sorted(
      [...buckets.values()].filter((a): a is string => a !== undefined && !accounts.includes(a)),
    );
    found.push(
      `from ${options.plan.join(', ')}: ${regions.length} region(s), ${vpcs.length} VPC(s), ${buckets.size} audit bucket(s), account(s) ${accounts.join(', ') || 'not named'}`,
    );
    if (accounts.length > 1)
      found.push(`several accounts (${accounts.join(', ')}): set workloadAccount and trustedAccounts yourself`);
  }
  try {
    writeFileSync(output, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' });
  } catch (err) {
    throw new InputError(output, `cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const width = Math.max(...CONFIG_KEYS.map(([k]) => k.length));
  return [
    `wrote ${output}${found.length ? ` (${found[0]})` : ''}`,
    ...found.slice(1),
    'keys (every one is optional; the schema in $schema checks them):',
    ...CONFIG_KEYS.map(([key, meaning]) => `  ${key.padEnd(width)}  ${meaning}`),
    '',
  ].join('\n');
}
