/**
 * The release tarball carries a CycloneDX SBOM of the tool's runtime dependencies (scripts/sbom.mjs from
 * `npm sbom`, written at pack time), valid against the official CycloneDX 1.5 schema, naming every bundled
 * runtime dependency at its pinned version and no development dependency, and reproducible under
 * SOURCE_DATE_EPOCH. `--version` names the tool and the rule set.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { packedTarball } from '../support/tarball.js';

const addFormats = addFormatsModule.default;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function schema(name: string, id?: string): Record<string, unknown> {
  const s = JSON.parse(readFileSync(join(repoRoot, 'test', 'schemas', 'cyclonedx', name), 'utf8')) as Record<
    string,
    unknown
  >;
  // The bom schema refers to its neighbours by their file names: register them under those.
  return id ? { ...s, $id: id } : s;
}

function cyclonedxValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // ajv-formats has no IRI or internationalised e-mail check: those two formats are accepted unchecked.
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  ajv.addSchema(schema('spdx.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json'));
  ajv.addSchema(schema('jsf-0.82.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json'));
  return ajv.compile(schema('bom-1.5.SNAPSHOT.schema.json'));
}

/** name@version of every package under a node_modules tree, nested ones included. */
function bundledPackages(nodeModules: string): Set<string> {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      const names = entry.startsWith('@') ? readdirSync(join(dir, entry)).map((n) => join(entry, n)) : [entry];
      for (const name of names) {
        const manifest = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
        };
        found.add(`${manifest.name}@${manifest.version}`);
        visit(join(dir, name, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return found;
}

interface Bom {
  specVersion: string;
  metadata: { component: { name: string; version: string } };
  components: { name: string; version: string; scope?: string }[];
}

describe('SBOM in the release tarball', () => {
  it('is a valid CycloneDX document of exactly the runtime dependencies', async () => {
    const tarball = await packedTarball();
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(list.stdout.split('\n')).toContain('package/sbom.cdx.json');
    const text = spawnSync('tar', ['-xzOf', tarball, 'package/sbom.cdx.json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).stdout;
    const bom = JSON.parse(text) as Bom;
    const validate = cyclonedxValidator();
    expect(validate(bom), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(bom.specVersion).toBe('1.5');
    expect(bom.metadata.component).toMatchObject({ name: 'airgap-audit', version: pkg.version });
    const versions = new Map(bom.components.map((c) => [`${c.name}`, c.version]));
    for (const [name, version] of Object.entries(pkg.dependencies)) expect(versions.get(name), name).toBe(version);
    for (const name of Object.keys(pkg.devDependencies)) expect(versions.has(name), name).toBe(false);
    // Exactly the packages the tarball bundles (what runs inside the boundary), nothing else.
    const dir = mkdtempSync(join(tmpdir(), 'airgap-sbom-'));
    const unpack = spawnSync('tar', ['-xzf', tarball, '-C', dir]);
    expect(unpack.status).toBe(0);
    expect(new Set(bom.components.map((c) => `${c.name}@${c.version}`))).toEqual(
      bundledPackages(join(dir, 'package', 'node_modules')),
    );
  }, 600_000);

  it('is byte-identical between two runs with SOURCE_DATE_EPOCH set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airgap-sbom-'));
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };
    for (const out of ['a.json', 'b.json']) {
      const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'sbom.mjs'), join(dir, out)], { env });
      expect(r.status, String(r.stderr)).toBe(0);
    }
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(a);
    expect(JSON.parse(a).metadata.timestamp).toBe('2026-01-01T00:00:00.000Z');
    const validate = cyclonedxValidator();
    expect(validate(JSON.parse(a)), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  }, 120_000);
});

describe('bundled dependencies', () => {
  it('bundles every runtime dependency, so an offline install can load every collector', () => {
    // A dependency left out of bundleDependencies is absent from the release tarball: `scan --aws` from an
    // offline install would fail to load the collector that imports it.
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      bundleDependencies: string[];
    };
    expect([...manifest.bundleDependencies].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});

describe('--version', () => {
  it('prints the tool and rule-set versions, on the fast path and through the command parser', () => {
    const line = `airgap-audit ${pkg.version} (rules ${pkg.version})\n`;
    expect(runCli(['--version']).stdout).toBe(line);
    expect(runCli(['-V']).stdout).toBe(line);
    expect(runCli(['--version', 'scan']).stdout).toBe(line);
  });
});
