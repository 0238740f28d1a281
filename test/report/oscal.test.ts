import { describe, expect, it } from 'vitest';
import { renderOscal } from '../../src/report/oscal.js';
import { controlToken } from '../../src/report/oscalCommon.js';
import { uuidV5, URL_NAMESPACE } from '../../src/report/uuid.js';
import { FINDINGS, sampleReport } from './fixtures.js';
import { errorsOf, oscalValidators } from './validators.js';

type Obj = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

describe('OSCAL 1.1.3', () => {
  const v = oscalValidators();

  it('emits assessment results, plan and POA&M that validate against the NIST schemas', () => {
    for (const report of [
      sampleReport(),
      sampleReport({ findings: [], coverage: [], waivers: [] }),
      sampleReport({ inputs: [{ kind: 'aws-account', path: 'aws://123456789012' }] }),
    ]) {
      const docs = renderOscal(report, 'oscal-assessment-plan.json');
      const ar: unknown = JSON.parse(docs.assessmentResults);
      const ap: unknown = JSON.parse(docs.assessmentPlan);
      const poam: unknown = JSON.parse(docs.poam);
      expect(v.ar(ar), errorsOf(v.ar)).toBe(true);
      expect(v.ap(ap), errorsOf(v.ap)).toBe(true);
      expect(v.poam(poam), errorsOf(v.poam)).toBe(true);
    }
  });

  it('imports the plan, whose activities are the rules and whose subjects are the inputs', () => {
    const docs = renderOscal(sampleReport(), 'oscal-assessment-plan.json');
    const ar = JSON.parse(docs.assessmentResults) as Obj;
    const ap = JSON.parse(docs.assessmentPlan) as Obj;
    expect(get(ar, 'assessment-results', 'import-ap', 'href')).toBe('oscal-assessment-plan.json');
    const activities = get(ap, 'assessment-plan', 'local-definitions', 'activities') as Obj[];
    expect(activities.map((a) => a.title)).toEqual([
      'NET-001: No internet gateway in the boundary',
      'KMS-004: Key rotation enabled',
      'AUD-004: Audit buckets have Object Lock in COMPLIANCE mode',
      'UPD-002: Provider versions exact',
    ]);
    const components = get(ap, 'assessment-plan', 'local-definitions', 'components') as Obj[];
    expect(components).toHaveLength(1);
    const subjectUuid = get(ap, 'assessment-plan', 'assessment-subjects') as Obj[];
    expect(JSON.stringify(subjectUuid)).toContain(components[0].uuid as string);
    // Each observation's one subject is the assessed resource, an inventory item of the result.
    const result = (get(ar, 'assessment-results', 'results') as Obj[])[0];
    const items = new Set((get(result, 'local-definitions', 'inventory-items') as Obj[]).map((i) => i.uuid));
    for (const o of result.observations as Obj[]) {
      const subjects = o.subjects as Obj[];
      expect(subjects).toHaveLength(1);
      expect(items.has(subjects[0]['subject-uuid'])).toBe(true);
    }
    expect(result.start).toBe('2026-11-28T10:00:00Z');
  });

  it('records control findings, risks for failures and deviations for waivers', () => {
    const docs = renderOscal(sampleReport(), 'ap.json');
    const result = (get(JSON.parse(docs.assessmentResults), 'assessment-results', 'results') as Obj[])[0];
    const findings = result.findings as Obj[];
    const targets = findings.map((f) => f.target as Obj);
    expect(targets.map((t) => [t['target-id'], get(t, 'status', 'state'), get(t, 'status', 'reason')])).toEqual([
      // Not evidenced (3.3.8) and manual (3.2.1) controls get no finding; a waived failure is never satisfied.
      ['nist-800-171-r2_3.13.1_obj.automated', 'not-satisfied', 'fail'],
      ['nist-800-171-r2_3.13.10_obj.automated', 'not-satisfied', 'other'],
      ['cmmc-2.0-l2_SC.L2-3.13.1_obj.automated', 'not-satisfied', 'fail'],
    ]);
    expect(targets.every((t) => String(t.remarks).includes('not a verdict'))).toBe(true);
    const risks = result.risks as Obj[];
    expect(risks.map((r) => r.status)).toEqual(['open', 'open', 'deviation-approved', 'open']);
    expect(risks[2].deadline).toBe('2026-12-10T23:59:59Z');
    // Each risk names the controls its failing rule bears on, as the framework writes them.
    expect(JSON.stringify(risks[2].props)).toContain('nist-800-171-r2 3.13.10');
    expect(result.observations as Obj[]).toHaveLength(6);
  });

  it('lists every failure and waiver in the POA&M, and one closing item when there is none', () => {
    const poam = get(JSON.parse(renderOscal(sampleReport(), 'ap.json').poam), 'plan-of-action-and-milestones') as Obj;
    expect(
      (poam['poam-items'] as Obj[]).map((i) => (i.props as Obj[]).find((p) => p.name === 'rule-id')?.value),
    ).toEqual(['NET-001', 'NET-001', 'KMS-004', 'UPD-002']);
    const empty = get(
      JSON.parse(renderOscal(sampleReport({ findings: [] }), 'ap.json').poam),
      'plan-of-action-and-milestones',
    ) as Obj;
    expect((empty['poam-items'] as Obj[]).map((i) => i.title)).toEqual(['No open findings']);
  });

  it('derives UUIDs from content (v5) and never at random', () => {
    // RFC 9562 appendix test vector: v5 of "www.example.com" in the DNS namespace.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(uuidV5(URL_NAMESPACE, 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const a = renderOscal(sampleReport(), 'ap.json');
    const b = renderOscal(sampleReport(), 'ap.json');
    expect(a).toEqual(b);
    const other = renderOscal(sampleReport({ generatedAt: '2026-11-29T10:00:00Z' }), 'ap.json');
    expect(get(JSON.parse(other.assessmentResults), 'assessment-results', 'uuid')).not.toBe(
      get(JSON.parse(a.assessmentResults), 'assessment-results', 'uuid'),
    );
    const uuids = a.assessmentResults.match(/"uuid": "[^"]+"/g) ?? [];
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('writes large documents compactly (indentation would cost a third of hundreds of megabytes)', () => {
    const many = Array.from({ length: 20_001 }, (_, i) => ({ ...FINDINGS[2], fingerprint: `fp-${i}` }));
    const docs = renderOscal(sampleReport({ findings: many }), 'ap.json');
    expect(docs.assessmentResults.split('\n')).toHaveLength(2);
    expect(renderOscal(sampleReport(), 'ap.json').assessmentResults.split('\n').length).toBeGreaterThan(100);
  });

  it('turns framework control ids into OSCAL tokens', () => {
    expect(controlToken('nist-800-171-r2', '3.1.1')).toBe('nist-800-171-r2_3.1.1');
    expect(controlToken('nis2', '21(2)(a)')).toBe('nis2_21_2__a_');
    expect(controlToken('9x', '1')).toBe('_9x_1');
  });
});
