/** The words every output uses for each evidence state of a control (see src/mappings/coverage.ts for the rules). */
import type { ControlEvidence } from './scanReport.js';

export const EVIDENCE_LABEL: Readonly<Record<ControlEvidence, string>> = {
  supports: 'evidence supports the automated part',
  contradicts: 'evidence contradicts',
  'contradicted-waived': 'contradicted, waived',
  'not-evidenced': 'not evidenced by this input',
  manual: 'manual',
};

/** Column and count order: from what the rules showed to what they cannot. */
export const EVIDENCE_ORDER: readonly ControlEvidence[] = [
  'supports',
  'contradicts',
  'contradicted-waived',
  'not-evidenced',
  'manual',
];
