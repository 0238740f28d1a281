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

/** A findings document whose non-passing messages run across the parser's 1 MiB chunks, multi-byte characters too. */
function largeDocument(): string {
  const report = sampleReport();
  const doc = JSON.parse(renderJson(report)) as { findings: Array<{ status: string; message: string }> };
  const failing = doc.findings.filter((f) => f.status !== 'pass');
  failing.forEach((f, i) => {
    // 3-byte characters at an offset that differs per finding, so some straddle a chunk boundary.
    f.message = `${'x'.repeat(i * 7919)}${'€'.repeat(400_000)} ${HOSTILE}`;
  });
  return JSON.stringify(doc, null, 2);
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

  it('reads a baseline past the stream threshold in chunks to the same entries as the whole text', () => {
    const file = join(dir, 'large.json');
    const text = largeDocument();
    writeFileSync(file, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 1024 * 1024);
    const whole = loadBaseline(file);
    const streamed = loadBaseline(file, 0);
    expect(whole.entries.size).toBeGreaterThan(2);
    expect([...streamed.entries]).toEqual([...whole.entries]);
    expect(streamed.entries.get([...whole.entries.keys()][1])?.message.endsWith(HOSTILE)).toBe(true);
  });

  it('refuses a truncated or foreign document read in chunks as it does one read whole', () => {
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, renderJson(sampleReport()).slice(0, 500));
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"runs": []}');
    for (const threshold of [0, undefined]) {
      expect(() => loadBaseline(truncated, threshold)).toThrow(new InputError(truncated, 'baseline is not valid JSON'));
      expect(() => loadBaseline(foreign, threshold)).toThrow(/not an airgap-audit findings document/);
    }
  });
});
