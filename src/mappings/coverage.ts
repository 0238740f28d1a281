/**
 * The coverage matrix: for each control of each framework, what this scan's results say about it, in evidence
 * language. The tool never says a control is met: a control asks for more (procedures, people, reviews) than any
 * configuration shows, so the strongest statement is that the evidence supports the automated part of it.
 *
 * - `manual`: the mapping says no rule can judge the control.
 * - `contradicts`: a result of one of its rules failed and no waiver covers it. A failure counts even when other
 *   rules did not run.
 * - `contradicted-waived`: the only failures are waived. A waiver is an accepted deviation with an owner and an
 *   expiry date; it never turns a failure into support (CMMC, for one, knows no waiver: a gap is a POA&M item).
 * - `not-evidenced`: nothing failed, but the input does not show the automated part: no mapped rule examined
 *   anything, or a result was `not-assessed` for a reason other than `not-applicable` (the input did not settle it).
 * - `supports`: nothing failed or stayed unsettled, and at least one mapped rule examined a resource and passed.
 *   A rule that examined nothing never supports; a rule outside the selected profile is neutral (it is listed
 *   under `notRun`, so the assessor sees what was not looked at).
 */
import { isEvidenceGap } from '../engine/gate.js';
import type { InputInfo } from '../model/inventory.js';
import type { Finding } from '../engine/types.js';
import type { ControlCoverage, ControlEvidence, ControlRuleEvidence, FrameworkCoverage } from '../report/scanReport.js';
import type { FrameworkMapping, MappingControl } from './types.js';

export { EVIDENCE_LABEL, EVIDENCE_ORDER } from '../report/coverageLabels.js';

const CAVEAT =
  'Evidence for an assessor, not a verdict: a control reads at most "evidence supports the automated part", and only for the scope line beside it; what the assessor still has to examine is listed per control.';

const INPUT_CAVEAT: Readonly<Record<InputInfo['kind'], string>> = {
  'terraform-plan':
    'The input is a Terraform plan: it shows only resources this configuration manages, so a rule that examined nothing says nothing about resources created outside it.',
  'terraform-state':
    'The input is Terraform state: it shows only resources this configuration manages, so a rule that examined nothing says nothing about resources created outside it.',
  'aws-account':
    'The input is a live AWS account, read with the scanning role: what the role could not read is not assessed, never assumed.',
};

/** The caveat printed with every framework's coverage, naming the kind of input the evidence rests on. */
export function coverageCaveat(inputs: readonly InputInfo[]): string {
  const kinds = [...new Set(inputs.map((i) => i.kind))];
  return [CAVEAT, ...kinds.map((k) => INPUT_CAVEAT[k])].join(' ');
}

interface RuleTally {
  passed: number;
  failed: number;
  waived: number;
  unsettled: number;
}

export function computeCoverage(
  mappings: readonly FrameworkMapping[],
  findings: readonly Finding[],
  ranRuleIds: ReadonlySet<string>,
  inputs: readonly InputInfo[] = [],
): FrameworkCoverage[] {
  const tallies = tallyByRule(findings);
  const caveat = coverageCaveat(inputs);
  return mappings.map((mapping) => {
    const counts: Record<ControlEvidence, number> = {
      supports: 0,
      contradicts: 0,
      'contradicted-waived': 0,
      'not-evidenced': 0,
      manual: 0,
    };
    const controls = mapping.controls.map((control): ControlCoverage => {
      const rules = sortRules(control, tallies, ranRuleIds);
      const evidence = evidenceOf(control, rules);
      counts[evidence] += 1;
      return {
        id: control.id,
        title: control.title,
        evidence,
        scope:
          control.scope ??
          (control.rules === 'manual' ? 'None: no rule can judge this control.' : 'Not stated by the mapping.'),
        assessorExamines:
          control.assessorExamines ??
          (control.rules === 'manual'
            ? control.rationale
            : 'The whole control: the mapping does not say which part its rules cover.'),
        rationale: control.rationale,
        ...(control.poamIneligible ? { poamIneligible: true } : {}),
        rules,
      };
    });
    return { framework: mapping.id, title: mapping.title, version: mapping.version, caveat, counts, controls };
  });
}

/** One pass over the findings, so the matrix costs O(findings + mapped rule references). */
function tallyByRule(findings: readonly Finding[]): Map<string, RuleTally> {
  const tallies = new Map<string, RuleTally>();
  for (const finding of findings) {
    let tally = tallies.get(finding.ruleId);
    if (!tally) {
      tally = { passed: 0, failed: 0, waived: 0, unsettled: 0 };
      tallies.set(finding.ruleId, tally);
    }
    switch (finding.status) {
      case 'pass':
        tally.passed += 1;
        break;
      case 'waived':
        tally.waived += 1;
        break;
      case 'fail':
        tally.failed += 1;
        break;
      case 'not-assessed':
        // Outside the rule's scope (e.g. a Bedrock service role for IAM-004) is neutral; anything else is a value
        // the input did not settle. The gate module owns that distinction.
        if (isEvidenceGap(finding)) tally.unsettled += 1;
        break;
    }
  }
  return tallies;
}

function sortRules(
  control: MappingControl,
  tallies: ReadonlyMap<string, RuleTally>,
  ranRuleIds: ReadonlySet<string>,
): ControlRuleEvidence {
  const out: ControlRuleEvidence = {
    mapped: control.rules === 'manual' ? [] : [...control.rules],
    supporting: [],
    contradicting: [],
    waived: [],
    unsettled: [],
    examinedNothing: [],
    notRun: [],
  };
  for (const ruleId of out.mapped) {
    const tally = tallies.get(ruleId);
    if (!ranRuleIds.has(ruleId)) out.notRun.push(ruleId);
    else if (!tally || tally.passed + tally.failed + tally.waived + tally.unsettled === 0)
      out.examinedNothing.push(ruleId);
    else if (tally.failed > 0) out.contradicting.push(ruleId);
    else if (tally.waived > 0) out.waived.push(ruleId);
    else if (tally.unsettled > 0) out.unsettled.push(ruleId);
    else out.supporting.push(ruleId);
  }
  return out;
}

function evidenceOf(control: MappingControl, rules: ControlRuleEvidence): ControlEvidence {
  if (control.rules === 'manual') return 'manual';
  if (rules.contradicting.length > 0) return 'contradicts';
  if (rules.waived.length > 0) return 'contradicted-waived';
  if (rules.unsettled.length > 0 || rules.supporting.length === 0) return 'not-evidenced';
  return 'supports';
}
