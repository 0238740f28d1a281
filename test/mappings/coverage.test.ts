/** The coverage matrix and the rule -> control index, on hand-built mappings and findings. */
import { describe, expect, it } from 'vitest';
import type { Finding, Reason, Status } from '../../src/engine/types.js';
import { controlsForRule } from '../../src/mappings/controlIndex.js';
import { computeCoverage } from '../../src/mappings/coverage.js';
import { loadMappings } from '../../src/mappings/loadMappings.js';
import type { FrameworkMapping, MappingControl } from '../../src/mappings/types.js';
import { knownRuleIds } from './helpers.js';

function framework(id: string, controls: MappingControl[]): FrameworkMapping {
  return {
    id,
    title: `${id} title`,
    version: '1',
    source: { title: 's', url: 'https://example.com', publisher: 'p' },
    controls,
    file: `${id}.json`,
    origin: 'user',
  };
}

function control(id: string, rules: string[] | 'manual'): MappingControl {
  return { id, title: `${id} title`, rules, rationale: `${id} rationale` };
}

let serial = 0;
function finding(ruleId: string, status: Status, reason?: Reason): Finding {
  serial += 1;
  return {
    ruleId,
    status,
    ...(reason ? { reason } : {}),
    severity: 'high',
    fingerprint: `fp-${serial}`,
    resource: { address: `aws_thing.r${serial}`, type: 'aws_thing' },
    message: 'm',
    evidence: [],
    controls: [],
    ...(status === 'waived' ? { waiver: { reason: 'accepted', owner: 'sec', expires: '2099-01-01' } } : {}),
  };
}

const ALL_RAN = new Set(['NET-001', 'NET-002', 'NET-003', 'NET-004', 'KMS-001', 'IAM-001', 'IAM-004', 'AUD-001']);

function evidenceOf(controls: MappingControl[], findings: Finding[], ran: ReadonlySet<string> = ALL_RAN): string {
  const [coverage] = computeCoverage([framework('f', controls)], findings, ran);
  return coverage?.controls[0]?.evidence ?? 'missing';
}

