import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const preload = join(repoRoot, 'test', 'support', 'denyNetwork.mjs');

describe('a plan scan opens no network connection', () => {
  it('scans every corpus plan in every format with all network entry points denied, and tries none', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'airgap-net-'));
    const attemptsFile = join(tmp, 'attempts.json');
    const corpus = readdirSync(join(repoRoot, 'fixtures', 'corpus'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(repoRoot, 'fixtures', 'corpus', f));
    const r = runCli(
      [
        'scan',
        ...corpus,
        '--format',
        'text,json,sarif,junit,markdown,html,oscal',
        '--output-dir',
        join(tmp, 'evidence'),
      ],
      {
        nodeArgs: ['--import', preload],
        env: { NETWORK_ATTEMPTS_FILE: attemptsFile },
      },
    );
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(readFileSync(attemptsFile, 'utf8'))).toEqual([]);
  });

  it('the preload really denies: a deliberate connection and a lookup are recorded', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'airgap-net-'));
    const attemptsFile = join(tmp, 'attempts.json');
    spawnSync(
      process.execPath,
      [
        '--import',
        preload,
        '-e',
        "try { require('node:dns').lookup('example.com', () => {}); } catch {} require('node:net').connect(9, '127.0.0.1');",
      ],
      {
        env: { ...process.env, NETWORK_ATTEMPTS_FILE: attemptsFile },
      },
    );
    expect(JSON.parse(readFileSync(attemptsFile, 'utf8'))).toEqual(['dns.lookup', 'net.connect']);
  });
});
