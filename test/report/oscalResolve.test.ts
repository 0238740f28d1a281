/**
 * The OSCAL evidence package resolves: a small resolver follows every reference the assessment plan, results and
 * POA&M make (control ids, objective ids, subjects, observations, risks, catalog links, imported files) to something
 * defined inside the package, on both shipped scenarios. Every document validates against its NIST OSCAL 1.1.3 schema.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { errorsOf, oscalPackageValidators, oscalValidators } from './validators.js';

type Obj = Record<string, unknown>;
const examples = join(repoRoot, 'fixtures', 'examples');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function writePackage(plan: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'airgap-oscal-'));
  dirs.push(dir);
  const out = join(dir, 'pkg');
  const r = runCli([
    'scan',
    join(examples, plan),
    '--config',
    join(examples, 'airgap-audit.config.json'),
    '--format',
    'oscal',
    '--output-dir',
    out,
    '--fail-on',
    'none',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

const read = (dir: string, name: string): Obj => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Obj;

/** Every value under `key` anywhere in the document. */
function collect(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const x of node) collect(x, key, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

/** Ids a catalog defines: controls (and nested controls) and parts. */
function catalogIds(catalog: Obj): { controls: Set<string>; parts: Set<string> } {
  const controls = new Set<string>();
  const parts = new Set<string>();
  const walk = (cs: Obj[] | undefined): void => {
    for (const c of cs ?? []) {
      controls.add(c.id as string);
      for (const p of collect(c.parts, 'id')) parts.add(p as string);
      walk(c.controls as Obj[] | undefined);
    }
  };
  walk((catalog.catalog as Obj).controls as Obj[]);
  return { controls, parts };
}

describe('OSCAL evidence package', () => {
  for (const plan of ['bedrock-airgapped.plan.json', 'bedrock-looks-private.plan.json']) {
    it(`${plan}: every control, subject, observation, risk and POA&M reference resolves inside the package`, () => {
      const dir = writePackage(plan);
      const files = readdirSync(dir);
      const catalogFiles = files.filter((f) => f.startsWith('oscal-catalog-'));
      expect(catalogFiles.length).toBe(7);

      // Catalogs: valid OSCAL 1.1.3, one per framework, all imported by the profile.
      const official = oscalPackageValidators();
      const byFile = new Map<string, { controls: Set<string>; parts: Set<string> }>();
      for (const f of catalogFiles) {
        const cat = read(dir, f);
        expect(official.catalog(cat), `${f} ${errorsOf(official.catalog)}`).toBe(true);
        byFile.set(f, catalogIds(cat));
      }
      const profile = read(dir, 'oscal-profile.json');
      expect(official.profile(profile), errorsOf(official.profile)).toBe(true);
      const imported = ((profile.profile as Obj).imports as Obj[]).map((i) => i.href as string);
      expect([...imported].sort()).toEqual([...catalogFiles].sort());
      const allControls = new Set([...byFile.values()].flatMap((c) => [...c.controls]));
      const allParts = new Set([...byFile.values()].flatMap((c) => [...c.parts]));

      const v = oscalValidators();
      const ar = read(dir, 'oscal-assessment-results.json');
      const ap = read(dir, 'oscal-assessment-plan.json');
      const poam = read(dir, 'oscal-poam.json');
      expect(v.ar(ar), errorsOf(v.ar)).toBe(true);
      expect(v.ap(ap), errorsOf(v.ap)).toBe(true);
      expect(official.ap(ap), errorsOf(official.ap)).toBe(true);
      expect(v.poam(poam), errorsOf(v.poam)).toBe(true);

      // Imported documents and back-matter links are files of the package.
      const importAp = (ar['assessment-results'] as Obj)['import-ap'] as Obj;
      expect(existsSync(join(dir, importAp.href as string))).toBe(true);
      for (const doc of [ar, ap]) {
        const hrefs = collect((Object.values(doc)[0] as Obj)['back-matter'], 'href') as string[];
        for (const href of hrefs.filter((h) => h.startsWith('oscal-catalog-'))) expect(files).toContain(href);
        expect(hrefs.filter((h) => h.startsWith('oscal-catalog-')).sort()).toEqual([...catalogFiles].sort());
        expect(hrefs).toContain('oscal-profile.json');
      }

      // Control ids in reviewed-controls and activities resolve to a catalog control.
      for (const doc of [ar, ap]) {
        const ids = collect(doc, 'control-id') as string[];
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(allControls.has(id), id).toBe(true);
      }

      const result = ((ar['assessment-results'] as Obj).results as Obj[])[0];
      const observations = new Set(((result.observations as Obj[]) ?? []).map((o) => o.uuid));
      const risks = new Set(((result.risks as Obj[]) ?? []).map((r) => r.uuid));
      const items = new Set(
        (((result['local-definitions'] as Obj)?.['inventory-items'] as Obj[]) ?? []).map((i) => i.uuid),
      );

      // Findings target a catalog objective (the automated part), never an unknown id, and link what exists.
      for (const f of (result.findings as Obj[]) ?? []) {
        const target = f.target as Obj;
        expect(target.type).toBe('objective-id');
        expect(allParts.has(target['target-id'] as string), target['target-id'] as string).toBe(true);
        for (const u of collect(f['related-observations'], 'observation-uuid')) expect(observations.has(u)).toBe(true);
        for (const u of collect(f['related-risks'], 'risk-uuid')) expect(risks.has(u)).toBe(true);
      }
      // Observations: one subject each, the assessed resource; the input named as the source.
      for (const o of (result.observations as Obj[]) ?? []) {
        const subjects = o.subjects as Obj[];
        expect(subjects).toHaveLength(1);
        expect(items.has(subjects[0]['subject-uuid'])).toBe(true);
        expect(JSON.stringify(o['relevant-evidence'])).toContain('Source: terraform-plan');
      }
      for (const r of (result.risks as Obj[]) ?? [])
        for (const u of collect(r['related-observations'], 'observation-uuid')) expect(observations.has(u)).toBe(true);

      // POA&M: items resolve to the POA&M's own observations and risks, and name their controls by catalog link.
      const p = poam['plan-of-action-and-milestones'] as Obj;
      const pObs = new Set(((p.observations as Obj[]) ?? []).map((o) => o.uuid));
      const pRisks = new Set(((p.risks as Obj[]) ?? []).map((r) => r.uuid));
      const pItems = new Set(
        (((p['local-definitions'] as Obj)?.['inventory-items'] as Obj[]) ?? []).map((i) => i.uuid),
      );
      for (const o of (p.observations as Obj[]) ?? [])
        for (const u of collect(o.subjects, 'subject-uuid')) expect(pItems.has(u)).toBe(true);
      const pFindings = new Set(((p.findings as Obj[]) ?? []).map((f) => f.uuid));
      for (const f of (p.findings as Obj[]) ?? []) {
        const target = f.target as Obj;
        expect(allParts.has(target['target-id'] as string), target['target-id'] as string).toBe(true);
        expect((target.status as Obj).state).toBe('not-satisfied');
        for (const u of collect(f['related-observations'], 'observation-uuid')) expect(pObs.has(u)).toBe(true);
        for (const u of collect(f['related-risks'], 'risk-uuid')) expect(pRisks.has(u)).toBe(true);
      }
      for (const item of p['poam-items'] as Obj[]) {
        for (const u of collect(item['related-findings'], 'finding-uuid')) expect(pFindings.has(u)).toBe(true);
        for (const u of collect(item['related-observations'], 'observation-uuid')) expect(pObs.has(u)).toBe(true);
        for (const u of collect(item['related-risks'], 'risk-uuid')) expect(pRisks.has(u)).toBe(true);
        for (const href of collect(item.links, 'href') as string[]) {
          const [file = '', fragment = ''] = href.split('#');
          expect(byFile.get(file)?.controls.has(fragment), href).toBe(true);
        }
      }
      if (plan.includes('looks-private')) {
        const linked = (p['poam-items'] as Obj[]).filter((i) => Array.isArray(i.links) && (i.links as Obj[]).length);
        expect(linked.length).toBeGreaterThan(0);
        // Every item whose rule maps to a control names that control's finding.
        for (const item of linked) expect(collect(item['related-findings'], 'finding-uuid').length).toBeGreaterThan(0);
        // A gap in AC.L2-3.1.20 can never be on a CMMC POA&M (32 CFR 170.21(a)(2)(iii)): the items say so.
        const flagged = (p['poam-items'] as Obj[]).filter((i) =>
          (i.props as Obj[]).some(
            (pr) => pr.name === 'poam-ineligible-control' && pr.value === 'cmmc-2.0-l2 AC.L2-3.1.20',
          ),
        );
        expect(flagged.length).toBeGreaterThan(0);
      }
    });
  }
});
