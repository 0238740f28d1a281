/** Integrity of the shipped mappings: schema, rule ids, coverage of the catalogue, official 800-171 / CMMC ids. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/engine/catalogue.js';
import { controlsForRule } from '../../src/mappings/controlIndex.js';
import { loadMappings, shippedMappingsDir } from '../../src/mappings/loadMappings.js';
import type { FrameworkMapping } from '../../src/mappings/types.js';
import { knownRuleIds } from './helpers.js';

const SHIPPED = ['cbn-rbcf-2024', 'cmmc-2.0-l2', 'gdpr-art32', 'hipaa-164.312', 'ndpa-2023', 'nis2', 'nist-800-171-r2'];

interface OfficialRow {
  nistId: string;
  familyId: string;
  cmmcId: string;
  text: string;
}

/** Minimal RFC 4180 reader: the CSV quotes fields that hold commas, and no field holds a newline. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function officialRows(): OfficialRow[] {
  const text = readFileSync(join(shippedMappingsDir, 'sources', 'nist_800_171_rev2_cmmc_l2_requirements.csv'), 'utf8');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  expect(parseCsvLine(header ?? '')).toEqual([
    'nist_800_171_r2_id',
    'family_id',
    'family',
    'cmmc_2_l2_practice_id',
    'requirement_text',
  ]);
  return lines.map((line) => {
    const [nistId = '', familyId = '', , cmmcId = '', reqText = ''] = parseCsvLine(line);
    return { nistId, familyId, cmmcId, text: reqText };
  });
}

/** The normalisation PROVENANCE.md describes: footnote markers dropped, one final full stop. */
function officialTitle(text: string): string {
  return `${text
    .replace(/\s*\[\d+\]/g, '')
    .trim()
    .replace(/\.+$/, '')}.`;
}

function byId(mappings: readonly FrameworkMapping[], id: string): FrameworkMapping {
  const mapping = mappings.find((m) => m.id === id);
  if (!mapping) throw new Error(`no mapping ${id}`);
  return mapping;
}

