import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Waiver } from '../../src/config/config.js';
import type { Finding } from '../../src/engine/types.js';
import { InputError } from '../../src/input/inputError.js';
import { applyWaivers, waiverMatches } from '../../src/waivers/applyWaivers.js';
import { isCalendarDate, loadWaivers } from '../../src/waivers/loadWaivers.js';

function f(ruleId: string, address: string, status: Finding['status'] = 'fail'): Finding {
  return {
    ruleId,
    status,
    severity: 'high',
    fingerprint: `${ruleId}:${address}`,
    resource: { address, type: 't' },
    message: 'm',
    evidence: [],
    controls: [],
  };
}
const w = (ruleId: string, resource: string, expires = '2027-01-01'): Waiver => ({
  ruleId,
  resource,
  reason: 'because',
  owner: 'team',
  expires,
});

function writeTemp(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'aga-waivers-')), 'waivers.json');
  writeFileSync(file, content);
  return file;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('waivers file', () => {
  it('accepts an array or { waivers: [...] }, with a BOM', () => {
    const list = [w('NET-001', 'aws_internet_gateway.main')];
    expect(loadWaivers(writeTemp(JSON.stringify(list)))).toEqual(list);
    expect(loadWaivers(writeTemp(`\uFEFF${JSON.stringify({ waivers: list })}`))).toEqual(list);
  });

  it('rejects bad files with InputError naming the file and the problem', () => {
    const missing = inputError(() => loadWaivers('/nonexistent/waivers.json'));
    expect(missing.message).toBe('/nonexistent/waivers.json: no such file');
    const file = writeTemp('{ not json');
    expect(inputError(() => loadWaivers(file)).message).toMatch(/^.*waivers\.json: not valid JSON/);
    expect(inputError(() => loadWaivers(writeTemp(JSON.stringify([{ ...w('NET-001', 'x'), extra: 1 }])))).problem).toBe(
      'invalid waivers at 0: unknown key "extra"',
    );
    expect(inputError(() => loadWaivers(writeTemp(JSON.stringify([{ ...w('net-1', 'x') }])))).problem).toMatch(
      /^invalid waivers at 0\.ruleId: must match pattern/,
    );
    expect(
      inputError(() => loadWaivers(writeTemp(JSON.stringify({ waivers: [{ ruleId: 'NET-001' }] })))).problem,
    ).toMatch(/^invalid waivers at waivers\.0: must have required property/);
    expect(inputError(() => loadWaivers(writeTemp(JSON.stringify([w('NET-001', 'x', '2026-02-30')])))).problem).toBe(
      'invalid waivers at 0.expires: "2026-02-30" is not a calendar date',
    );
    expect(inputError(() => loadWaivers(writeTemp('"x"'))).problem).toBe(
      'invalid waivers at (top level): expected an array of waivers or an object with a "waivers" array',
    );
  });

  it('has the same item shape as the config schema', () => {
    const read = (name: string) =>
      JSON.parse(readFileSync(fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url)), 'utf8')) as {
        definitions: { waiver: unknown };
      };
    expect(read('waivers.schema.json').definitions.waiver).toEqual(read('config.schema.json').definitions.waiver);
  });

  it('checks calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
  });
});

describe('applyWaivers', () => {
  const findings = [
    f('NET-001', 'aws_internet_gateway.main'),
    f('NET-001', 'module.net.aws_internet_gateway.gw["a"]'),
    f('KMS-004', 'aws_kms_key.k', 'pass'),
    f('AUD-004', 'aws_s3_bucket.audit', 'not-assessed'),
  ];

  it('waives matching non-pass findings and reports applied, expired and stale waivers', () => {
    const waivers = [
      w('NET-001', 'module.**'),
      w('AUD-004', 'aws_s3_bucket.*', '2026-11-27'),
      w('KMS-004', 'aws_kms_key.k'),
      w('NET-001', 'aws_vpc.none'),
    ];
    const { findings: out, statuses } = applyWaivers(findings, waivers, '2026-11-28', false);
    expect(out.map((x) => x.status)).toEqual(['fail', 'waived', 'pass', 'not-assessed']);
    expect(out[1].waiver).toEqual({ reason: 'because', owner: 'team', expires: '2027-01-01' });
    expect(statuses.map((s) => [s.state, s.matched])).toEqual([
      ['applied', 1],
      ['expired', 1],
      ['stale', 0],
      ['stale', 0],
    ]);
    expect(findings[1].status).toBe('fail');
  });

  it('keeps a waiver valid through its expiry day', () => {
    const { findings: out, statuses } = applyWaivers(
      findings,
      [w('AUD-004', 'aws_s3_bucket.audit', '2026-11-28')],
      '2026-11-28',
      false,
    );
    expect(out[3].status).toBe('waived');
    expect(statuses[0].state).toBe('applied');
  });

  it('with ignore, leaves findings as they are and still lists statuses', () => {
    const { findings: out, statuses } = applyWaivers(findings, [w('NET-001', '**')], '2026-11-28', true);
    expect(out).toEqual(findings);
    expect(statuses).toEqual([{ waiver: w('NET-001', '**'), state: 'applied', matched: 2 }]);
  });

  it('matches globs by address step, and every instance of a resource named without its key', () => {
    expect(waiverMatches(w('NET-001', 'aws_internet_gateway.*'), f('NET-001', 'aws_internet_gateway.main'))).toBe(true);
    expect(waiverMatches(w('NET-001', '*'), f('NET-001', 'aws_internet_gateway.main'))).toBe(false);
    expect(
      waiverMatches(
        w('NET-001', 'module.net.aws_internet_gateway.gw'),
        f('NET-001', 'module.net.aws_internet_gateway.gw["a"]'),
      ),
    ).toBe(true);
    expect(
      waiverMatches(
        w('NET-001', 'module.net.aws_internet_gateway.gw["b"]'),
        f('NET-001', 'module.net.aws_internet_gateway.gw["a"]'),
      ),
    ).toBe(false);
    expect(waiverMatches(w('NET-002', '**'), f('NET-001', 'x'))).toBe(false);
  });

  it('lets the first matching waiver take a finding', () => {
    const { statuses } = applyWaivers(
      [f('NET-001', 'a.b')],
      [w('NET-001', 'a.b'), w('NET-001', '**')],
      '2026-01-01',
      false,
    );
    expect(statuses.map((s) => s.state)).toEqual(['applied', 'stale']);
  });
});
