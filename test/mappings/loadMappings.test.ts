/** `--mappings DIR`: user files load beside the shipped ones; every kind of bad mapping is an InputError naming it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/inputError.js';
import { loadMappings } from '../../src/mappings/loadMappings.js';
import { knownRuleIds, mappingsDir, userMapping } from './helpers.js';

/** Runs the loader on a user directory and returns the InputError it must throw. */
function loadError(files: Record<string, unknown>): { error: InputError; dir: string } {
  const dir = mappingsDir(files);
  try {
    loadMappings({ extraDir: dir, knownRuleIds });
  } catch (error) {
    if (error instanceof InputError) return { error, dir };
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('loadMappings with --mappings DIR', () => {
  it('adds a valid user framework after the shipped ones', () => {
    const dir = mappingsDir({ 'acme.json': userMapping() });
    const mappings = loadMappings({ extraDir: dir, knownRuleIds });
    const last = mappings[mappings.length - 1];
    expect(last?.id).toBe('acme-baseline');
    expect(last?.origin).toBe('user');
    expect(last?.file).toBe(join(dir, 'acme.json'));
    expect(mappings.filter((m) => m.origin === 'shipped')).toHaveLength(7);
  });

  it('ignores files that are not .json and accepts a byte-order mark', () => {
    const dir = mappingsDir({ 'README.md': '# notes', 'acme.json': `\uFEFF${JSON.stringify(userMapping())}` });
    expect(loadMappings({ extraDir: dir, knownRuleIds }).map((m) => m.id)).toContain('acme-baseline');
  });

  it('a duplicate control id names the file and the control', () => {
    const controls = [
      { id: 'NW-1', title: 'One', rules: ['NET-001'], rationale: 'x' },
      { id: 'NW-1', title: 'Two', rules: 'manual', rationale: 'y' },
    ];
    const { error, dir } = loadError({ 'dup.json': userMapping({ controls }) });
    expect(error.file).toBe(join(dir, 'dup.json'));
    expect(error.problem).toBe('control NW-1: duplicate control id');
  });

  it('an unknown rule id names the file, the control and the rule', () => {
    const controls = [{ id: 'NW-7', title: 'Typo', rules: ['NET-001', 'NET-0O4'], rationale: 'x' }];
    const { error, dir } = loadError({ 'typo.json': userMapping({ controls }) });
    expect(error.file).toBe(join(dir, 'typo.json'));
    expect(error.problem).toBe('control NW-7: unknown rule id "NET-0O4"');
    expect(error.message).toContain('typo.json: control NW-7');
  });

  it('a schema violation inside a control names the file and the control by id', () => {
    const controls = [
      { id: 'NW-1', title: 'Fine', rules: ['NET-001'], rationale: 'x' },
      { id: 'NW-2', title: 'Misspelt manual', rules: 'manul', rationale: 'x' },
    ];
    const { error, dir } = loadError({ 'bad.json': userMapping({ controls }) });
    expect(error.file).toBe(join(dir, 'bad.json'));
    expect(error.problem).toBe('control NW-2 rules: must be a non-empty list of distinct rule ids or "manual"');
  });

  it('an empty rule list is a schema violation', () => {
    const controls = [{ id: 'NW-3', title: 'Nothing', rules: [], rationale: 'x' }];
    expect(loadError({ 'empty.json': userMapping({ controls }) }).error.problem).toMatch(/^control NW-3 rules: /);
  });

  it('a missing field of a control names the control', () => {
    const controls = [{ id: 'NW-4', title: 'No rationale', rules: ['NET-001'] }];
    expect(loadError({ 'norat.json': userMapping({ controls }) }).error.problem).toBe(
      "control NW-4: must have required property 'rationale'",
    );
  });

  it('a control without an id is named by its position', () => {
    const controls = [{ title: 'Anonymous', rules: 'manual', rationale: 'x' }];
    expect(loadError({ 'anon.json': userMapping({ controls }) }).error.problem).toBe(
      "control #1 (/controls/0): must have required property 'id'",
    );
  });

  it('a multi-line rationale is refused', () => {
    const controls = [{ id: 'NW-5', title: 'Wordy', rules: 'manual', rationale: 'one\ntwo' }];
    expect(loadError({ 'wordy.json': userMapping({ controls }) }).error.problem).toMatch(/^control NW-5 rationale: /);
  });

  it('a framework-level schema violation names the path', () => {
    const { error } = loadError({ 'nosrc.json': userMapping({ source: { title: 'x', publisher: 'y' } }) });
    expect(error.problem).toBe("/source: must have required property 'url'");
  });

  it('a framework id that a shipped file already uses names both files', () => {
    const { error, dir } = loadError({ 'mine.json': userMapping({ id: 'nis2' }) });
    expect(error.file).toBe(join(dir, 'mine.json'));
    expect(error.problem).toBe('framework id "nis2" is already defined by mappings/nis2.json');
  });

  it('two user files with one framework id are refused', () => {
    const { error, dir } = loadError({ 'a.json': userMapping(), 'b.json': userMapping() });
    expect(error.file).toBe(join(dir, 'b.json'));
    expect(error.problem).toBe(`framework id "acme-baseline" is already defined by ${join(dir, 'a.json')}`);
  });

  it('malformed JSON is an InputError, not a crash', () => {
    const { error } = loadError({ 'broken.json': '{"id": "x",' });
    expect(error.problem).toMatch(/^not a readable JSON file: /);
  });

  it('a missing directory is an InputError naming it', () => {
    const missing = join(mappingsDir({}), 'nope');
    expect(() => loadMappings({ extraDir: missing, knownRuleIds })).toThrow(InputError);
    expect(() => loadMappings({ extraDir: missing, knownRuleIds })).toThrow(
      `${missing}: cannot read the mappings directory`,
    );
  });

  it('a shipped rule id unknown to the caller is refused, so a catalogue change cannot leave dangling mappings', () => {
    const withoutNet001 = new Set([...knownRuleIds].filter((id) => id !== 'NET-001'));
    expect(() => loadMappings({ knownRuleIds: withoutNet001 })).toThrow(
      /^mappings\/[a-z0-9.-]+\.json: control .+: unknown rule id "NET-001"$/,
    );
  });
});
