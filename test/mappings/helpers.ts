/** Shared fixtures for the mapping tests: temp `--mappings` directories and a small valid mapping. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { RULE_IDS } from '../../src/engine/catalogue.js';

export const knownRuleIds: ReadonlySet<string> = new Set<string>(RULE_IDS);

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory holding the given files (name -> JSON value, or raw text), removed after the test. */
export function mappingsDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'airgap-mappings-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export function userMapping(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'acme-baseline',
    title: 'ACME internal cloud baseline',
    version: '2026.1',
    source: { title: 'ACME security standard', url: 'https://example.com/standard', publisher: 'ACME' },
    controls: [
      { id: 'NW-1', title: 'No internet egress', rules: ['NET-001', 'NET-004'], rationale: 'Boundary rules.' },
      { id: 'GOV-1', title: 'Security policy approved', rules: 'manual', rationale: 'A document.' },
    ],
    ...overrides,
  };
}
