#!/usr/bin/env node
/**
 * Writes sbom.cdx.json: the CycloneDX SBOM of the tool's runtime dependencies (what the release tarball
 * bundles), from `npm sbom`. Two corrections keep it true and reproducible: npm names the root component
 * after the checkout's folder, so it is renamed to the package's name; with SOURCE_DATE_EPOCH set, the
 * timestamp comes from it and the serial number is derived from the content, so two packs give the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args) => execFileSync(npm, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
// `npm sbom --omit dev` leaves out runtime packages that a development dependency also needs (ajv, tslib):
// take the whole tree and keep exactly what a production install has (`npm ls --omit dev`).
const bom = JSON.parse(run(['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application']));
const production = new Set(
  run(['ls', '--omit', 'dev', '--all', '--parseable', '--long'])
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.slice(line.indexOf(':', line.indexOf('node_modules')) + 1)),
);
bom.components = bom.components.filter((c) => production.has(`${c.name}@${c.version}`));
const kept = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
bom.dependencies = bom.dependencies
  .filter((d) => kept.has(d.ref))
  .map((d) => ({ ...d, dependsOn: (d.dependsOn ?? []).filter((ref) => kept.has(ref)) }));
bom.metadata.component.name = pkg.name;
const epoch = process.env.SOURCE_DATE_EPOCH;
if (epoch && /^\d+$/.test(epoch)) {
  bom.metadata.timestamp = new Date(Number(epoch) * 1000).toISOString();
  delete bom.serialNumber;
  const h = createHash('sha256').update(JSON.stringify(bom)).digest('hex');
  // RFC 4122 shape (version 5 style bits) so the schema's urn:uuid pattern holds.
  bom.serialNumber = `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const out = process.argv[2] ?? join(root, 'sbom.cdx.json');
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