describe('shipped mappings', () => {
  const mappings = loadMappings({ knownRuleIds });

  it('the schema is valid draft-07 and every shipped file validates against it', () => {
    const schema = JSON.parse(readFileSync(join(shippedMappingsDir, 'schema.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(schema);
    for (const id of SHIPPED) {
      const data: unknown = JSON.parse(readFileSync(join(shippedMappingsDir, `${id}.json`), 'utf8'));
      expect(validate(data), `${id}.json: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('loads exactly the seven shipped frameworks, in file-name order, each file named by its id', () => {
    expect(mappings.map((m) => m.id)).toEqual(SHIPPED);
    for (const mapping of mappings) {
      expect(mapping.origin).toBe('shipped');
      expect(mapping.file).toBe(`mappings/${mapping.id}.json`);
    }
  });

  it('names no rule id outside the catalogue', () => {
    for (const mapping of mappings) {
      for (const control of mapping.controls) {
        if (control.rules === 'manual') continue;
        for (const ruleId of control.rules)
          expect(knownRuleIds.has(ruleId), `${mapping.id} ${control.id} ${ruleId}`).toBe(true);
      }
    }
  });

  it.each(RULE_IDS)('%s evidences at least one CMMC L2 and one NIST 800-171 r2 control', (ruleId) => {
    expect(controlsForRule(mappings, ruleId, ['cmmc-2.0-l2']).length).toBeGreaterThan(0);
    expect(controlsForRule(mappings, ruleId, ['nist-800-171-r2']).length).toBeGreaterThan(0);
  });

  it('every control has a one-line rationale and unique id', () => {
    for (const mapping of mappings) {
      const ids = mapping.controls.map((c) => c.id);
      expect(new Set(ids).size, mapping.id).toBe(ids.length);
      for (const control of mapping.controls) {
        expect(control.rationale.trim(), `${mapping.id} ${control.id}`).not.toBe('');
        expect(control.rationale, `${mapping.id} ${control.id}`).not.toMatch(/[\r\n]/);
      }
    }
  });

  describe('official catalogues', () => {
    const rows = officialRows();

    it('the copied CSV has the 110 requirements of SP 800-171 r2', () => {
      expect(rows).toHaveLength(110);
      expect(new Set(rows.map((r) => r.nistId)).size).toBe(110);
      expect(rows[0]?.nistId).toBe('3.1.1');
      expect(rows[109]?.nistId).toBe('3.14.7');
    });

    it('nist-800-171-r2 lists exactly the 110 official ids, in order, with the official statements', () => {
      const nist = byId(mappings, 'nist-800-171-r2');
      expect(nist.controls.map((c) => c.id)).toEqual(rows.map((r) => r.nistId));
      expect(nist.controls.map((c) => c.title)).toEqual(rows.map((r) => officialTitle(r.text)));
    });

    it('cmmc-2.0-l2 lists exactly the 110 official practice ids, in order', () => {
      const cmmc = byId(mappings, 'cmmc-2.0-l2');
      expect(cmmc.controls.map((c) => c.id)).toEqual(rows.map((r) => r.cmmcId));
      for (const id of cmmc.controls.map((c) => c.id))
        expect(id).toMatch(/^(AC|AT|AU|CM|IA|IR|MA|MP|PS|PE|RA|CA|SC|SI)\.L2-3\.\d+\.\d+$/);
    });

    it('each CMMC practice maps to the same rules as its 800-171 requirement', () => {
      const nist = byId(mappings, 'nist-800-171-r2');
      const cmmc = byId(mappings, 'cmmc-2.0-l2');
      cmmc.controls.forEach((practice, i) => {
        const requirement = nist.controls[i];
        expect(practice.id.endsWith(`-${requirement?.id ?? '?'}`)).toBe(true);
        expect(practice.rules).toEqual(requirement?.rules);
        expect(practice.title).toBe(requirement?.title);
      });
    });
  });

  it('covers every point of the other frameworks', () => {
    expect(byId(mappings, 'nis2').controls.map((c) => c.id)).toEqual([
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((p) => `21(2)(${p})`),
      '23',
    ]);
    expect(byId(mappings, 'gdpr-art32').controls.map((c) => c.id)).toEqual([
      '32(1)(a)',
      '32(1)(b)',
      '32(1)(c)',
      '32(1)(d)',
      '32(2)',
      '32(4)',
    ]);
    expect(byId(mappings, 'hipaa-164.312').controls.map((c) => c.id)).toEqual([
      '164.312(a)(1)',
      '164.312(a)(2)(i)',
      '164.312(a)(2)(ii)',
      '164.312(a)(2)(iii)',
      '164.312(a)(2)(iv)',
      '164.312(b)',
      '164.312(c)(1)',
      '164.312(c)(2)',
      '164.312(d)',
      '164.312(e)(1)',
      '164.312(e)(2)(i)',
      '164.312(e)(2)(ii)',
    ]);
    const ndpa = byId(mappings, 'ndpa-2023').controls.map((c) => c.id);
    for (const section of ['39', '40', '41', '42', '43']) expect(ndpa.some((id) => id.startsWith(section))).toBe(true);
    expect(byId(mappings, 'cbn-rbcf-2024').controls.map((c) => c.id)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '1.6',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '2.5',
      '3.0',
      '4.0',
      '5.0',
      '6.0',
      '7.0',
    ]);
  });

  it('every rule-mapped control says what part of it the rules cover and what the assessor still examines', () => {
    for (const mapping of mappings) {
      for (const c of mapping.controls) {
        if (c.rules === 'manual') continue;
        expect(c.scope, `${mapping.id} ${c.id}`).toBeTruthy();
        expect(c.assessorExamines, `${mapping.id} ${c.id}`).toBeTruthy();
      }
    }
  });

  it('keeps the links an assessor rejected out: each would claim evidence the rule cannot give', () => {
    const rulesOf = (fw: string, id: string): readonly string[] | 'manual' =>
      byId(mappings, fw).controls.find((c) => c.id === id)?.rules ?? 'manual';
    const absent: Array<[string, string, string]> = [
      ['hipaa-164.312', '164.312(e)(2)(ii)', 'DEP-003'],
      ['hipaa-164.312', '164.312(a)(2)(iii)', 'IAM-005'],
      ['nist-800-171-r2', '3.4.4', 'UPD-003'],
      ['nist-800-171-r2', '3.3.9', 'AUD-006'],
      ['nist-800-171-r2', '3.13.11', 'KMS-001'],
      ['cmmc-2.0-l2', 'CM.L2-3.4.4', 'UPD-003'],
      ['cmmc-2.0-l2', 'AU.L2-3.3.9', 'AUD-006'],
      ['cmmc-2.0-l2', 'SC.L2-3.13.11', 'KMS-001'],
      ['nis2', '21(2)(d)', 'UPD-002'],
      ['nis2', '21(2)(d)', 'UPD-001'],
      ['ndpa-2023', '41(1)', 'RES-001'],
    ];
    for (const [fw, id, rule] of absent) expect(rulesOf(fw, id), `${fw} ${id} <- ${rule}`).not.toContain(rule);
    expect(rulesOf('nis2', '21(2)(e)')).toEqual(expect.arrayContaining(['UPD-001', 'UPD-002', 'DEP-004']));
    expect(rulesOf('ndpa-2023', '41(2)')).toEqual(['RES-001', 'RES-002', 'RES-003']);
  });

  it('marks the CMMC practices 32 CFR 170.21(a)(2)(iii) keeps off any POA&M, and no others', () => {
    const ineligible = byId(mappings, 'cmmc-2.0-l2')
      .controls.filter((c) => c.poamIneligible)
      .map((c) => c.id);
    expect(ineligible.sort()).toEqual(
      ['AC.L2-3.1.20', 'AC.L2-3.1.22', 'CA.L2-3.12.4', 'PE.L2-3.10.3', 'PE.L2-3.10.4', 'PE.L2-3.10.5'].sort(),
    );
    for (const m of mappings.filter((x) => x.id !== 'cmmc-2.0-l2'))
      expect(m.controls.some((c) => c.poamIneligible)).toBe(false);
  });
});
