/**
 * Reporters read only a ScanReport: none may import a rule, a source (plan, AWS), the model or the engine
 * beyond its types. The one file access they make is SARIF's lookup of `.tf` declarations (terraformSource).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const reportDir = fileURLToPath(new URL('../../src/report/', import.meta.url));
const REPORTERS = [
  'render',
  'sarif',
  'junit',
  'markdown',
  'html',
  'htmlStyle',
  'htmlVerdict',
  'oscal',
  'oscalCommon',
  'oscalFindings',
  'oscalPlan',
  'oscalPoam',
  'reportView',
  'escape',
  'uuid',
  'terraformSource',
];
const ALLOWED = [/^\.\/[A-Za-z]+\.js$/, /^node:(crypto|path|fs)$/, /^\.\.\/engine\/(types|airGap|gate)\.js$/];

describe('reporter boundaries', () => {
  it('import nothing but each other, node built-ins and the engine types', () => {
    const present = new Set(readdirSync(reportDir));
    for (const name of REPORTERS) {
      expect(present.has(`${name}.ts`), name).toBe(true);
      const source = readFileSync(`${reportDir}${name}.ts`, 'utf8');
      const specifiers = [...source.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]);
      for (const spec of specifiers)
        expect(
          ALLOWED.some((re) => re.test(spec)),
          `${name}.ts imports ${spec}`,
        ).toBe(true);
      if (name !== 'terraformSource') expect(source, `${name}.ts reads files`).not.toMatch(/\bfrom 'node:fs'/);
      expect(source, `${name}.ts reads the clock or the environment`).not.toMatch(
        /new Date\(\)|Date\.now\(|process\.env|Math\.random|randomUUID/,
      );
    }
  });
});
