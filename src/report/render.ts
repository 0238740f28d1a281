/**
 * Entry point of the file reporters (everything but text and json). Each reporter is loaded with a dynamic
 * import() on first use, so that `--version` and a text-only scan never pay for loading them.
 */
import type { ScanReport } from './scanReport.js';

export type OutputFormat = 'sarif' | 'junit' | 'markdown' | 'html' | 'oscal';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['sarif', 'junit', 'markdown', 'html', 'oscal'];

export interface RenderedFile {
  /** A bare file name (no directory part): the evidence package writes it as is. */
  name: string;
  content: string;
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
      const { renderSarif } = await import('./sarif.js');
      return [{ name: OUTPUT_FILE_NAMES.sarif, content: renderSarif(report, options) }];
    }
    case 'junit': {
      const { renderJunit } = await import('./junit.js');
      return [{ name: OUTPUT_FILE_NAMES.junit, content: renderJunit(report) }];
    }
    case 'markdown': {
      const { renderMarkdown } = await import('./markdown.js');
      return [{ name: OUTPUT_FILE_NAMES.markdown, content: renderMarkdown(report) }];
    }
    case 'html': {
      const { renderHtml } = await import('./html.js');
      return [{ name: OUTPUT_FILE_NAMES.html, content: renderHtml(report) }];
    }
    case 'oscal': {
      const { renderOscal } = await import('./oscal.js');
      const { renderCatalogs } = await import('./oscalCatalog.js');
      const docs = renderOscal(report, OUTPUT_FILE_NAMES.oscalAssessmentPlan);
      return [
        // The catalogs the plan, results and POA&M reference, one per framework, so every control id resolves.
        ...renderCatalogs(report),
        { name: OUTPUT_FILE_NAMES.oscalAssessmentResults, content: docs.assessmentResults },
        { name: OUTPUT_FILE_NAMES.oscalAssessmentPlan, content: docs.assessmentPlan },
        { name: OUTPUT_FILE_NAMES.oscalPoam, content: docs.poam },
      ];
    }
  }
}
