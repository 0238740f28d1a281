/**
 * The tool's own air gap: `npm pack` yields one tarball (dependencies bundled) that installs with
 * the registry unreachable and an empty cache, and the installed command scans a plan.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('offline install', () => {
  it('installs from the packed tarball with no registry and runs', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'airgap-offline-'));
    // dist/ is already built by the test command; packing must not rebuild or fetch anything.
    const pack = spawnSync(npm, ['pack', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const consumer = join(tmp, 'consumer');
    spawnSync('mkdir', ['-p', consumer]);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    const install = spawnSync(
      npm,
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--cache',
        join(tmp, 'empty-cache'),
        '--registry',
        'http://127.0.0.1:9',
        join(tmp, tarball as string),
      ],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(install.status, install.stderr).toBe(0);
    const bin = join(consumer, 'node_modules', '.bin', 'airgap-audit');
    const scan = spawnSync(
      bin,
      [
        'scan',
        join(repoRoot, 'fixtures', 'examples', 'bedrock-airgapped.plan.json'),
        '--config',
        join(repoRoot, 'fixtures', 'examples', 'airgap-audit.config.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(0);
    expect(scan.stdout).toMatch(/0 failed/);
  }, 600_000);
});
