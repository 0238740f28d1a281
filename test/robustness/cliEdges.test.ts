/**
 * Edges of the CLI the robustness review found: `verify` on a directory that is not there is a usage
 * error (exit 2), and a FIFO named `main.tf` under `--tf-root` is skipped rather than read forever.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

describe('CLI edges', () => {
  it('verify on a missing directory exits 2 with one line', () => {
    const r = runCli(['verify', '/nonexistent/evidence']);
    expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({
      code: 2,
      stderr: 'airgap-audit: /nonexistent/evidence: no such directory',
    });
  });

  it('skips a FIFO in --tf-root instead of blocking on it', () => {
    const root = mkdtempSync(join(tmpdir(), 'tf-root-fifo-'));
    execFileSync('mkfifo', [join(root, 'main.tf')]);
    const plan = join(repoRoot, 'fixtures', 'examples', 'bedrock-looks-private.plan.json');
    const started = Date.now();
    const r = runCli(['scan', plan, '--format', 'sarif', '--tf-root', root]);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).version).toBe('2.1.0');
    expect(Date.now() - started).toBeLessThan(25_000);
  });
});
