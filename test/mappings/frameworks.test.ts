/** `airgap-audit frameworks [ID]`, text and JSON. */
import { describe, expect, it } from 'vitest';
import { runFrameworks } from '../../src/commands/frameworks.js';
import { InputError } from '../../src/input/inputError.js';
import type { FrameworkMappingFile } from '../../src/mappings/types.js';
import { knownRuleIds, mappingsDir, userMapping } from './helpers.js';

interface Summary {
  id: string;
  controls: number;
  mapped: number;
  manual: number;
  origin: string;
}

describe('runFrameworks', () => {
  it('lists one line per framework with its control counts', () => {
    const text = runFrameworks(undefined, { format: 'text', knownRuleIds });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^FRAMEWORK\s+CONTROLS\s+RULES\s+MANUAL\s+TITLE$/);
    expect(lines.find((l) => l.startsWith('nist-800-171-r2 '))).toMatch(
      /^nist-800-171-r2\s+110\s+26\s+84\s+NIST SP 800-171/,
    );
    expect(lines.find((l) => l.startsWith('cmmc-2.0-l2 '))).toMatch(/^cmmc-2.0-l2\s+110\s+26\s+84\s+/);
    for (const id of ['nis2', 'ndpa-2023', 'cbn-rbcf-2024', 'gdpr-art32', 'hipaa-164.312']) {
      expect(lines.some((l) => l.startsWith(`${id} `))).toBe(true);
    }
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it('lists frameworks as JSON', () => {
    const summaries = JSON.parse(runFrameworks(undefined, { format: 'json', knownRuleIds })) as Summary[];
    expect(summaries).toHaveLength(7);
    for (const s of summaries) {
      expect(s.mapped + s.manual).toBe(s.controls);
      expect(s.origin).toBe('shipped');
    }
  });

  it('shows the control table of one framework, wrapping long rule lists', () => {
    const text = runFrameworks('nist-800-171-r2', { format: 'text', knownRuleIds });
    expect(text).toContain('110 controls: 26 evidenced by rules, 84 manual');
    expect(text).toMatch(/\n3\.1\.1\s+KMS-002 IAM-001 IAM-006 NET-010\s+Limit system access/);
    expect(text).toMatch(/\n3\.2\.1\s+manual\s+Ensure that managers/);
    // 3.13.1 has 14 rules: four per line, continuation lines carry rules only.
    expect(text).toMatch(
      /\n3\.13\.1\s+NET-001 NET-002 NET-003 NET-004\s+Monitor, control, and protect communications.*\n\s+NET-005 NET-006 EGR-001 EGR-002\n/,
    );
  });

  it('shows one framework as JSON in the mapping file shape', () => {
    const file = JSON.parse(runFrameworks('hipaa-164.312', { format: 'json', knownRuleIds })) as FrameworkMappingFile;
    expect(file.id).toBe('hipaa-164.312');
    expect(file.controls).toHaveLength(12);
    expect(Object.keys(file)).not.toContain('file');
    expect(Object.keys(file)).not.toContain('origin');
  });

  it('includes user mappings from --mappings', () => {
    const dir = mappingsDir({ 'acme.json': userMapping() });
    const list = runFrameworks(undefined, { format: 'text', knownRuleIds, mappingsDir: dir });
    expect(list).toMatch(/\nacme-baseline \(user\)\s+2\s+1\s+1\s+ACME internal cloud baseline\n/);
    expect(runFrameworks('acme-baseline', { format: 'text', knownRuleIds, mappingsDir: dir })).toMatch(
      /\nGOV-1\s+manual\s+Security policy approved\n/,
    );
  });

  it('an unknown framework id is an InputError listing the known ones', () => {
    expect(() => runFrameworks('iso-27001', { format: 'text', knownRuleIds })).toThrow(InputError);
    expect(() => runFrameworks('iso-27001', { format: 'text', knownRuleIds })).toThrow(
      /^frameworks: unknown framework "iso-27001"; known frameworks: cbn-rbcf-2024, cmmc-2.0-l2, /,
    );
  });
});
