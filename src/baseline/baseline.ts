/**
 * Baselines for a brownfield estate: `scan --baseline FINDINGS.json` (a previous `--format json` output).
 * A finding whose fingerprint the baseline holds is *existing* and does not fail the gate; any other
 * failing, waived or not-assessed finding is *new*; a baseline failure that no longer fails is *fixed*.
 * Classification is by fingerprint alone (rule, address, result key), so reordered resources and
 * unrelated edits change nothing, and `moved` renames keep theirs (see moves.ts).
 */
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { InputError } from '../input/inputError.js';
import { StreamingJsonParser } from '../input/streamingJsonParser.js';
import { type Pieces, writeOutputFile } from '../output/writeOutput.js';
import type { Finding } from '../engine/types.js';

/**
 * A baseline larger than this many bytes is parsed chunk by chunk: as one string it may not fit V8's string limit (a
 * 200k-resource scan writes ~0.5 GB). Each UTF-8 byte decodes to at most one UTF-16 code unit, so below it the whole
 * text always fits; the margin keeps clear of the limit itself.
 */
export const BASELINE_STREAM_THRESHOLD_BYTES = bufferConstants.MAX_STRING_LENGTH - 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  address: string;
  status: string;
  severity: string;
  message: string;
}

export interface Baseline {
  file: string;
  /** Non-passing findings of the baseline scan, by fingerprint. */
  entries: Map<string, BaselineEntry>;
}

/** What a report says about the baseline it was compared with. */
export interface BaselineComparison {
  file: string;
  new: number;
  existing: number;
  /** Baseline failures that no longer fail (the resource is gone, or the rule passes now). */
  fixed: BaselineEntry[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The document parsed from its bytes chunk by chunk, never held as one string. Malformed UTF-8 decodes to U+FFFD, as
 * `readFileSync(file, 'utf8')` does on the whole-text path: both paths read the same file alike.
 */
function parseInChunks(file: string): unknown {
  const parser = new StreamingJsonParser();
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      // A fresh buffer per chunk: the parser keeps views of a chunk while a string runs across chunk boundaries.
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, READ_CHUNK_BYTES, null);
      if (read === 0) break;
      parser.write(read === READ_CHUNK_BYTES ? chunk : chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return parser.end();
}

/**
 * Reads a `--format json` findings document; anything else is an InputError naming the file. `streamAboveBytes` is
 * the size past which the file is parsed in chunks (tests lower it to reach that path with a small file).
 */
export function loadBaseline(file: string, streamAboveBytes = BASELINE_STREAM_THRESHOLD_BYTES): Baseline {
  let doc: unknown;
  try {
    // A pipe (`--baseline <(...)`) has no size until read: it is read whole, as any file within the threshold.
    doc = statSync(file).size > streamAboveBytes ? parseInChunks(file) : JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, code ? `cannot read baseline (${code})` : 'baseline is not valid JSON');
  }
  if (!isRecord(doc) || !Array.isArray(doc.findings) || !isRecord(doc.tool) || doc.tool.name !== 'airgap-audit')
    throw new InputError(
      file,
      'not an airgap-audit findings document (write one with --format json or --write-baseline)',
    );
  const entries = new Map<string, BaselineEntry>();
  doc.findings.forEach((f: unknown, i: number) => {
    if (!isRecord(f) || typeof f.fingerprint !== 'string' || typeof f.ruleId !== 'string' || !isRecord(f.resource))
      throw new InputError(file, `findings[${i}] has no fingerprint, ruleId or resource`);
    if (f.status === 'pass') return;
    entries.set(f.fingerprint, {
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      address: String(f.resource.address),
      status: String(f.status),
      severity: String(f.severity),
      message: String(f.message),
    });
  });
  return { file, entries };
}

/**
 * Marks every non-passing finding `new` or `existing` (in place: the reporters read the mark) and lists
 * the fixed ones. Passing findings carry no mark: there is nothing to gate.
 */
export function compareWithBaseline(findings: Finding[], baseline: Baseline): BaselineComparison {
  const open = new Set<string>();
  let fresh = 0;
  let existing = 0;
  for (const f of findings) {
    if (f.status === 'pass') continue;
    open.add(f.fingerprint);
    if (baseline.entries.has(f.fingerprint)) {
      f.baseline = 'existing';
      existing++;
    } else {
      f.baseline = 'new';
      fresh++;
    }
  }
  const fixed = [...baseline.entries.values()]
    .filter((e) => e.status === 'fail' && !open.has(e.fingerprint))
    .sort((a, b) => (a.ruleId + a.address < b.ruleId + b.address ? -1 : 1));
  return { file: baseline.file, new: fresh, existing, fixed };
}

/**
 * The gate's view under a baseline: existing findings are left out, so only what the change introduced
 * can fail the build. This is the one place a baseline touches the exit code.
 */
export function findingsForGate(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.baseline !== 'existing');
}

/**
 * `--write-baseline FILE`: the findings document itself (the `--format json` pieces), written piece by piece as any
 * `--output` is, so a baseline is not bounded by one string and a failure midway keeps the previous one. The caller
 * has refused a FILE that is one of the inputs.
 */
export function writeBaseline(file: string, pieces: Pieces): void {
  writeOutputFile(file, pieces);
}
