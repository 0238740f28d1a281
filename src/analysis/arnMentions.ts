/**
 * Which of many known ARNs a policy text mentions. Asking `text.includes(arn)` for every known ARN costs texts × ARNs,
 * which a state file with thousands of keys and roles turns into seconds. Every ARN starts with `arn:`, so an ARN can
 * occur only where `arn:` does: at each such place the text is looked up once per distinct ARN length, which is the
 * same answer as `includes` (including an ARN that is a prefix of a longer one) in time independent of the ARN count.
 * A known value that does not start with `arn:` is no ARN (a plan can hold anything where an ARN belongs): no policy
 * can name a principal by it, and comparing such values one by one against every text was quadratic again.
 */
const ANCHOR = 'arn:';

export class ArnMentions<T> {
  /** ARN length -> ARN -> value. */
  private readonly byLength = new Map<number, Map<string, T>>();
  private readonly lengths: number[];

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [arn, value] of entries) {
      if (!arn.startsWith(ANCHOR)) continue;
      let sameLength = this.byLength.get(arn.length);
      if (!sameLength) this.byLength.set(arn.length, (sameLength = new Map()));
      sameLength.set(arn, value);
    }
    this.lengths = [...this.byLength.keys()].sort((a, b) => a - b);
  }

  /** The values of every known ARN (starting with `arn:`) that occurs in `text`, each once. */
  mentionedIn(text: string): T[] {
    const found = new Set<T>();
    for (let at = text.indexOf(ANCHOR); at !== -1; at = text.indexOf(ANCHOR, at + 1)) {
      for (const length of this.lengths) {
        if (at + length > text.length) break;
        const value = this.byLength.get(length)?.get(text.slice(at, at + length));
        if (value !== undefined) found.add(value);
      }
    }
    return [...found];
  }
}
