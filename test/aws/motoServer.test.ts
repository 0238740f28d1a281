/**
 * The moto harness keeps answering while the test process is blocked in a CLI run: moto writes a log line per
 * request, and a log nobody drains must not stop it (through a pipe it did after about a thousand requests).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startMoto, type Moto } from './motoServer.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
});

it('answers 100 requests made while this process is blocked, whose log lines add up to 400 kB', () => {
  // Each request line is logged whole: 4,000 characters of padding make 100 of them far more than a pipe holds.
  const script = `
    const pad = 'x'.repeat(4000);
    for (let i = 0; i < 100; i++) {
      const res = await fetch(process.argv[1] + '/moto-api/data.json?pad=' + pad + i, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error('request ' + i + ': HTTP ' + res.status);
      await res.arrayBuffer();
    }
    process.stdout.write('100 answered');
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, moto.url], {
    encoding: 'utf8',
    timeout: 80_000,
  });
  expect(r.stdout, r.stderr).toBe('100 answered');
});
