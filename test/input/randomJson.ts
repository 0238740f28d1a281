/**
 * Seeded generator of awkward JSON texts for differential tests against JSON.parse: deep and wide containers,
 * duplicate and prototype-named keys, every escape form (including surrogate pairs and lone surrogates written as
 * \u escapes), astral characters written raw, numbers at the edges of double precision, and varied whitespace.
 */

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and deterministic, so a failing seed can be replayed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const KEYS = [
  'a',
  '',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '0',
  '1',
  '10',
  'é',
  '😀',
  'a b',
  'values',
];
const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '-0.0',
  '1e3',
  '1E+3',
  '1e-7',
  '2.5e-308',
  '4.9e-324',
  '1.7976931348623157e308',
  '1e309',
  '-1e400',
  '9007199254740993',
  '123456789012345678901234567890',
  '0.1',
  '3.141592653589793238462643383279',
  '1.0e0',
];
const CHAR_SOURCES = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '€',
  '\u2028',
  '\uffff',
  '😀',
  '𝄞',
];
const WHITESPACE = ['', '', '', ' ', '\n', '\t', '\r\n', '  '];

function writeChar(char: string, random: Random): string {
  const code = char.charCodeAt(0);
  const mustEscape = char === '"' || char === '\\' || code < 0x20;
  const roll = random.next();
  if (!mustEscape && roll < 0.6) return char; // raw, including astral characters as UTF-8
  const short: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '/': '\\/',
    '\n': '\\n',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f',
    '\r': '\\r',
  };
  if (short[char] !== undefined && roll < 0.8) return short[char];
  // \u escapes, one per UTF-16 code unit: an astral character becomes a surrogate pair of escapes.
  let out = '';
  for (let i = 0; i < char.length; i++) {
    const hex = char.charCodeAt(i).toString(16).padStart(4, '0');
    out += `\\u${random.next() < 0.5 ? hex : hex.toUpperCase()}`;
  }
  return out;
}

function stringLiteral(random: Random, length: number): string {
  let out = '"';
  for (let i = 0; i < length; i++) {
    const roll = random.next();
    if (roll < 0.03)
      out += `\\u${random.pick(['d800', 'DBFF', 'dc00', 'DFFF'])}`; // lone surrogate: kept as-is by JSON.parse
    else out += writeChar(random.pick(CHAR_SOURCES), random);
  }
  return `${out}"`;
}

function space(random: Random): string {
  return random.pick(WHITESPACE);
}

/** A random JSON text; `depth` bounds nesting. */
export function randomJsonText(random: Random, depth: number): string {
  const roll = random.next();
  if (depth <= 0 || roll < 0.35) {
    const kind = random.int(0, 5);
    if (kind === 0) return random.pick(['true', 'false', 'null']);
    if (kind <= 2) return random.pick(NUMBERS);
    if (kind === 3) return String(random.int(-1_000_000, 1_000_000));
    return stringLiteral(random, random.int(0, 12));
  }
  const count = random.int(0, 6);
  const items: string[] = [];
  if (roll < 0.65) {
    for (let i = 0; i < count; i++) items.push(`${space(random)}${randomJsonText(random, depth - 1)}${space(random)}`);
    return `[${items.join(',')}${items.length === 0 ? space(random) : ''}]`;
  }
  for (let i = 0; i < count; i++) {
    const key = random.next() < 0.7 ? JSON.stringify(random.pick(KEYS)) : stringLiteral(random, random.int(0, 4));
    items.push(
      `${space(random)}${key}${space(random)}:${space(random)}${randomJsonText(random, depth - 1)}${space(random)}`,
    );
  }
  return `{${items.join(',')}${items.length === 0 ? space(random) : ''}}`;
}
