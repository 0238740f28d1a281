/**
 * A baseline is written and read in pieces: at 200k resources the findings document passes V8's string limit, so
 * neither side may hold it as one string. Written, it is byte for byte the `--format json` document; read, the
 * chunked parse gives the same entries as the whole-text one, strings and characters split across chunks included.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBaseline, writeBaseline } from '../../src/baseline/baseline.js';
import { InputError } from '../../src/input/inputError.js';
import { jsonChunks, renderJson } from '../../src/report/json.js';
import { chunked } from '../../src/report/jsonStream.js';
import { HOSTILE, sampleReport } from '../report/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'airgap-baseline-stream-'));

/** What the baseline should hold for a document: its non-passing findings, by fingerprint, read with JSON.parse. */
function expectedEntries(text: string): Array<[string, Record<string, string>]> {
  const doc = JSON.parse(text) as { findings: Array<Record<string, unknown> & { resource: { address: string } }> };
  return doc.findings
    .filter((f) => f.status !== 'pass')
    .map((f) => [
      String(f.fingerprint),
      {
        fingerprint: String(f.fingerprint),
        ruleId: String(f.ruleId),
        address: f.resource.address,
        status: String(f.status),
        severity: String(f.severity),
        message: String(f.message),
      },
    ]);
}

/**
 * A findings document whose messages hold every character the reader must not mistake for structure (quotes,
 * escapes, brackets, commas, multi-byte characters), one of them longer than a 1 MiB chunk, with an inventory after
 * the findings (skipped unparsed) and a `__proto__` member.
 */
function trickyDocument(compact: boolean, long: boolean): string {
  const doc = JSON.parse(renderJson(sampleReport())) as Record<string, unknown> & {
    findings: Array<{ status: string; message: string }>;
  };
  doc.findings.forEach((f, i) => {
    f.message = `${i}: ${HOSTILE} \\" ],}{[ , : € \u2028 ${'é'.repeat(long && i === 1 ? 600_000 : 3)}`;
  });
  const text = JSON.stringify(
    { ...doc, inventory: { entities: [{ address: 'x', note: '"]}, {[' }], moves: {} } },
    null,
    compact ? undefined : 2,
  );
  // A member named __proto__ (JSON.stringify cannot write one from an object literal).
  return text.replace(/^\{/, '{"__proto__": {"polluted": true},');
}

describe('baseline in pieces', () => {
  it('writes exactly the --format json document, through a generator of pieces', () => {
    const report = sampleReport();
    const file = join(dir, 'written.json');
    let pieces = 0;
    const counted = (function* () {
      for (const piece of chunked(jsonChunks(report), 64)) {
        pieces++;
        yield piece;
      }
    })();
    writeBaseline(file, counted);
    expect(pieces).toBeGreaterThan(1);
    expect(readFileSync(file, 'utf8')).toBe(renderJson(report));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reads the findings one at a time, across any chunk boundary, to what JSON.parse of the whole reads', () => {
    const cases = [
      // One message longer than the 1 MiB chunks the reader uses.
      { compact: false, long: true, chunks: [undefined] },
      { compact: true, long: true, chunks: [undefined] },
      // Chunk boundaries at every few bytes: inside keys, escapes, multi-byte characters.
      { compact: false, long: false, chunks: [7, 64] },
      { compact: true, long: false, chunks: [1, 5] },
    ];
    for (const { compact, long, chunks } of cases) {
      const text = trickyDocument(compact, long);
      const file = join(dir, `tricky-${compact}-${long}.json`);
      writeFileSync(file, text);
      const expected = expectedEntries(text);
      expect(expected.length).toBeGreaterThan(2);
      if (long) expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024);
      for (const chunkBytes of chunks)
        expect([...loadBaseline(file, chunkBytes).entries], `chunks of ${chunkBytes}`).toEqual(expected);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses malformed JSON, another document or a finding without a fingerprint, read in chunks', () => {
    const good = renderJson(sampleReport());
    const endOfFindings = /}\n {2}\],\n {2}"coverage"/;
    expect(good).toMatch(endOfFindings);
    const invalid = {
      truncated: good.slice(0, 500),
      'findings cut': good.slice(0, good.indexOf('"coverage"')),
      'trailing comma in findings': good.replace(endOfFindings, '},\n  ],\n  "coverage"'),
      'trailing comma': good.replace(/\n}\n$/, ',\n}\n'),
      'text after': `${good}x`,
      'bracket mismatch': good.replace(endOfFindings, '}\n  },\n  "coverage"'),
      'member without value': '{"tool": {"name": "airgap-audit"}, "findings": }',
      empty: '',
    };
    for (const [name, text] of Object.entries(invalid)) {
      expect(text, name).not.toBe(good);
      const file = join(dir, 'invalid.json');
      writeFileSync(file, text);
      for (const chunkBytes of [undefined, 5])
        expect(() => loadBaseline(file, chunkBytes), name).toThrow(new InputError(file, 'baseline is not valid JSON'));
    }
    const foreign = {
      sarif: '{"runs": []}',
      array: '[1, 2]',
      'findings not a list': '{"tool": {"name": "airgap-audit"}, "findings": {"a": 1}}',
      'another tool': '{"tool": {"name": "other"}, "findings": []}',
    };
    for (const [name, text] of Object.entries(foreign)) {
      const file = join(dir, 'foreign.json');
      writeFileSync(file, text);
      expect(() => loadBaseline(file, 3), name).toThrow(/: not an airgap-audit findings document/);
    }
    const file = join(dir, 'unfingerprinted.json');
    writeFileSync(file, good.replace(/"fingerprint": "[^"]*",/, ''));
    expect(() => loadBaseline(file)).toThrow(
      new InputError(file, 'findings[0] has no fingerprint, ruleId or resource'),
    );
    writeFileSync(file, '{"tool": {"name": "airgap-audit"}, "findings": []}');
    expect(loadBaseline(file).entries.size).toBe(0);
  });
});
