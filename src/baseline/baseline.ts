/**
 * Baselines for a brownfield estate: `scan --baseline FINDINGS.json` (a previous `--format json` output).
 * A finding whose fingerprint the baseline holds is *existing* and does not fail the gate; any other
 * failing, waived or not-assessed finding is *new*; a baseline failure that no longer fails is *fixed*.
 * Classification is by fingerprint alone (rule, address, result key), so reordered resources and
 * unrelated edits change nothing, and `moved` renames keep theirs (see moves.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../input/inputError.js';
import type { Finding } from '../engine/types.js';

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

/** Reads a `--format json` findings document; anything else is an InputError naming the file. */
export function loadBaseline(file: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
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

/** `--write-baseline FILE`: the findings document itself, refused when it would overwrite an input. */
export function writeBaseline(file: string, json: string): void {
  try {
    writeFileSync(file, json);
  } catch (err) {
    throw new InputError(file, `cannot write baseline (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
