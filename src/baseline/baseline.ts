/**
 * Baselines for a brownfield estate: `scan --baseline FINDINGS.json` (a previous `--format json` output).
 * A finding whose fingerprint the baseline holds is *existing* and does not fail the gate; any other
 * failing, waived or not-assessed finding is *new*; a baseline failure that no longer fails is *fixed*.
 * Classification is by fingerprint alone (rule, address, result key), so reordered resources and
 * unrelated edits change nothing, and `moved` renames keep theirs (see moves.ts).
 */
import { InputError } from '../input/inputError.js';
import { type Pieces, writeOutputFile } from '../output/writeOutput.js';
import type { Finding } from '../engine/types.js';
import { type FindingsDocument, NotFindingsDocumentError, readFindingsDocument } from './findingsReader.js';

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

function notFindingsDocument(file: string): InputError {
  return new InputError(
    file,
    'not an airgap-audit findings document (write one with --format json or --write-baseline)',
  );
}

/** The entry a finding of the baseline document gives, undefined for a pass; throws for what is not a finding. */
function entryOf(f: unknown): BaselineEntry | undefined {
  if (!isRecord(f) || typeof f.fingerprint !== 'string' || typeof f.ruleId !== 'string' || !isRecord(f.resource))
    throw new Error('not a finding');
  if (f.status === 'pass') return undefined;
  return {
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    address: String(f.resource.address),
    status: String(f.status),
    severity: String(f.severity),
    message: String(f.message),
  };
}

/**
 * Reads a `--format json` findings document; anything else is an InputError naming the file. The document is read
 * in chunks, its findings one at a time, keeping only what an entry needs (findingsReader.ts); `chunkBytes` is
 * lowered by tests to put chunk boundaries everywhere.
 */
export function loadBaseline(file: string, chunkBytes?: number): Baseline {
  const entries = new Map<string, BaselineEntry>();
  // The first finding that is not one: reported only once the document is known to be a findings document.
  let malformed: number | undefined;
  let doc: FindingsDocument;
  try {
    doc = readFindingsDocument(
      file,
      (f, i) => {
        if (malformed !== undefined) return;
        try {
          const entry = entryOf(f);
          if (entry) entries.set(entry.fingerprint, entry);
        } catch {
          malformed = i;
        }
      },
      chunkBytes,
    );
  } catch (err) {
    if (err instanceof NotFindingsDocumentError) throw notFindingsDocument(file);
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, code ? `cannot read baseline (${code})` : 'baseline is not valid JSON');
  }
  const tool = doc.members.tool;
  if (!doc.hasFindings || !isRecord(tool) || tool.name !== 'airgap-audit') throw notFindingsDocument(file);
  if (malformed !== undefined)
    throw new InputError(file, `findings[${malformed}] has no fingerprint, ruleId or resource`);
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
 * `--write-baseline FILE`: the findings document itself (the `--format json` pieces), written piece by piece as every
 * `--output` is, so a baseline is not bounded by one string and a failure midway keeps the previous one. The caller
 * has refused a FILE that is one of the inputs.
 */
export function writeBaseline(file: string, pieces: Pieces): void {
  writeOutputFile(file, pieces);
}
