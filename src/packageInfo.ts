/**
 * Where the package is installed and its version. Kept apart from everything else so that `--version`, `rules` and
 * `explain` can ask without loading the scan pipeline or ajv.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** dist/src/ at run time, src/ under vitest: the package root is found by walking up to package.json. */
export const packageRoot = ((): string => {
  let dir = here;
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  return dirname(here);
})();

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
