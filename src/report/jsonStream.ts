/**
 * JSON written in pieces, never as one string: a report of a 200k-resource plan runs past V8's ~512 MB string limit,
 * and holding the whole text beside the objects it came from doubles the peak memory. The pieces concatenate to
 * exactly what `JSON.stringify(value, null, 2)` (or without indentation) would write.
 *
 * The top `streamDepth` levels of objects and arrays are walked here; deeper values are small and go to V8's native
 * `JSON.stringify`. A `LazyArray` is walked at any depth and its elements are made one at a time while they are
 * written, so a list of a hundred thousand observations never exists as objects; each element (one observation) is
 * written natively in one piece, walking it member by member costs more than the rest of the serialisation.
 */

/** An array whose elements are made while the document is written. `length` is known up front (empty means `[]`). */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    private readonly make: () => Iterable<T>,
  ) {}

  *[Symbol.iterator](): Iterator<T> {
    yield* this.make();
  }

  /** `JSON.stringify` of a document holding one (small documents, tests) sees the plain array. */
  toJSON(): T[] {
    return [...this.make()];
  }
}

/** `items` mapped lazily: the usual shape, a list of findings turned into one JSON object each. */
export function lazyMap<S, T>(items: readonly S[], map: (item: S, index: number) => T): LazyArray<T> {
  return new LazyArray(items.length, function* () {
    for (let i = 0; i < items.length; i++) yield map(items[i], i);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

interface Style {
  /** One level of indentation: '  ', or '' for compact JSON. */
  unit: string;
  streamDepth: number;
}

function leaf(value: unknown, indent: string, style: Style): string {
  if (style.unit === '') return JSON.stringify(value) ?? 'null';
  const text = JSON.stringify(value, null, style.unit) ?? 'null';
  return indent === '' || !text.includes('\n') ? text : text.replace(/\n/g, `\n${indent}`);
}

function* emit(value: unknown, indent: string, depth: number, style: Style): Generator<string> {
  const pretty = style.unit !== '';
  const inner = indent + style.unit;
  const nl = pretty ? '\n' : '';
  const lazy = value instanceof LazyArray;
  if (lazy || (depth < style.streamDepth && Array.isArray(value))) {
    const items = value as Iterable<unknown> & { length: number };
    if (items.length === 0) {
      yield '[]';
      return;
    }
    yield `[${nl}`;
    let first = true;
    for (const item of items) {
      yield first ? inner : `,${nl}${inner}`;
      first = false;
      if (isSkipped(item)) yield 'null';
      else if (lazy) yield leaf(item, inner, style);
      else yield* emit(item, inner, depth + 1, style);
    }
    yield `${nl}${indent}]`;
    return;
  }
  if (depth < style.streamDepth && isPlainObject(value)) {
    let first = true;
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (isSkipped(member)) continue;
      yield `${first ? `{${nl}` : `,${nl}`}${inner}${JSON.stringify(key)}:${pretty ? ' ' : ''}`;
      first = false;
      yield* emit(member, inner, depth + 1, style);
    }
    yield first ? '{}' : `${nl}${indent}}`;
    return;
  }
  yield leaf(value, indent, style);
}

/** Pieces of `value` as JSON (indented by two spaces unless `compact`), then a newline. */
export function* jsonPieces(
  value: unknown,
  options: { compact?: boolean; streamDepth?: number } = {},
): Generator<string> {
  yield* emit(value, '', 0, { unit: options.compact ? '' : '  ', streamDepth: options.streamDepth ?? 6 });
  yield '\n';
}

/** Small pieces joined into chunks of about `size` characters: one write per chunk rather than per piece. */
export function* chunked(pieces: Iterable<string>, size = 1 << 16): Generator<string> {
  // Concatenation builds a rope that V8 flattens once, when the chunk is written: cheaper than an array and join.
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/**
 * An iterable that starts afresh on every iteration: a rendered file can be written twice (tests write one package
 * to several directories) though its pieces are made while it is written.
 */
export function repeatable(make: () => Iterable<string>): Iterable<string> {
  return { [Symbol.iterator]: () => make()[Symbol.iterator]() };
}
