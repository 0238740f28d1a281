/** The OSCAL assessment plan that the assessment results import: rules as activities, the inputs as subjects. */
import type { ScanReport } from './scanReport.js';
import {
  controlsByRule,
  documentUuid,
  metadata,
  oscalString,
  prop,
  reviewedControls,
  ruleTitle,
  subjectsOf,
  UuidFactory,
  type JsonObject,
  type SharedIds,
} from './oscalCommon.js';
import { catalogResources } from './oscalCatalog.js';

/** Encode a file path as a relative URI reference (spaces and the like are not allowed raw). */
function pathUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function buildAssessmentPlan(report: ScanReport, ids: SharedIds): JsonObject {
  const uuid = documentUuid(report, 'assessment-plan');
  const local = new UuidFactory(uuid);
  const systemResource = local.for('resource:system');
  const byRule = controlsByRule(report);

  const components: JsonObject[] = report.inputs.map((input, i) => ({
    uuid: ids.components[i],
    type: 'this-system',
    title: oscalString(`${input.kind === 'aws-account' ? 'AWS account' : 'Terraform'} input ${input.path}`),
    description: `The system as described by this ${input.kind} input, identified by its SHA-256; its content is not copied here.`,
    props: [prop('input-kind', input.kind), ...(input.sha256 ? [prop('sha256', input.sha256)] : [])],
    // A plan describes a system not yet applied; a live account is the running system.
    status: { state: input.kind === 'aws-account' ? 'operational' : 'under-development' },
  }));

  const activities: JsonObject[] = report.rules.map((rule) => {
    const controls = byRule.get(rule.id) ?? [];
    const activity: JsonObject = {
      uuid: ids.activities.get(rule.id) ?? local.for(`activity:${rule.id}`),
      title: ruleTitle(rule, rule.id),
      description: `${rule.rationale}\n\nRemediation: ${rule.remediation}`,
      props: [
        prop('rule-id', rule.id),
        prop('severity', rule.severity),
        ...(rule.condition ? [prop('air-gap-condition', rule.condition)] : []),
        ...(rule.layer ? [prop('layer', String(rule.layer))] : []),
        prop('method', 'automated'),
      ],
    };
    if (controls.length) {
      activity['related-controls'] = {
        'control-selections': [{ 'include-controls': [...new Set(controls)].map((id) => ({ 'control-id': id })) }],
      };
    }
    return activity;
  });

  const subjects = subjectsOf(ids);
  const plan: JsonObject = {
    uuid,
    metadata: metadata(report, `Air-gap assessment plan (${report.profile} profile)`),
    'import-ssp': {
      href: `#${systemResource}`,
      remarks:
        'No system security plan is part of an automated scan: the system is identified by its inputs (see back matter).',
    },
    'local-definitions': {
      ...(components.length ? { components } : {}),
      ...(activities.length ? { activities } : {}),
    },
    'reviewed-controls': reviewedControls(report),
    ...(subjects.length
      ? {
          'assessment-subjects': [
            { type: 'component', description: 'The scanned inputs.', 'include-subjects': subjects },
          ],
        }
      : {}),
    'assessment-assets': {
      'assessment-platforms': [
        {
          uuid: ids.platform,
          title: `${report.tool.name} ${report.tool.version}`,
          props: [prop('rules-version', report.tool.rulesVersion)],
        },
      ],
    },
    tasks: [
      {
        uuid: local.for('task:scan'),
        type: 'action',
        title: 'Automated air-gap scan',
        description: `Run every rule of the ${report.profile} profile over the inputs.`,
        ...(activities.length && subjects.length
          ? {
              'associated-activities': activities.map((a) => ({
                'activity-uuid': a.uuid as string,
                subjects: [{ type: 'component', 'include-subjects': subjects }],
              })),
            }
          : {}),
      },
    ],
    'back-matter': {
      resources: [
        ...catalogResources(report),
        {
          uuid: systemResource,
          title: 'System under assessment',
          description: 'The inputs of the scan, identified by their SHA-256 digests.',
          ...(report.inputs.some((i) => i.sha256 && i.path !== '-')
            ? {
                rlinks: report.inputs
                  .filter((i) => i.sha256 && i.path !== '-')
                  .map((i) => ({
                    href: pathUri(i.path),
                    hashes: [{ algorithm: 'SHA-256', value: i.sha256 as string }],
                  })),
              }
            : {}),
        },
      ],
    },
  };
  if (Object.keys(plan['local-definitions'] as JsonObject).length === 0) delete plan['local-definitions'];
  return { 'assessment-plan': plan };
}