describe('computeCoverage', () => {
  it('supports: every rule that examined something passed', () => {
    const findings = [finding('NET-001', 'pass'), finding('NET-002', 'pass'), finding('NET-002', 'pass')];
    expect(evidenceOf([control('c', ['NET-001', 'NET-002'])], findings)).toBe('supports');
  });

  it('contradicted, waived: a waived failure never supports a control', () => {
    expect(
      evidenceOf([control('c', ['NET-001', 'NET-002'])], [finding('NET-001', 'pass'), finding('NET-002', 'waived')]),
    ).toBe('contradicted-waived');
    expect(evidenceOf([control('c', ['NET-001'])], [finding('NET-001', 'waived')])).toBe('contradicted-waived');
  });

  it('supports: a rule that examined nothing adds nothing, and is listed as such', () => {
    const [coverage] = computeCoverage(
      [framework('f', [control('c', ['NET-001', 'NET-003'])])],
      [finding('NET-001', 'pass')],
      ALL_RAN,
    );
    expect(coverage?.controls[0]?.evidence).toBe('supports');
    expect(coverage?.controls[0]?.rules.examinedNothing).toEqual(['NET-003']);
    expect(coverage?.controls[0]?.rules.supporting).toEqual(['NET-001']);
  });

  it('not evidenced: rules that examined nothing never support a control on their own', () => {
    expect(evidenceOf([control('c', ['NET-001', 'NET-002'])], [])).toBe('not-evidenced');
    expect(evidenceOf([control('c', ['IAM-004'])], [finding('IAM-004', 'not-assessed', 'not-applicable')])).toBe(
      'not-evidenced',
    );
  });

  it('supports: not-applicable results beside passes are neutral', () => {
    const findings = [finding('IAM-004', 'pass'), finding('IAM-004', 'not-assessed', 'not-applicable')];
    expect(evidenceOf([control('c', ['IAM-004'])], findings)).toBe('supports');
  });

  it('supports: a rule outside the selected profile is neutral and listed as not run', () => {
    const [coverage] = computeCoverage(
      [framework('f', [control('c', ['NET-001', 'ENC-001'])])],
      [finding('NET-001', 'pass')],
      ALL_RAN,
    );
    expect(coverage?.controls[0]?.evidence).toBe('supports');
    expect(coverage?.controls[0]?.rules.notRun).toEqual(['ENC-001']);
  });

  it('contradicts: any unwaived failure, even beside passes, waivers and gaps', () => {
    const findings = [
      finding('NET-001', 'pass'),
      finding('NET-002', 'waived'),
      finding('NET-003', 'not-assessed', 'unknown-at-plan'),
      finding('NET-004', 'fail'),
    ];
    const [coverage] = computeCoverage(
      [framework('f', [control('c', ['NET-001', 'NET-002', 'NET-003', 'NET-004'])])],
      findings,
      ALL_RAN,
    );
    expect(coverage?.controls[0]?.evidence).toBe('contradicts');
    expect(coverage?.controls[0]?.rules).toEqual({
      mapped: ['NET-001', 'NET-002', 'NET-003', 'NET-004'],
      supporting: ['NET-001'],
      contradicting: ['NET-004'],
      waived: ['NET-002'],
      unsettled: ['NET-003'],
      examinedNothing: [],
      notRun: [],
    });
  });

  it('contradicts: a failure counts even when another of the rules did not run', () => {
    expect(evidenceOf([control('c', ['NET-001', 'ENC-001'])], [finding('NET-001', 'fail')])).toBe('contradicts');
  });

  it.each<Reason>(['unknown-at-plan', 'access-denied', 'needs-review', 'provided-elsewhere', 'out-of-scope'])(
    'not evidenced: a %s result beside passes is a value the input did not settle',
    (reason) => {
      const findings = [finding('AUD-001', 'pass'), finding('AUD-001', 'not-assessed', reason)];
      expect(evidenceOf([control('c', ['AUD-001'])], findings)).toBe('not-evidenced');
    },
  );

  it('manual: whatever the findings say', () => {
    expect(evidenceOf([control('c', 'manual')], [finding('NET-001', 'fail')])).toBe('manual');
  });

  it('counts every state per framework and keeps control order, titles, rules, rationale and scope', () => {
    const controls = [
      { ...control('ok', ['NET-001']), scope: 'ok scope', assessorExamines: 'ok rest' },
      control('bad', ['NET-002']),
      control('gap', ['KMS-001']),
      control('unrun', ['ENC-001']),
      control('waived', ['IAM-001']),
      control('doc', 'manual'),
    ];
    const findings = [
      finding('NET-001', 'pass'),
      finding('NET-002', 'fail'),
      finding('KMS-001', 'not-assessed', 'unknown-at-plan'),
      finding('IAM-001', 'waived'),
    ];
    const [coverage] = computeCoverage([framework('f', controls)], findings, ALL_RAN, [
      { kind: 'terraform-plan', path: 'p.json' },
    ]);
    expect(coverage?.framework).toBe('f');
    expect(coverage?.title).toBe('f title');
    expect(coverage?.version).toBe('1');
    expect(coverage?.caveat).toMatch(/not a verdict/);
    expect(coverage?.caveat).toMatch(/Terraform plan/);
    expect(coverage?.counts).toEqual({
      supports: 1,
      contradicts: 1,
      'contradicted-waived': 1,
      'not-evidenced': 2,
      manual: 1,
    });
    expect(coverage?.controls.map((c) => [c.id, c.evidence])).toEqual([
      ['ok', 'supports'],
      ['bad', 'contradicts'],
      ['gap', 'not-evidenced'],
      ['unrun', 'not-evidenced'],
      ['waived', 'contradicted-waived'],
      ['doc', 'manual'],
    ]);
    expect(coverage?.controls[0]).toMatchObject({
      id: 'ok',
      title: 'ok title',
      evidence: 'supports',
      scope: 'ok scope',
      assessorExamines: 'ok rest',
      rationale: 'ok rationale',
    });
    expect(coverage?.controls[1]?.scope).toMatch(/not stated/i);
    expect(coverage?.controls[5]?.rules.mapped).toEqual([]);
  });

  it('is pure: the same inputs give the same matrix and the inputs are untouched', () => {
    const mappings = [framework('f', [control('c', ['NET-001'])])];
    const findings = [finding('NET-001', 'pass')];
    const before = JSON.stringify({ mappings, findings });
    expect(computeCoverage(mappings, findings, ALL_RAN)).toEqual(computeCoverage(mappings, findings, ALL_RAN));
    expect(JSON.stringify({ mappings, findings })).toBe(before);
  });

  it('on the shipped mappings, every rule passing at most supports the automated part, with a scope line', () => {
    const mappings = loadMappings({ knownRuleIds });
    const findings = [...knownRuleIds].map((id) => finding(id, 'pass'));
    for (const coverage of computeCoverage(mappings, findings, knownRuleIds)) {
      expect(coverage.counts.supports + coverage.counts.manual, coverage.framework).toBe(coverage.controls.length);
      for (const c of coverage.controls.filter((x) => x.evidence === 'supports')) {
        expect(c.scope, `${coverage.framework} ${c.id}`).not.toMatch(/not stated/i);
        expect(c.assessorExamines, `${coverage.framework} ${c.id}`).not.toMatch(/does not say/i);
      }
    }
  });
});

describe('controlsForRule', () => {
  const mappings = [
    framework('a', [control('a1', ['NET-001', 'KMS-001']), control('a2', 'manual'), control('a3', ['NET-001'])]),
    framework('b', [control('b1', ['NET-001'])]),
  ];

  it('lists every control of every framework, in mapping order', () => {
    expect(controlsForRule(mappings, 'NET-001')).toEqual([
      { framework: 'a', id: 'a1' },
      { framework: 'a', id: 'a3' },
      { framework: 'b', id: 'b1' },
    ]);
    expect(controlsForRule(mappings, 'KMS-001')).toEqual([{ framework: 'a', id: 'a1' }]);
  });

  it('filters by framework and returns nothing for unmapped rules or unknown frameworks', () => {
    expect(controlsForRule(mappings, 'NET-001', ['b'])).toEqual([{ framework: 'b', id: 'b1' }]);
    expect(controlsForRule(mappings, 'NET-001', ['b', 'a'])).toHaveLength(3);
    expect(controlsForRule(mappings, 'IAM-001')).toEqual([]);
    expect(controlsForRule(mappings, 'NET-001', ['zzz'])).toEqual([]);
  });

  it('hands each caller its own array, so one finding cannot change another', () => {
    const first = controlsForRule(mappings, 'NET-001');
    first.pop();
    expect(controlsForRule(mappings, 'NET-001')).toHaveLength(3);
  });
});
