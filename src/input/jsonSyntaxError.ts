/** Syntax problems found by StreamingJsonParser, with where they are. */

/**
 * What kind of problem: `not-json` when the very first value cannot start, `empty` for whitespace only, `truncated`
 * when the input ends early, `too-deep` past the nesting limit, `syntax` for the rest.
 */
export type JsonSyntaxErrorKind = 'not-json' | 'empty' | 'truncated' | 'too-deep' | 'too-large' | 'syntax';

/** A JSON syntax problem located in the UTF-8 text: line and column are 1-based, column and offset count bytes. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly kind: JsonSyntaxErrorKind,
    readonly problem: string,
    readonly line: number,
    readonly column: number,
    readonly offset: number,
  ) {
    super(`${problem} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}
