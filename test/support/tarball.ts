/**
 * The release tarball, packed once per vitest run and shared by every test that needs it (offline install,
 * integrations, SBOM). The first caller packs under a directory lock; the others wait for its result.
 * Packing is what a release does: the SBOM (prepack) then `npm pack` with dist/ already built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { repoRoot } from './cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function pack(dir: string): string {
  const sbom = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'sbom.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (sbom.status !== 0) throw new Error(`scripts/sbom.mjs failed: ${sbom.stderr}`);
  // --ignore-scripts: dist/ is already built by the test command and must not be rebuilt under running tests.
  const r = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string }[];
  if (!info) throw new Error('npm pack named no tarball');
  return join(dir, info.filename);
}

/** Absolute path of the packed `airgap-audit-<version>.tgz`. */
export async function packedTarball(): Promise<string> {
  const dir = inject('packDir');
  const done = join(dir, 'tarball.txt');
  const failed = join(dir, 'failed.txt');
  let owner = false;
  try {
    mkdirSync(join(dir, 'lock'));
    owner = true;
  } catch {
    // another test file is packing
  }
  if (owner) {
    try {
      writeFileSync(done, pack(dir));
    } catch (err) {
      writeFileSync(failed, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (existsSync(failed)) throw new Error(`packing failed in another test: ${readFileSync(failed, 'utf8')}`);
    if (existsSync(done)) return readFileSync(done, 'utf8');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('timed out waiting for the packed tarball');
}

/** Installs the tarball into a fresh project with the registry unreachable and an empty cache; returns its bin. */
export function installOffline(tarball: string, consumer: string, cache: string): string {
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const install = spawnSync(
    npm,
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--cache',
      cache,
      '--registry',
      'http://127.0.0.1:9',
      tarball,
    ],
    { cwd: consumer, encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`offline install failed: ${install.stderr}`);
  return join(consumer, 'node_modules', '.bin', 'airgap-audit');
}
