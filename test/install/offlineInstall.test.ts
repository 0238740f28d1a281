/**
 * The tool's own air gap: the release tarball (dependencies bundled) installs with the registry
 * unreachable and an empty cache, and the installed command scans a plan. The tarball is packed once per
 * run and shared with the other tests that install it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { installOffline, packedTarball } from '../support/tarball.js';

describe('offline install', () => {
  it('installs from the packed tarball with no registry and runs', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'airgap-offline-'));
    const bin = installOffline(await packedTarball(), join(tmp, 'consumer'), join(tmp, 'empty-cache'));
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
