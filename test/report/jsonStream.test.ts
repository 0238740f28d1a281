import { describe, expect, it } from 'vitest';
import { renderJson, toJsonDocument } from '../../src/report/json.js';
import { chunked, jsonPieces, LazyArray, lazyMap, repeatable } from '../../src/report/jsonStream.js';
import { FINDINGS, sampleReport } from './fixtures.js';

const text = (pieces: Iterable<string>): string => [...pieces].join('');

/** Values with every shape JSON.stringify treats specially: empties, nulls, skipped members, toJSON, nesting. */
const samples: unknown[] = [
  null,
  'a "quoted"\nline',
  42,
  [],
  {},
  [[], {}, [[]], { a: [] }],
  { a: 1, b: undefined, c: () => 1, d: [undefined, 2, null], e: { f: { g: { h: { i: { j: [1, { k: 'deep' }] } } } } } },
  { date: new Date(0), nested: [{ x: 'y' }, 'z'] },
  Array.from({ length: 50 }, (_, i) => ({ i, s: `v${i}`, list: [i, i + 1] })),
];

describe('jsonPieces', () => {
  it('writes what JSON.stringify writes, indented and compact, at every stream depth', () => {
    for (const value of samples) {
      for (const streamDepth of [0, 1, 3, 8]) {
        expect(text(jsonPieces(value, { streamDepth }))).toBe(`${JSON.stringify(value, null, 2)}\n`);
        expect(text(jsonPieces(value, { streamDepth, compact: true }))).toBe(`${JSON.stringify(value)}\n`);
      }
    }
  });

  it('makes a lazy array element by element while writing, at any depth, and JSON.stringify sees it as an array', () => {
    let made = 0;
    const lazy = lazyMap([1, 2, 3], (n) => {
      made++;
      return { n };
    });
    const doc = { a: { b: { c: { d: { e: { f: { g: lazy } } } } } }, empty: new LazyArray(0, () => []) };
    const pieces = jsonPieces(doc, { streamDepth: 2 });
    expect(made).toBe(0);
    const written = text(pieces);
    expect(made).toBe(3);
    expect(written).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(JSON.parse(written)).toEqual({
      a: { b: { c: { d: { e: { f: { g: [{ n: 1 }, { n: 2 }, { n: 3 }] } } } } } },
      empty: [],
    });
  });

  it('joins small pieces into chunks without changing the text, and a repeatable iterable starts afresh', () => {
    const pieces = Array.from({ length: 1000 }, (_, i) => `piece ${i};`);
    const chunks = [...chunked(pieces, 100)];
    expect(chunks.length).toBeLessThan(pieces.length);
    expect(chunks.join('')).toBe(pieces.join(''));
    const again = repeatable(() => chunked(pieces, 100));
    expect(text(again)).toBe(text(again));
  });
});

describe('renderJson', () => {
  it('writes findings that share one controls array exactly as JSON.stringify does', () => {
    const shared = [
      { framework: 'nist-800-171-r2', id: '3.13.1' },
      { framework: 'cmmc-2.0-l2', id: 'SC.L2-3.13.1' },
    ];
    const findings = FINDINGS.map((f, i) => ({
      ...f,
      controls: i % 2 === 0 ? shared : f.controls,
      // Members after controls, and a deeper member named like it, must stay where they are.
      ...(i % 3 === 0 ? { reason: 'unknown-at-plan' as const } : {}),
      evidence: [
        ...f.evidence,
        { path: 'p', observed: { controls: 0, nested: { controls: [1] } }, expected: 'e', source: 's' },
      ],
    }));
    const empty = { ...FINDINGS[0], controls: [] };
    const report = sampleReport({ findings: [...findings, ...findings, empty, empty] });
    const expected = `${JSON.stringify(toJsonDocument(report), null, 2)}\n`;
    expect(renderJson(report)).toBe(expected);
    // Again: the shared array's text is now remembered.
    expect(renderJson(report)).toBe(expected);
  });
});
