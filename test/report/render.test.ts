import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS, renderFormat } from '../../src/report/render.js';
import { sampleReport } from './fixtures.js';

describe('renderFormat', () => {
  it('names each output file: the OSCAL documents, one catalog per framework and the profile importing them', async () => {
    const names: string[] = [];
    for (const format of OUTPUT_FORMATS) {
      for (const file of await renderFormat(format, sampleReport(), { planPaths: ['plan.json'] }))
        names.push(file.name);
    }
    expect(names).toEqual([
      'airgap-audit.sarif',
      'airgap-audit.junit.xml',
      'airgap-audit.md',
      'airgap-audit.html',
      'oscal-catalog-nist-800-171-r2.json',
      'oscal-catalog-cmmc-2.0-l2.json',
      'oscal-profile.json',
      'oscal-assessment-results.json',
      'oscal-assessment-plan.json',
      'oscal-poam.json',
    ]);
  });

  it('is byte-identical across runs for the same report, whatever the order of calls', async () => {
    const first = await Promise.all(
      OUTPUT_FORMATS.map((f) => renderFormat(f, sampleReport(), { planPaths: ['plan.json'] })),
    );
    // A different report in between must not leak state (caches, uuid counters) into the next render.
    await renderFormat('oscal', sampleReport({ generatedAt: '2027-01-01T00:00:00Z' }), { planPaths: ['x.json'] });
    const second = await Promise.all(
      [...OUTPUT_FORMATS].reverse().map((f) => renderFormat(f, sampleReport(), { planPaths: ['plan.json'] })),
    );
    expect(second.reverse()).toEqual(first);
  });

  it('adds nothing that is not in the report: no clock, no environment, no host', async () => {
    const old = sampleReport({ generatedAt: '1999-01-01T00:00:00Z' });
    const files = (
      await Promise.all(OUTPUT_FORMATS.map((f) => renderFormat(f, old, { planPaths: ['plan.json'] })))
    ).flat();
    const now = new Date().toISOString().slice(0, 13);
    for (const file of files) {
      expect(file.content).not.toContain(process.cwd());
      expect(file.content).not.toContain(now);
      expect(file.content).not.toContain(process.env.HOSTNAME ?? '\u0000');
    }
  });
});
