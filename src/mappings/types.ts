/** The shape of a framework mapping file (mappings/schema.json) and of a loaded mapping. */

export interface MappingSource {
  title: string;
  url: string;
  publisher: string;
}

export interface MappingControl {
  /** The framework's own id (e.g. `3.13.1`, `SC.L2-3.13.1`, `21(2)(e)`), never an invented one. */
  id: string;
  title: string;
  /** Rule ids whose results evidence the control, or `manual` when no rule can judge it. */
  rules: readonly string[] | 'manual';
  /** One line: why these rules evidence the control, or why no rule can. */
  rationale: string;
  /** One line: the part of the control the mapped rules can show (e.g. "boundary egress paths in AWS network configuration"). */
  scope?: string;
  /** One line: what an assessor still has to examine, because no rule sees it. */
  assessorExamines?: string;
  /** The framework forbids a plan of action for a gap in this control (CMMC: 32 CFR 170.21(a)(2)(iii)). */
  poamIneligible?: true;
}

/** What a mapping file holds, exactly as the schema describes it. */
export interface FrameworkMappingFile {
  $schema?: string;
  id: string;
  title: string;
  version: string;
  source: MappingSource;
  note?: string;
  controls: readonly MappingControl[];
}

/** A validated mapping, with where it came from (for error messages and `frameworks` output). */
export interface FrameworkMapping extends FrameworkMappingFile {
  /** Path of the file it was read from: relative to the package for shipped files, as given for user files. */
  file: string;
  origin: 'shipped' | 'user';
}
