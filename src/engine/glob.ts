/**
 * Address globs for `--resource`, waivers and `boundaryVpcs`: `*` matches within one address step
 * (no dot), `**` across steps. Everything else is literal, including brackets and quotes.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      src += '.*';
      i++;
    } else if (c === '*') src += '[^.]*';
    else src += c.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`);
  cache.set(pattern, re);
  return re;
}

export function globMatch(pattern: string, address: string): boolean {
  if (!pattern.includes('*')) return pattern === address;
  return globToRegExp(pattern).test(address);
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
