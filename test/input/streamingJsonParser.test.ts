import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, MAX_NESTING_DEPTH, StreamingJsonParser } from '../../src/input/streamingJsonParser.js';
import { createRandom, randomJsonText } from './randomJson.js';
import { jsonDifference } from './sameJson.js';

const CORPUS = join(import.meta.dirname, '../../fixtures/corpus');
const corpusFiles = readdirSync(CORPUS).filter((name) => name.endsWith('.json'));

/** Parses `bytes` fed in chunks of `chunkSize` (the last may be shorter). */
function parseInChunks(bytes: Buffer, chunkSize: number): unknown {
  const parser = new StreamingJsonParser();
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    parser.write(bytes.subarray(offset, offset + chunkSize));
  return parser.end();
}

/** The value a parse returns, or the fact that it refused. */
const REFUSED = Symbol('refused');
function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch {
    return REFUSED;
  }
}

describe('StreamingJsonParser', () => {
  it('finds the corpus', () => {
    expect(corpusFiles.length).toBeGreaterThan(10);
  });

  describe.each(corpusFiles)('corpus plan %s', (name) => {
    const bytes = readFileSync(join(CORPUS, name));
    const expected: unknown = JSON.parse(bytes.toString('utf8'));
    it.each([1, 7, 4096, bytes.length])('equals JSON.parse when fed in chunks of %i bytes', (chunkSize) => {
      expect(jsonDifference(parseInChunks(bytes, chunkSize), expected)).toBeUndefined();
    });
  });

  it('equals JSON.parse on 3,000 generated tricky documents, split at random points', () => {
    const random = createRandom(20260101);
    for (let run = 0; run < 3000; run++) {
      const text = randomJsonText(random, random.int(0, 6));
      const bytes = Buffer.from(text, 'utf8');
      const expected: unknown = JSON.parse(text);
      const chunkSize = random.int(1, Math.max(1, bytes.length));
      const actual = parseInChunks(bytes, chunkSize);
      expect(jsonDifference(actual, expected), `run ${run}: ${text}`).toBeUndefined();
    }
  });

  it('accepts and refuses exactly what JSON.parse does on every truncation and on byte mutations', () => {
    const random = createRandom(7);
    for (let run = 0; run < 300; run++) {
      const text = randomJsonText(random, 3);
      const variants = [text.slice(0, random.int(0, text.length)), text + random.pick(['x', ',', ']', '}', ' 1', '"'])];
      const chars = [...text];
      chars[random.int(0, chars.length - 1)] = random.pick([
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        '"',
        '\\',
        'e',
        '-',
        '.',
        '0',
        'x',
        ' ',
      ]);
      variants.push(chars.join(''));
      for (const variant of variants) {
        const bytes = Buffer.from(variant, 'utf8');
        const actual = outcome(() => parseInChunks(bytes, random.int(1, Math.max(1, bytes.length))));
        expect(
          jsonDifference(
            actual,
            outcome(() => JSON.parse(variant)),
          ),
          variant,
        ).toBeUndefined();
      }
    }
  });

  it.each([
    ['{"a": 1,}', 'syntax'],
    ['[1 2]', 'syntax'],
    ['{"a" 1}', 'syntax'],
    ['[01]', 'syntax'],
    ['["a\nb"]', 'syntax'],
    ['["\\x"]', 'syntax'],
    ['["\\u12G4"]', 'syntax'],
    ['[tru]', 'syntax'],
    ['{} {}', 'syntax'],
    ['{"a": [1, 2', 'truncated'],
    ['{"a": "abc', 'truncated'],
    ['', 'empty'],
    [' \n\t ', 'empty'],
    ['resource "aws_vpc" "main" {}', 'not-json'],
  ])('refuses %j as %s', (text, kind) => {
    const error = (() => {
      try {
        parseInChunks(Buffer.from(text), 3);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).kind).toBe(kind);
  });

  it('locates a problem by line and column even across chunks', () => {
    const text = '{\n  "a": 1,\n  "b": [true, nul]\n}';
    expect(() => parseInChunks(Buffer.from(text), 2)).toThrow(/at line 3, column 18/);
  });

  it('says where a truncated document ends', () => {
    expect(() => parseInChunks(Buffer.from('{"a": [1,\n2'), 4)).toThrow(
      /truncated JSON.*2 unclosed brackets at line 2, column 2/,
    );
  });

  it('reads 100,000 levels of nesting without recursion and refuses them past the limit', () => {
    const deep = Buffer.from('['.repeat(100_000) + ']'.repeat(100_000));
    expect(() => parseInChunks(deep, 65536)).toThrow(/nesting too deep/);
    const parser = new StreamingJsonParser({ maxDepth: 200_000 });
    parser.write(deep);
    let value = parser.end();
    let depth = 0;
    while (Array.isArray(value) && value.length > 0) {
      value = value[0];
      depth++;
    }
    expect(depth).toBe(99_999);
    const atLimit = Buffer.from('['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH));
    expect(parseInChunks(atLimit, 1000)).toBeInstanceOf(Array);
  });

  it('keeps __proto__ and constructor keys as own data properties', () => {
    const value = parseInChunks(
      Buffer.from('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}'),
      5,
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      jsonDifference(value, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}')),
    ).toBeUndefined();
  });

  it('joins a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('{"k": "aé€😀b"}', 'utf8');
    for (let size = 1; size <= bytes.length; size++) expect(parseInChunks(bytes, size)).toEqual({ k: 'aé€😀b' });
  });

  it('builds arrays at their exact length', () => {
    const value = parseInChunks(Buffer.from('[[1],[2,3],[]]'), 1);
    expect(value).toStrictEqual([[1], [2, 3], []]);
  });
});
