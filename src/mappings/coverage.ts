/**
 * The coverage matrix: for each control of each framework, what this scan's results say about it.
 *
 * - `manual`: the mapping says no rule can judge the control.
 * - `not-satisfied`: a result of one of its rules failed. A failure counts even when other rules did not run.
 * - `not-assessed`: nothing failed, but the evidence is incomplete: one of its rules did not run in this profile (or
 *   was deselected), a result was `not-assessed` for any reason but `not-applicable`, or no rule produced a result
 *   at all. `provided-elsewhere` stays here too: the control may well be met, but not by anything this input shows.
 * - `satisfied`: every rule ran, at least one result passed or was waived, and every other result was
 *   `not-assessed` / `not-applicable` (the resource is outside the rule's scope, e.g. an IAM-004 Bedrock service role).
 *   A rule that ran and examined nothing adds no evidence but does not hold the control back.
 *
 * Waived results count like passes. A waiver is a deviation accepted in writing, with an owner and an expiry date,
 * and the matrix must agree with the exit code, which waivers also clear. The waived findings stay in the report and
 * in the OSCAL POA&M, so the matrix never hides them.
 *
 * "satisfied" means every technical check mapped to the control held; the parts of a control that no rule sees are
 * still the assessor's to judge (see mappings/README.md).
 */
import { isEvidenceGap } from '../engine/gate.js';
import type { Finding } from '../engine/types.js';
import type { ControlCoverage, ControlStatus, FrameworkCoverage } from '../report/scanReport.js';
import type { FrameworkMapping, MappingControl } from './types.js';

interface RuleTally {
  evidence: number;
  failed: number;
  gaps: number;
}

export function computeCoverage(
  mappings: readonly FrameworkMapping[],
  findings: readonly Finding[],
  ranRuleIds: ReadonlySet<string>,
): FrameworkCoverage[] {
  const tallies = tallyByRule(findings);
  return mappings.map((mapping) => {
    const counts: Record<ControlStatus, number> = { satisfied: 0, 'not-satisfied': 0, 'not-assessed': 0, manual: 0 };
    const controls = mapping.controls.map((control): ControlCoverage => {
      const status = controlStatus(control, tallies, ranRuleIds);
      counts[status] += 1;
      return {
        id: control.id,
        title: control.title,
        status,
        ruleIds: control.rules === 'manual' ? [] : [...control.rules],
        rationale: control.rationale,
      };
    });
    return { framework: mapping.id, title: mapping.title, version: mapping.version, counts, controls };
  });
}

/** One pass over the findings, so the matrix costs O(findings + mapped rule references). */
function tallyByRule(findings: readonly Finding[]): Map<string, RuleTally> {
  const tallies = new Map<string, RuleTally>();
  for (const finding of findings) {
    let tally = tallies.get(finding.ruleId);
    if (!tally) {
      tally = { evidence: 0, failed: 0, gaps: 0 };
      tallies.set(finding.ruleId, tally);
    }
    switch (finding.status) {
      case 'pass':
      case 'waived':
        tally.evidence += 1;
        break;
      case 'fail':
        tally.failed += 1;
        break;
      case 'not-assessed':
        if (isEvidenceGap(finding)) tally.gaps += 1;
        break;
    }
  }
  return tallies;
}

function controlStatus(
  control: MappingControl,
  tallies: ReadonlyMap<string, RuleTally>,
  ranRuleIds: ReadonlySet<string>,
): ControlStatus {
  if (control.rules === 'manual') return 'manual';
  let allRan = true;
  let evidence = 0;
  let gaps = 0;
  for (const ruleId of control.rules) {
    const tally = tallies.get(ruleId);
    if (tally && tally.failed > 0) return 'not-satisfied';
    if (!ranRuleIds.has(ruleId)) allRan = false;
    evidence += tally?.evidence ?? 0;
    gaps += tally?.gaps ?? 0;
  }
  return allRan && gaps === 0 && evidence > 0 ? 'satisfied' : 'not-assessed';
}
