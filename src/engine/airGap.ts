/**
 * The air-gap verdict: the answer people run the tool for. A platform that satisfies all four air-gap conditions
 * (AG-1..AG-4) is air-gappable; one that fails any of them is not; one whose input does not settle a condition
 * cannot be told. The five blueprint layers are judged the same way as a scorecard (layer 5, Nitro Enclaves,
 * only under `highest-trust`).
 *
 * Computed from rule metadata (`condition`, `layer`) and the findings, once, into the scan report. A waived
 * failure still leaves its condition not satisfied: a waiver accepts a risk, it does not remove the gateway.
 */
import { isEvidenceGap } from './gate.js';
import type { AirGapCondition, Finding, Profile, RuleMeta } from './types.js';

export type GroupState = 'satisfied' | 'not-satisfied' | 'not-assessed';
export type AirGappable = 'yes' | 'no' | 'cannot-tell';

export interface RuleOutcome {
  id: string;
  title: string;
  ran: boolean;
  pass: number;
  fail: number;
  waived: number;
  /** Results not assessed for a reason other than not-applicable. */
  gaps: number;
}

export interface GroupVerdict {
  /** `AG-1` .. `AG-4`, or `L1` .. `L5`. */
  id: string;
  title: string;
  state: GroupState;
  /** Why, in one line: the failing rules, the rules that could not tell, or what held. */
  why: string;
  rules: RuleOutcome[];
}

export interface AirGapVerdict {
  airGappable: AirGappable;
  /** `air-gappable: no — AG-1, AG-3 not satisfied`: the first line of every output. */
  headline: string;
  conditions: GroupVerdict[];
  /** Layers 1–4, and 5 under highest-trust. */
  layers: GroupVerdict[];
}

export const CONDITION_TITLES: Record<AirGapCondition, string> = {
  'AG-1': 'No public internet egress',
  'AG-2': 'No vendor phone-home',
  'AG-3': 'No external runtime dependency',
  'AG-4': "Updates on the customer's schedule",
};

export const LAYER_TITLES: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: 'Network isolation',
  2: 'Customer-managed keys',
  3: 'Identity bound to the VPC endpoint',
  4: 'Immutable audit trail',
  5: 'Nitro Enclaves',
};

export const AIR_GAPPABLE_TEXT: Record<AirGappable, string> = {
  yes: 'yes',
  no: 'no',
  'cannot-tell': 'cannot tell from this input',
};

function outcomes(rules: readonly RuleMeta[], ran: ReadonlySet<string>, findings: readonly Finding[]): RuleOutcome[] {
  const byId = new Map<string, RuleOutcome>(
    rules.map((r) => [r.id, { id: r.id, title: r.title, ran: ran.has(r.id), pass: 0, fail: 0, waived: 0, gaps: 0 }]),
  );
  for (const f of findings) {
    const o = byId.get(f.ruleId);
    if (!o) continue;
    if (f.status === 'pass') o.pass++;
    else if (f.status === 'fail') o.fail++;
    else if (f.status === 'waived') o.waived++;
    else if (isEvidenceGap(f)) o.gaps++;
  }
  return [...byId.values()];
}

function judgeGroup(id: string, title: string, rules: RuleOutcome[], profile: Profile): GroupVerdict {
  const failing = rules.filter((r) => r.fail > 0 || r.waived > 0);
  if (failing.length)
    return {
      id,
      title,
      state: 'not-satisfied',
      why: `fails: ${failing.map((r) => `${r.id} (${r.fail + r.waived}${r.waived ? `, ${r.waived} waived` : ''})`).join(', ')}`,
      rules,
    };
  if (rules.length === 0)
    return { id, title, state: 'not-assessed', why: `no rule of the ${profile} profile judges it`, rules };
  const skipped = rules.filter((r) => !r.ran);
  const gaps = rules.filter((r) => r.ran && r.gaps > 0);
  const reasons: string[] = [];
  if (skipped.length) reasons.push(`did not run: ${skipped.map((r) => r.id).join(', ')}`);
  if (gaps.length) reasons.push(`not assessed: ${gaps.map((r) => `${r.id} (${r.gaps})`).join(', ')}`);
  if (reasons.length) return { id, title, state: 'not-assessed', why: reasons.join('; '), rules };
  if (rules.every((r) => r.pass === 0))
    return { id, title, state: 'not-assessed', why: 'nothing in this input for its rules to examine', rules };
  return { id, title, state: 'satisfied', why: `holds: ${rules.map((r) => r.id).join(', ')}`, rules };
}

/**
 * `candidates`: the rules that judge this profile (plus any `--rule` picked outside it); `ran`: those that ran.
 * A candidate that did not run leaves its condition not assessed.
 */
export function judgeAirGap(
  candidates: readonly RuleMeta[],
  ran: ReadonlySet<string>,
  findings: readonly Finding[],
  profile: Profile,
): AirGapVerdict {
  const all = outcomes(candidates, ran, findings);
  const metaOf = new Map(candidates.map((r) => [r.id, r]));
  const conditions = (Object.keys(CONDITION_TITLES) as AirGapCondition[]).map((c) =>
    judgeGroup(
      c,
      CONDITION_TITLES[c],
      all.filter((o) => metaOf.get(o.id)?.condition === c),
      profile,
    ),
  );
  const layerIds = profile === 'highest-trust' ? ([1, 2, 3, 4, 5] as const) : ([1, 2, 3, 4] as const);
  const layers = layerIds.map((l) =>
    judgeGroup(
      `L${l}`,
      LAYER_TITLES[l],
      all.filter((o) => metaOf.get(o.id)?.layer === l),
      profile,
    ),
  );
  const failed = conditions.filter((c) => c.state === 'not-satisfied').map((c) => c.id);
  const untold = conditions.filter((c) => c.state === 'not-assessed').map((c) => c.id);
  const airGappable: AirGappable = failed.length ? 'no' : untold.length ? 'cannot-tell' : 'yes';
  const detail =
    airGappable === 'yes'
      ? 'AG-1, AG-2, AG-3 and AG-4 satisfied'
      : airGappable === 'no'
        ? `${failed.join(', ')} not satisfied${untold.length ? `; ${untold.join(', ')} not assessed` : ''}`
        : `${untold.join(', ')} not assessed`;
  return {
    airGappable,
    headline: `air-gappable: ${AIR_GAPPABLE_TEXT[airGappable]} — ${detail}`,
    conditions,
    layers,
  };
}
