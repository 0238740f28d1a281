import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerify } from '../../src/commands/verify.js';
import type { Manifest } from '../../src/evidence/manifest.js';
import { writeEvidencePackage } from '../../src/evidence/writePackage.js';
import { InputError } from '../../src/input/inputError.js';
import { OUTPUT_FORMATS, renderFormat, type RenderedFile } from '../../src/report/render.js';
import { sampleReport } from '../report/fixtures.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'aga-evidence-'));

function pemPair(kind: 'ed25519' | 'ec' | 'rsa'): { privatePath: string; publicPath: string } {
  const pair =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : kind === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = temp();
  const write = (name: string, key: KeyObject, type: 'pkcs8' | 'spki'): string => {
    const path = join(dir, name);
    writeFileSync(path, key.export({ type, format: 'pem' }));
    return path;
  };
  return {
    privatePath: write('key.pem', pair.privateKey, 'pkcs8'),
    publicPath: write('pub.pem', pair.publicKey, 'spki'),
  };
}

async function allOutputs(): Promise<RenderedFile[]> {
  return (
    await Promise.all(OUTPUT_FORMATS.map((f) => renderFormat(f, sampleReport(), { planPaths: ['plan.json'] })))
  ).flat();
}

function flipOneByte(path: string): void {
  const bytes = readFileSync(path);
  const i = Math.floor(bytes.length / 2);
  bytes[i] = bytes[i] ^ 0x01;
  writeFileSync(path, bytes);
}

describe('evidence package', () => {
  it('writes every output and a manifest of input and output hashes and versions', async () => {
    const dir = join(temp(), 'evidence');
    const files = await allOutputs();
    writeEvidencePackage(dir, files, sampleReport(), {});
    expect(readdirSync(dir).sort()).toEqual([...files.map((f) => f.name), 'manifest.json'].sort());
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.tool).toEqual({ name: 'airgap-audit', version: '0.1.0', rulesVersion: '2026.11' });
    expect(manifest.inputs).toEqual([
      { kind: 'terraform-plan', path: 'plans/my plan.json', sha256: 'a'.repeat(64), bytes: 1234 },
    ]);
    expect(manifest.outputs.map((o) => o.name)).toEqual(files.map((f) => f.name));
    expect(manifest.signature).toBeUndefined();
    expect(runVerify(dir)).toMatchObject({ ok: true });
  });

  it('refuses to overwrite a non-empty file, before writing anything', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'airgap-audit.html'), 'earlier evidence');
    writeFileSync(join(dir, 'airgap-audit.sarif'), '');
    const files = await allOutputs();
    expect(() => writeEvidencePackage(dir, files, sampleReport(), {})).toThrow(InputError);
    expect(readdirSync(dir).sort()).toEqual(['airgap-audit.html', 'airgap-audit.sarif']);
    expect(readFileSync(join(dir, 'airgap-audit.html'), 'utf8')).toBe('earlier evidence');
  });

  it('rejects unsupported keys and output names that leave the directory', async () => {
    const rsa = pemPair('rsa');
    expect(() => writeEvidencePackage(temp(), [], sampleReport(), { signKeyPath: rsa.privatePath })).toThrow(
      /unsupported key type rsa/,
    );
    expect(() => writeEvidencePackage(temp(), [{ name: '../x', content: '' }], sampleReport(), {})).toThrow(InputError);
    expect(() => writeEvidencePackage(temp(), [{ name: 'manifest.json', content: '' }], sampleReport(), {})).toThrow(
      InputError,
    );
  });

  for (const kind of ['ed25519', 'ec'] as const) {
    it(`signs with ${kind} and detects a one-byte change to any file, the manifest and signature included`, async () => {
      const keys = pemPair(kind);
      const files = await allOutputs();
      const names = [...files.map((f) => f.name), 'manifest.json', 'manifest.sig'];
      const fresh = (): string => {
        const dir = join(temp(), 'pkg');
        writeEvidencePackage(dir, files, sampleReport(), { signKeyPath: keys.privatePath });
        return dir;
      };
      const good = fresh();
      expect(readFileSync(join(good, 'manifest.sig'), 'utf8')).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
      const verified = runVerify(good, keys.publicPath);
      expect(verified.ok, verified.lines.join('\n')).toBe(true);
      expect(verified.lines.at(-2)).toMatch(/^ok {3}manifest\.sig: valid (ed25519|ecdsa-p256-sha256) signature/);
      // The private key verifies as well as the public one.
      expect(runVerify(good, keys.privatePath).ok).toBe(true);
      for (const name of names) {
        const dir = fresh();
        flipOneByte(join(dir, name));
        const result = runVerify(dir, keys.publicPath);
        expect(result.ok, `${name} changed but verified:\n${result.lines.join('\n')}`).toBe(false);
      }
      expect(runVerify(good, pemPair(kind).publicPath).ok).toBe(false);
      // Every byte of the signature, its trailing newline included.
      const sigPath = join(good, 'manifest.sig');
      const sig = readFileSync(sigPath);
      for (let i = 0; i < sig.length; i++) {
        const changed = Buffer.from(sig);
        changed[i] ^= 0x01;
        writeFileSync(sigPath, changed);
        expect(runVerify(good, keys.publicPath).ok, `signature byte ${i}`).toBe(false);
      }
    });
  }

  it('detects a one-byte change to any output of an unsigned package, and missing files', async () => {
    const files = await allOutputs();
    for (const file of files) {
      const dir = join(temp(), 'pkg');
      writeEvidencePackage(dir, files, sampleReport(), {});
      flipOneByte(join(dir, file.name));
      const result = runVerify(dir);
      expect(result.ok).toBe(false);
      expect(result.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^FAIL ${file.name.replace(/\./g, '\\.')}: sha256 `)),
      );
    }
    const empty = runVerify(temp());
    expect(empty.ok).toBe(false);
  });

  it('fails a signed package whose signature file is gone, and a key given for an unsigned package', async () => {
    const keys = pemPair('ed25519');
    const dir = join(temp(), 'pkg');
    writeEvidencePackage(dir, await allOutputs(), sampleReport(), { signKeyPath: keys.privatePath });
    writeFileSync(join(dir, 'manifest.sig'), '');
    expect(runVerify(dir, keys.publicPath).ok).toBe(false);
    const unsigned = join(temp(), 'pkg');
    writeEvidencePackage(unsigned, await allOutputs(), sampleReport(), {});
    expect(runVerify(unsigned, keys.publicPath).ok).toBe(false);
    expect(runVerify(unsigned).lines).toContain('unsigned package: hashes checked only');
  });
});
