/**
 * Through the built CLI (`npm test` builds first): a real corpus plan with planted canary secrets is scanned
 * into a signed evidence package with every file format; the outputs validate against their schemas, leak
 * no canary, and `verify` passes, then fails once a byte changes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorsOf, oscalValidators, sarifValidator } from './validators.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli.js');
const CANARY = 'CANARY-7f3a9c-do-not-print';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Put the canary at every path `after_sensitive` marks, known or not (this plan's sensitive values are
 * unknown at plan time, so the value is added and its `after_unknown` flag cleared).
 */
function plantAtSensitive(after: Json, sensitive: Json, unknown: Json): void {
  const containers: Array<[Json, Json, Json]> = [[after, sensitive, unknown]];
  while (containers.length) {
    const [value, marks, unknowns] = containers.pop() as [Json, Json, Json];
    if (Array.isArray(value) && Array.isArray(marks)) {
      marks.forEach((m, i) => {
        if (m === true) value[i] = CANARY;
        else containers.push([value[i], m, Array.isArray(unknowns) ? unknowns[i] : false]);
      });
    } else if (isObject(value) && isObject(marks)) {
      for (const [k, m] of Object.entries(marks)) {
        if (m === true) {
          value[k] = CANARY;
          if (isObject(unknowns)) delete unknowns[k];
        } else containers.push([value[k] ?? null, m, isObject(unknowns) ? (unknowns[k] ?? false) : false]);
      }
    }
  }
}

function cannedPlan(dir: string): string {
  const plan = JSON.parse(
    readFileSync(join(root, 'fixtures', 'corpus', 'tfc__lambda-iam-sg-update-delete-sensitive.json'), 'utf8'),
  ) as { [key: string]: Json };
  const changes = plan.resource_changes as Array<{
    change: { after: Json; after_sensitive: Json; after_unknown: Json };
  }>;
  for (const rc of changes) plantAtSensitive(rc.change.after, rc.change.after_sensitive, rc.change.after_unknown);
  plan.variables = { ...(plan.variables as object), canary_variable: { value: CANARY } };
  plan.output_changes = {
    ...(plan.output_changes as object),
    canary_output: {
      actions: ['create'],
      before: null,
      after: CANARY,
      after_unknown: false,
      before_sensitive: false,
      after_sensitive: false,
    },
  };
  const file = join(dir, 'plan.json');
  const text = JSON.stringify(plan);
  // At least the Lambda environment variable, the SSM parameter value, the variable and the output.
  if (text.split(CANARY).length - 1 < 4) throw new Error('the canary was not planted where the plan is sensitive');
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!existsSync(cli))('end to end through the CLI', () => {
  it('writes a signed evidence package whose outputs validate, leak nothing and verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aga-e2e-'));
    const plan = cannedPlan(dir);
    const keys = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'pub.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const out = join(dir, 'evidence');
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1795000000', NO_COLOR: '1' };
    const scan = spawnSync(
      process.execPath,
      [
        cli,
        'scan',
        plan,
        '--format',
        'sarif,junit,markdown,html,oscal',
        '--output-dir',
        out,
        '--sign',
        join(dir, 'key.pem'),
        '--fail-on',
        'none',
      ],
      { cwd: dir, env, encoding: 'utf8' },
    );
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(0);

    const names = readdirSync(out).sort();
    expect(names).toEqual([
      'airgap-audit.html',
      'airgap-audit.junit.xml',
      'airgap-audit.md',
      'airgap-audit.sarif',
      'manifest.json',
      'manifest.sig',
      'oscal-assessment-plan.json',
      'oscal-assessment-results.json',
      'oscal-catalog-cbn-rbcf-2024.json',
      'oscal-catalog-cmmc-2.0-l2.json',
      'oscal-catalog-gdpr-art32.json',
      'oscal-catalog-hipaa-164.312.json',
      'oscal-catalog-ndpa-2023.json',
      'oscal-catalog-nis2.json',
      'oscal-catalog-nist-800-171-r2.json',
      'oscal-poam.json',
      'oscal-profile.json',
    ]);
    for (const name of names) expect(readFileSync(join(out, name), 'utf8'), name).not.toContain(CANARY);

    const sarif = sarifValidator();
    expect(sarif(JSON.parse(readFileSync(join(out, 'airgap-audit.sarif'), 'utf8'))), errorsOf(sarif)).toBe(true);
    const oscal = oscalValidators();
    expect(
      oscal.ar(JSON.parse(readFileSync(join(out, 'oscal-assessment-results.json'), 'utf8'))),
      errorsOf(oscal.ar),
    ).toBe(true);
    expect(
      oscal.ap(JSON.parse(readFileSync(join(out, 'oscal-assessment-plan.json'), 'utf8'))),
      errorsOf(oscal.ap),
    ).toBe(true);
    expect(oscal.poam(JSON.parse(readFileSync(join(out, 'oscal-poam.json'), 'utf8'))), errorsOf(oscal.poam)).toBe(true);

    const ok = execFileSync(process.execPath, [cli, 'verify', out, '--key', join(dir, 'pub.pem')], {
      encoding: 'utf8',
    });
    expect(ok).toMatch(/verified\n$/);

    // Same input, same epoch: the same bytes (a second package beside the first).
    const again = join(dir, 'again');
    spawnSync(
      process.execPath,
      [cli, 'scan', plan, '--format', 'sarif,junit,markdown,html,oscal', '--output-dir', again, '--fail-on', 'none'],
      { cwd: dir, env },
    );
    for (const name of names.filter((n) => !n.startsWith('manifest')))
      expect(readFileSync(join(again, name)).equals(readFileSync(join(out, name))), name).toBe(true);

    const html = join(out, 'airgap-audit.html');
    const bytes = readFileSync(html);
    bytes[100] ^= 0x20;
    writeFileSync(html, bytes);
    const tampered = spawnSync(process.execPath, [cli, 'verify', out, '--key', join(dir, 'pub.pem')], {
      encoding: 'utf8',
    });
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('FAIL airgap-audit.html: sha256');
  }, 60_000);
});
