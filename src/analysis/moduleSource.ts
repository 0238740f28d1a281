/**
 * Terraform module sources and how they are pinned: local paths, registry addresses with a version
 * constraint, and remote sources (git, GitHub/Bitbucket shorthands, Mercurial, archives, buckets)
 * whose `ref` names a commit, a tag or a branch. Offline, a tag cannot be told from a branch.
 */
export type SourcePin =
  | { kind: 'local' }
  | { kind: 'registry'; exact: boolean; version?: string }
  | { kind: 'vcs'; ref?: string; refKind: 'sha' | 'semver-tag' | 'other' | 'none' }
  | { kind: 'archive' };

const REGISTRY = /^(?:[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/)?[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(?:\/\/.*)?$/;
const FULL_SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;
const SEMVER_TAG = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
/** `1.2.3`, `=1.2.3`, `= 1.2.3`, `v1.2.3`: one version and nothing else. */
const EXACT_VERSION = /^\s*=?\s*v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\s*$/;

export function isExactVersion(constraint: string | undefined): boolean {
  return constraint !== undefined && EXACT_VERSION.test(constraint);
}

function refOf(source: string): string | undefined {
  const q = source.indexOf('?');
  if (q < 0) return undefined;
  for (const part of source.slice(q + 1).split('&')) {
    const [k, v] = part.split('=');
    if (k === 'ref' && v) return decodeURIComponent(v);
  }
  return undefined;
}

export function classifyRef(ref: string | undefined): Extract<SourcePin, { kind: 'vcs' }>['refKind'] {
  if (!ref) return 'none';
  if (FULL_SHA.test(ref)) return 'sha';
  if (SEMVER_TAG.test(ref)) return 'semver-tag';
  return 'other';
}

export function sourcePin(source: string, version: string | undefined): SourcePin {
  const s = source.trim();
  if (s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..') return { kind: 'local' };
  const vcs = /^(git::|hg::|git@|github\.com\/|bitbucket\.org\/)/.test(s) || /\.git(\/\/|\?|$)/.test(s);
  if (vcs) {
    const ref = refOf(s);
    return { kind: 'vcs', ref, refKind: classifyRef(ref) };
  }
  if (/^(https?:\/\/|s3::|gcs::)/.test(s) || /\.(zip|tar\.gz|tgz|tar\.bz2|tar\.xz)(\?|$)/.test(s))
    return { kind: 'archive' };
  if (REGISTRY.test(s)) return { kind: 'registry', exact: isExactVersion(version), version };
  return { kind: 'archive' };
}

/**
 * `scheme://user:password@host` (a module source `git::https://oauth2:TOKEN@gitlab...`, a registry
 * URL): the user-info part is a credential more often than not. `git@` (SSH's fixed user) is kept.
 */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^/\s@?#]+)@/gi;

/** Masks credentials in every URL of `text`; the rest of the text (and the URL) is kept. */
export function maskUrlCredentials(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(URL_USERINFO, (whole, scheme: string, userinfo: string) =>
    userinfo === 'git' ? whole : `${scheme}***@`,
  );
}

/**
 * The same for every string inside a value (evidence `observed` may be a list or an object). A value
 * with nothing to mask is returned as it is.
 */
export function maskUrlCredentialsDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value);
  // Nearly every value has no '@' at all: found out without building the copies the masking walk makes.
  if (!hasAtSign(value)) return value;
  return maskedCopy(value);
}

/** Whether any string inside `value` (keys aside, as the masking leaves them) contains '@'. */
function hasAtSign(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('@');
  if (Array.isArray(value)) return value.some(hasAtSign);
  if (value && typeof value === 'object') {
    for (const key in value)
      if (Object.hasOwn(value, key) && hasAtSign((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function maskedCopy(value: unknown): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (Array.isArray(value)) {
    const out = value.map(maskedCopy);
    return out.some((v, i) => v !== value[i]) ? out : value;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const masked = entries.map(([, v]) => maskedCopy(v));
    if (masked.every((v, i) => v === entries[i][1])) return value;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    entries.forEach(([k], i) => {
      out[k] = masked[i];
    });
    return out;
  }
  return value;
}
