/**
 * One OSCAL 1.1.3 catalog per framework, generated from the coverage (and so from the mapping files), so that every
 * control reference in the assessment plan, results and POA&M resolves inside the evidence package. Control ids are
 * OSCAL tokens (`controlToken`); the id as the framework writes it (`3.1.1`, `21(2)(e)`) is the control's `label`
 * prop. A rule-mapped control has an assessment objective `<token>_obj.automated` whose prose is its scope line:
 * that objective, never the whole control, is what the results' findings target.
 */
import { automatedObjectiveId, controlToken, documentUuid, metadata, oscalString, prop } from './oscalCommon.js';
import type { JsonObject } from './oscalCommon.js';
import type { FrameworkCoverage, ScanReport } from './scanReport.js';
import { uuidV5 } from './uuid.js';

/** The profile that imports every catalog of the package: the control baseline the plan and results select from. */
export const PROFILE_FILE_NAME = 'oscal-profile.json';

/** File name of a framework's catalog in the evidence package. */
export function catalogFileName(framework: string): string {
  return `oscal-catalog-${framework.replace(/[^a-z0-9.-]/gi, '_')}.json`;
}

export function buildCatalog(report: ScanReport, fw: FrameworkCoverage): JsonObject {
  const uuid = uuidV5(documentUuid(report, 'assessment-plan'), `catalog:${fw.framework}:${fw.version}`);
  const controls: JsonObject[] = fw.controls.map((c) => {
    const token = controlToken(fw.framework, c.id);
    const parts: JsonObject[] = [{ id: `${token}_smt`, name: 'statement', prose: oscalString(c.title) }];
    if (c.evidence !== 'manual') {
      parts.push({
        id: automatedObjectiveId(fw.framework, c.id),
        name: 'assessment-objective',
        title: 'Automated part',
        prose: oscalString(`${c.scope} Not covered by the automated checks: ${c.assessorExamines}`),
      });
    }
    return {
      id: token,
      title: oscalString(c.title),
      // `label` is OSCAL's own prop for the identifier as the source document prints it.
      props: [{ name: 'label', value: oscalString(c.id) }],
      parts,
    };
  });
  const meta = metadata(report, `${fw.title} (controls in scope of airgap-audit)`);
  meta.version = oscalString(fw.version);
  meta.remarks = fw.caveat;
  return { catalog: { uuid, metadata: meta, controls } };
}

export function buildProfile(report: ScanReport): JsonObject {
  const meta = metadata(report, 'Controls of the selected frameworks that airgap-audit maps');
  if (report.coverage[0]) meta.remarks = report.coverage[0].caveat;
  return {
    profile: {
      uuid: uuidV5(documentUuid(report, 'assessment-plan'), 'profile'),
      metadata: meta,
      imports: report.coverage.map((fw) => ({ href: catalogFileName(fw.framework), 'include-all': {} })),
      // Several frameworks can be selected at once: keep each catalog's controls as they are, never merged.
      merge: { 'as-is': true },
    },
  };
}

/** The catalog of each framework in the report and the profile importing them: file names and documents. */
export function renderCatalogs(report: ScanReport): Array<{ name: string; content: string }> {
  if (!report.coverage.length) return [];
  return [
    ...report.coverage.map((fw) => ({
      name: catalogFileName(fw.framework),
      content: `${JSON.stringify(buildCatalog(report, fw), null, 2)}\n`,
    })),
    { name: PROFILE_FILE_NAME, content: `${JSON.stringify(buildProfile(report), null, 2)}\n` },
  ];
}

/** Back-matter resources pointing at the profile and catalogs, so the plan and results say where their control ids live. */
export function catalogResources(report: ScanReport): JsonObject[] {
  if (!report.coverage.length) return [];
  const profile: JsonObject = {
    uuid: uuidV5(documentUuid(report, 'assessment-plan'), 'profile-resource'),
    title: 'Profile: the controls of the selected frameworks',
    rlinks: [{ href: PROFILE_FILE_NAME, 'media-type': 'application/oscal.profile+json' }],
  };
  return [
    profile,
    ...report.coverage.map((fw) => ({
      uuid: uuidV5(documentUuid(report, 'assessment-plan'), `catalog-resource:${fw.framework}`),
      title: oscalString(`Catalog: ${fw.title}`),
      props: [prop('framework', fw.framework)],
      rlinks: [{ href: catalogFileName(fw.framework), 'media-type': 'application/oscal.catalog+json' }],
    })),
  ];
}
