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

function statusOf(controls: MappingControl[], findings: Finding[], ran: ReadonlySet<string> = ALL_RAN): string {
  const [coverage] = computeCoverage([framework('f', controls)], findings, ran);
  return coverage?.controls[0]?.status ?? 'missing';
}

describe('computeCoverage', () => {
  it('satisfied: every rule ran and every result passed', () => {
    const findings = [finding('NET-001', 'pass'), finding('NET-002', 'pass'), finding('NET-002', 'pass')];
    expect(statusOf([control('c', ['NET-001', 'NET-002'])], findings)).toBe('satisfied');
  });

  it('satisfied: waived results count like passes', () => {
    expect(
      statusOf([control('c', ['NET-001', 'NET-002'])], [finding('NET-001', 'pass'), finding('NET-002', 'waived')]),
    ).toBe('satisfied');
    expect(statusOf([control('c', ['NET-001'])], [finding('NET-001', 'waived')])).toBe('satisfied');
  });

  it('satisfied: a rule that ran and examined nothing does not hold the control back when another rule passed', () => {
    expect(statusOf([control('c', ['NET-001', 'NET-003'])], [finding('NET-001', 'pass')])).toBe('satisfied');
  });

  it('satisfied: not-applicable results are neutral', () => {
    const findings = [finding('IAM-004', 'pass'), finding('IAM-004', 'not-assessed', 'not-applicable')];
    expect(statusOf([control('c', ['IAM-004'])], findings)).toBe('satisfied');
  });

  it('not-satisfied: any failure, even beside passes, waivers and gaps', () => {
    const findings = [
      finding('NET-001', 'pass'),
      finding('NET-002', 'waived'),
      finding('NET-003', 'not-assessed', 'unknown-at-plan'),
      finding('NET-004', 'fail'),
    ];
    expect(statusOf([control('c', ['NET-001', 'NET-002', 'NET-003', 'NET-004'])], findings)).toBe('not-satisfied');
  });

  it('not-satisfied: a failure counts even when another of the rules did not run', () => {
    expect(statusOf([control('c', ['NET-001', 'ENC-001'])], [finding('NET-001', 'fail')])).toBe('not-satisfied');
  });

  it('not-assessed: a rule of the control did not run in this profile', () => {
    expect(statusOf([control('c', ['NET-001', 'ENC-001'])], [finding('NET-001', 'pass')])).toBe('not-assessed');
  });

  it('not-assessed: no result at all', () => {
    expect(statusOf([control('c', ['NET-001', 'NET-002'])], [])).toBe('not-assessed');
  });

  it('not-assessed: only not-applicable results are no evidence', () => {
    expect(statusOf([control('c', ['IAM-004'])], [finding('IAM-004', 'not-assessed', 'not-applicable')])).toBe(
      'not-assessed',
    );
  });

  it.each<Reason>(['unknown-at-plan', 'access-denied', 'needs-review', 'provided-elsewhere', 'out-of-scope'])(
    'not-assessed: a %s result beside passes leaves a gap',
    (reason) => {
      const findings = [finding('AUD-001', 'pass'), finding('AUD-001', 'not-assessed', reason)];
      expect(statusOf([control('c', ['AUD-001'])], findings)).toBe('not-assessed');
    },
  );

  it('manual: whatever the findings say', () => {
    expect(statusOf([control('c', 'manual')], [finding('NET-001', 'fail')])).toBe('manual');
  });

  it('counts every status per framework and keeps control order, titles, rules and rationale', () => {
    const controls = [
      control('ok', ['NET-001']),
      control('bad', ['NET-002']),
      control('gap', ['KMS-001']),
      control('unrun', ['ENC-001']),
      control('doc', 'manual'),
    ];
    const findings = [
      finding('NET-001', 'pass'),
      finding('NET-002', 'fail'),
      finding('KMS-001', 'not-assessed', 'unknown-at-plan'),
    ];
    const [coverage] = computeCoverage([framework('f', controls)], findings, ALL_RAN);
    expect(coverage?.framework).toBe('f');
    expect(coverage?.title).toBe('f title');
    expect(coverage?.version).toBe('1');
    expect(coverage?.counts).toEqual({ satisfied: 1, 'not-satisfied': 1, 'not-assessed': 2, manual: 1 });
    expect(coverage?.controls.map((c) => [c.id, c.status])).toEqual([
      ['ok', 'satisfied'],
      ['bad', 'not-satisfied'],
      ['gap', 'not-assessed'],
      ['unrun', 'not-assessed'],
      ['doc', 'manual'],
    ]);
    expect(coverage?.controls[0]).toEqual({
      id: 'ok',
      title: 'ok title',
      status: 'satisfied',
      ruleIds: ['NET-001'],
      rationale: 'ok rationale',
    });
    expect(coverage?.controls[4]?.ruleIds).toEqual([]);
  });

  it('is pure: the same inputs give the same matrix and the inputs are untouched', () => {
    const mappings = [framework('f', [control('c', ['NET-001'])])];
    const findings = [finding('NET-001', 'pass')];
    const before = JSON.stringify({ mappings, findings });
    expect(computeCoverage(mappings, findings, ALL_RAN)).toEqual(computeCoverage(mappings, findings, ALL_RAN));
    expect(JSON.stringify({ mappings, findings })).toBe(before);
  });

  it('works on the shipped mappings: every mapped control satisfied when every rule passes', () => {
    const mappings = loadMappings({ knownRuleIds });
    const findings = [...knownRuleIds].map((id) => finding(id, 'pass'));
    for (const coverage of computeCoverage(mappings, findings, knownRuleIds)) {
      expect(coverage.counts['not-satisfied'] + coverage.counts['not-assessed'], coverage.framework).toBe(0);
      expect(coverage.counts.satisfied + coverage.counts.manual).toBe(coverage.controls.length);
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
