/**
 * `--shard I/N`: which (account x region) pairs one process of a sharded live scan reads.
 *
 * The unit of work is a pair: an account with one of its regions, plus one `global` pair per account
 * that runs the account's global collectors (IAM, the S3 bucket listing), so those run in exactly one
 * shard per account. An account's pairs are sorted (`global` first, then regions in code-unit order)
 * and dealt round-robin to consecutive shards, starting at a shard chosen by a SHA-256 of the account
 * id. The owner of a pair therefore depends only on the account id, its sorted region list and N: not
 * on the machine, the locale, the order accounts were listed in or which other accounts exist, so
 * every shard of a run computes the same partition on its own, and an account's work is spread evenly.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../input/inputError.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** The pair that runs an account's global collectors. */
export const GLOBAL_UNIT = 'global';

/** Largest N accepted: far beyond any CI matrix, small enough that a typo is caught. */
export const MAX_SHARDS = 10_000;

/** `--shard I/N` as given on the command line; one-line error otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError('--shard', `"${text}" is not I/N (e.g. 2/5)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS)
    throw new InputError('--shard', `"${text}": N must be between 1 and ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw new InputError('--shard', `"${text}": I must be between 1 and N (${count})`);
  return { index, count };
}

/** Code-unit order: unlike localeCompare it does not change with the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An account's units in the order they are dealt: `global`, then its regions sorted. */
export function unitsOf(regions: readonly string[]): string[] {
  return [GLOBAL_UNIT, ...[...new Set(regions)].sort(cmp)];
}

function startShard(account: string, count: number): number {
  return createHash('sha256').update(account).digest().readUInt32BE(0) % count;
}

/** The 1-based shard that reads `unit` (a region, or GLOBAL_UNIT) of `account`, given its regions. */
export function shardOfUnit(account: string, regions: readonly string[], unit: string, count: number): number {
  const position = unitsOf(regions).indexOf(unit);
  if (position < 0) throw new Error(`${unit} is not a unit of account ${account}`);
  return ((startShard(account, count) + position) % count) + 1;
}

/** What one shard reads of one account: whether it runs the global collectors, and which regions. */
export interface AccountShare {
  global: boolean;
  regions: string[];
}

export function shareOf(account: string, regions: readonly string[], shard: Shard | undefined): AccountShare {
  // Unsharded, the regions keep the order they were given in.
  if (!shard) return { global: true, regions: [...new Set(regions)] };
  const units = unitsOf(regions);
  const start = startShard(account, shard.count);
  const mine = units.filter((_, position) => ((start + position) % shard.count) + 1 === shard.index);
  return { global: mine[0] === GLOBAL_UNIT, regions: mine.filter((u) => u !== GLOBAL_UNIT) };
}

/** Whether this shard reads any part of the account at all. */
export function ownsAny(share: AccountShare): boolean {
  return share.global || share.regions.length > 0;
}

/** `2/5`, as reports and progress lines print it. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
