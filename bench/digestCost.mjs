// The hashing worker's cost on one file: SHA-256 alone against SHA-256 plus the nesting-depth scan (the WebAssembly
// SIMD scan it uses by default, and the JavaScript loop it falls back to), in wall and CPU milliseconds (the minimum
// of a few runs). `node bench/digestCost.mjs FILE [dist/src/input/fileDigest.js]` compares
// builds; run.mjs calls measureDigest for the report.
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DEFAULT_MODULE = new URL('../dist/src/input/fileDigest.js', import.meta.url).href;

export async function measureDigest(file, { modulePath = DEFAULT_MODULE, runs = 3 } = {}) {
  const { startFileDigest } = await import(modulePath);
  const once = async (measureDepth, depthScan) => {
    const fd = openSync(file, 'r');
    const cpu = process.cpuUsage();
    const started = performance.now();
    try {
      await startFileDigest(fd, { measureDepth, depthScan }).result;
    } finally {
      closeSync(fd);
    }
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  const best = async (measureDepth, depthScan) => {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await once(measureDepth, depthScan));
    return {
      ms: Math.round(Math.min(...samples.map((s) => s.ms))),
      cpuMs: Math.round(Math.min(...samples.map((s) => s.cpuMs))),
    };
  };
  const hashOnly = await best(false);
  const withDepth = await best(true);
  const withByteLoop = await best(true, 'bytes');
  return {
    hashOnly,
    withDepth,
    withByteLoop,
    depthScanMs: withDepth.ms - hashOnly.ms,
    depthScanCpuMs: withDepth.cpuMs - hashOnly.cpuMs,
    byteLoopCpuMs: withByteLoop.cpuMs - hashOnly.cpuMs,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, module] = process.argv.slice(2);
  const modulePath = module ? pathToFileURL(resolve(module)).href : DEFAULT_MODULE;
  console.log(JSON.stringify(await measureDigest(file, { modulePath, runs: 5 })));
}
