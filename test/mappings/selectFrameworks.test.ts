/** `--framework ID[,ID]` selection. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/inputError.js';
import { loadMappings } from '../../src/mappings/loadMappings.js';
import { selectFrameworks } from '../../src/mappings/selectFrameworks.js';
import { knownRuleIds } from './helpers.js';

describe('selectFrameworks', () => {
  const mappings = loadMappings({ knownRuleIds });

  it('selects all when no id is given', () => {
    expect(selectFrameworks(mappings, undefined)).toHaveLength(7);
    expect(selectFrameworks(mappings, [])).toHaveLength(7);
  });

  it('keeps mapping order whatever order the ids come in', () => {
    expect(selectFrameworks(mappings, ['nist-800-171-r2', 'cmmc-2.0-l2']).map((m) => m.id)).toEqual([
      'cmmc-2.0-l2',
      'nist-800-171-r2',
    ]);
  });

  it('refuses unknown ids, naming each', () => {
    expect(() => selectFrameworks(mappings, ['nis2', 'pci', 'iso'])).toThrow(InputError);
    expect(() => selectFrameworks(mappings, ['nis2', 'pci', 'iso'])).toThrow(
      /^--framework: unknown framework "pci", "iso"; /,
    );
  });
});
