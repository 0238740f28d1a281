/**
 * Start-up cost of the commands that do not scan: `--version`, `rules` and `explain` must not load the scan pipeline,
 * the rules' logic or ajv, and their answers must be the same whichever path (the plain-form shortcut with the
 * prebuilt catalogue, or commander) produced them. Times belong to `npm run bench`; this checks what is loaded.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { loadDeclarations, withSources } from '../../src/ruleSources.js';
import { runCli } from '../support/cli.js';

/** Preloaded hook that prints every module URL the process resolves, one per line on stderr. */
const HOOKS = `export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }`;
const TRACE = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;
const traceArgs = ['--import', `data:text/javascript,${encodeURIComponent(TRACE)}`];

function loadedBy(args: string[]): string[] {
  const r = runCli(args, { nodeArgs: traceArgs });
  expect(r.code, r.stderr).toBe(0);
  return r.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length));
}

describe('start-up', () => {
  for (const args of [
    ['--version'],
    ['rules'],
    ['rules', '--format', 'json'],
    ['explain', 'EGR-001'],
    ['frameworks'],
  ]) {
    it(`${args.join(' ')} loads neither the scan pipeline, the rules' logic nor ajv`, () => {
      const loaded = loadedBy(args);
      expect(loaded.some((url) => url.endsWith('/dist/src/cli.js'))).toBe(true);
      const heavy = loaded.filter((url) =>
        /\/node_modules\/ajv\/|\/dist\/src\/(scan|plan\/|aws\/|report\/)|\/dist\/rules\//.test(url),
      );
      expect(heavy).toEqual([]);
    });
  }

  it('rules and explain answer the same through the shortcut and through commander', async () => {
    const json = runCli(['rules', '--format', 'json']);
    // The prebuilt catalogue holds what the rules and the sources' declarations say, nothing older.
    const expected = withSources(
      allRules.map((r) => r.meta),
      await loadDeclarations(),
    );
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(json.stdout).toBe(runCli(['rules', '--format=json']).stdout);
    expect(runCli(['rules']).stdout).toBe(runCli(['rules', '--format=text']).stdout);
    const explained = runCli(['explain', 'egr-001']);
    expect(explained.stdout).toBe(runCli(['explain', '--', 'egr-001']).stdout);
    expect(explained.stdout).toContain('EGR-001');
    const unknown = runCli(['explain', 'NOP-001']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule id');
  });
});
