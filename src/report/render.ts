/**
 * Entry point of the file reporters (everything but text and json). Each reporter is loaded with a dynamic
 * import() on first use, so that `--version` and a text-only scan never pay for loading them.
 */
import type { ScanReport } from './scanReport.js';
import { chunked, repeatable } from './jsonStream.js';

export type OutputFormat = 'sarif' | 'junit' | 'markdown' | 'html' | 'oscal';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['sarif', 'junit', 'markdown', 'html', 'oscal'];

export interface RenderedFile {
  /** A bare file name (no directory part): the evidence package writes it as is. */
  name: string;
  /**
   * The file's text in pieces, made while it is written (afresh on each iteration): a report of a large estate runs past
   * V8's string limit, and holding it whole beside the report doubles the peak memory.
   */
  content: Iterable<string>;
}

export interface RenderOptions {
  /** `--tf-root`: SARIF locations point at the `.tf` line that declares each resource. */
  tfRoot?: string;
  /** The plan files as given on the command line (SARIF falls back to them as locations). */
  planPaths: string[];
  /**
   * Module address (`module.a.module.b`) -> source of that call, from the plan's
   * `configuration.module_calls[].source`. Optional: without it, sources are read from the `.tf` files.
   */
  moduleSources?: Record<string, string>;
  /** Directory that SARIF paths are relative to (the repository root in CI); default: the working directory. */
  baseDir?: string;
}

export const OUTPUT_FILE_NAMES = {
  sarif: 'airgap-audit.sarif',
  junit: 'airgap-audit.junit.xml',
  markdown: 'airgap-audit.md',
  html: 'airgap-audit.html',
  oscalAssessmentResults: 'oscal-assessment-results.json',
  oscalAssessmentPlan: 'oscal-assessment-plan.json',
  oscalPoam: 'oscal-poam.json',
} as const;

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export async function renderFormat(
  format: OutputFormat,
  report: ScanReport,
  options: RenderOptions,
): Promise<RenderedFile[]> {
  switch (format) {
    case 'sarif': {
      const { sarifPieces } = await import('./sarif.js');
      return [{ name: OUTPUT_FILE_NAMES.sarif, content: repeatable(() => sarifPieces(report, options)) }];
    }
    case 'junit': {
      const { junitPieces } = await import('./junit.js');
      return [{ name: OUTPUT_FILE_NAMES.junit, content: repeatable(() => chunked(junitPieces(report))) }];
    }
    case 'markdown': {
      const { renderMarkdown } = await import('./markdown.js');
      // A pull-request comment, capped at GitHub's comment size: one string is the right shape.
      return [{ name: OUTPUT_FILE_NAMES.markdown, content: [renderMarkdown(report)] }];
    }
    case 'html': {
      const { htmlPieces } = await import('./html.js');
      return [{ name: OUTPUT_FILE_NAMES.html, content: repeatable(() => chunked(htmlPieces(report))) }];
    }
    case 'oscal': {
      const { oscalPieces } = await import('./oscal.js');
      const { renderCatalogs } = await import('./oscalCatalog.js');
      const docs = oscalPieces(report, OUTPUT_FILE_NAMES.oscalAssessmentPlan);
      return [
        // The catalogs the plan, results and POA&M reference, one per framework, so every control id resolves.
        ...renderCatalogs(report).map((c) => ({ name: c.name, content: [c.content] })),
        { name: OUTPUT_FILE_NAMES.oscalAssessmentResults, content: docs.assessmentResults },
        { name: OUTPUT_FILE_NAMES.oscalAssessmentPlan, content: docs.assessmentPlan },
        { name: OUTPUT_FILE_NAMES.oscalPoam, content: docs.poam },
      ];
    }
  }
}
