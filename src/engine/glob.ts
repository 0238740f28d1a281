/**
 * Address globs for `--resource`, waivers and `boundaryVpcs`: `*` matches within one address step
 * (no dot), `**` across steps. Everything else is literal, including brackets and quotes. Matched
 * without a regular expression (see policy/wildcard.ts), so a pattern of any length is safe.
 */
import { compileWildcard, matchWildcard, type CompiledWildcard } from '../policy/wildcard.js';

const GLOB_SYNTAX = { any: '**', within: '*', separator: '.' };
const cache = new Map<string, CompiledWildcard>();
const CACHE_LIMIT = 1_000;

export function globMatch(pattern: string, address: string): boolean {
  if (!pattern.includes('*')) return pattern === address;
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = compileWildcard(pattern, GLOB_SYNTAX);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return matchWildcard(compiled, address);
}

/**
 * `--resource` and waiver matching, one definition: the exact address, a module or resource prefix
 * (`module.network` covers `module.network.aws_vpc.this`, `aws_s3_bucket.logs` covers `aws_s3_bucket.logs["eu"]`),
 * or a glob.
 */
export function addressMatches(pattern: string, address: string): boolean {
  return (
    address === pattern ||
    address.startsWith(`${pattern}.`) ||
    address.startsWith(`${pattern}[`) ||
    globMatch(pattern, address)
  );
}
