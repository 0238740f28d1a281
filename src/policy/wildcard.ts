/**
 * Wildcard matching without regular expressions. A pattern is input (an IAM Action of 50,000
 * characters, a `--resource` glob): compiling it into a RegExp fails with "Regular expression too
 * large" and quotes the pattern in the error. This matcher simulates the pattern as a set of positions
 * over the value instead, so its cost is bounded by the value's length, and it never throws.
 *
 * Two matchers: IAM patterns (one kind of star) are matched segment by segment, close to linear time;
 * globs (`*` within a step, `**` across steps) by a position-set simulation bounded by the value.
 */
type Token = { kind: 'char'; char: string } | { kind: 'one' } | { kind: 'any' } | { kind: 'within' };

export interface WildcardSyntax {
  /** Character that matches one character, or undefined (globs have none). */
  one?: string;
  /** Star that matches any run: `*` for IAM, `**` for globs. */
  any: string;
  /** Star that matches a run without `separator` (globs' `*`), or undefined. */
  within?: string;
  separator?: string;
  caseInsensitive?: boolean;
}

export interface CompiledWildcard {
  tokens: Token[];
  /** Characters the value needs at least: a longer pattern rejects without simulation. */
  minLength: number;
  syntax: WildcardSyntax;
}

/** An IAM pattern split at its stars: `?` inside a segment matches any one character. */
export interface StarPattern {
  segments: string[];
  minLength: number;
}

/** Lower-cased and split at `*`; the caller caches it. */
export function compileStarPattern(pattern: string): StarPattern {
  const segments = pattern.toLowerCase().split('*');
  return { segments, minLength: segments.reduce((n, s) => n + s.length, 0) };
}

function segmentAt(segment: string, value: string, at: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c !== '?' && c !== value[at + i]) return false;
  }
  return true;
}

/**
 * Whether the whole (case-insensitive) value matches. The first segment is anchored at the start and
 * the last at the end; each middle one is placed at its leftmost fit, which is never worse than a later
 * one, since the star after it can absorb whatever the earlier placement leaves.
 */
export function matchStarPattern(pattern: StarPattern, input: string): boolean {
  const value = input.toLowerCase();
  const { segments } = pattern;
  if (value.length < pattern.minLength) return false;
  if (segments.length === 1) return segments[0].length === value.length && segmentAt(segments[0], value, 0);
  const first = segments[0];
  const last = segments[segments.length - 1];
  const end = value.length - last.length;
  if (!segmentAt(first, value, 0) || !segmentAt(last, value, end)) return false;
  let pos = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const seg = segments[i];
    if (seg === '') continue;
    let at = -1;
    if (!seg.includes('?')) {
      at = value.indexOf(seg, pos);
      if (at + seg.length > end) at = -1;
    } else {
      for (let q = pos; q + seg.length <= end; q++) {
        if (segmentAt(seg, value, q)) {
          at = q;
          break;
        }
      }
    }
    if (at < 0) return false;
    pos = at + seg.length;
  }
  return pos <= end;
}

export function compileWildcard(pattern: string, syntax: WildcardSyntax): CompiledWildcard {
  const text = syntax.caseInsensitive ? pattern.toLowerCase() : pattern;
  const tokens: Token[] = [];
  let minLength = 0;
  for (let i = 0; i < text.length; ) {
    let star: 'any' | 'within' | undefined;
    if (text.startsWith(syntax.any, i)) {
      star = 'any';
      i += syntax.any.length;
    } else if (syntax.within !== undefined && text.startsWith(syntax.within, i)) {
      star = 'within';
      i += syntax.within.length;
    }
    if (star) {
      // A run of stars matches what its widest member matches: one token, so 50,000 stars cost one.
      const last = tokens[tokens.length - 1];
      if (last?.kind === 'any' || last?.kind === 'within') {
        if (star === 'any') last.kind = 'any';
      } else tokens.push({ kind: star });
      continue;
    }
    const c = text[i];
    i++;
    minLength++;
    tokens.push(syntax.one !== undefined && c === syntax.one ? { kind: 'one' } : { kind: 'char', char: c });
  }
  return { tokens, minLength, syntax };
}

/**
 * Whether the whole of `value` matches. The active positions are a bitmap over the tokens; each value
 * character advances every active position at once (a Thompson simulation), O(value × tokens) with
 * tokens no more than twice the value's length once `minLength` has been checked.
 */
export function matchWildcard(compiled: CompiledWildcard, input: string): boolean {
  const { tokens, minLength, syntax } = compiled;
  const value = syntax.caseInsensitive ? input.toLowerCase() : input;
  if (value.length < minLength) return false;
  const n = tokens.length;
  let active = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (set: Uint8Array): void => {
    // A star may match nothing: its successor is active whenever it is.
    for (let i = 0; i < n; i++) if (set[i] && tokens[i].kind !== 'char' && tokens[i].kind !== 'one') set[i + 1] = 1;
  };
  active[0] = 1;
  close(active);
  for (let p = 0; p < value.length; p++) {
    const c = value[p];
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const t = tokens[i];
      if (t.kind === 'any' || (t.kind === 'within' && c !== syntax.separator)) {
        next[i] = 1;
        any = true;
      } else if (t.kind === 'one' || (t.kind === 'char' && t.char === c)) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [active, next] = [next, active];
  }
  return active[n] === 1;
}
