/**
 * YAML for the integration tests, read by PyYAML (which moto's server extra brings, so the suite already has
 * it): the action, hook and template files are tested as CI systems read them, not through a hand parser.
 */
import { spawnSync } from 'node:child_process';

export function readYaml(file: string): unknown {
  const r = spawnSync(
    'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1], encoding="utf-8")), sys.stdout)', file],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`cannot read ${file} as YAML: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
