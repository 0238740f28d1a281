/**
 * Finds the `.tf` file and line that declare a resource, so SARIF results annotate the pull request where
 * the resource is written. Reads only `.tf` files under the Terraform root (never the plan) and follows
 * local module sources (`./modules/x`); a resource inside a registry or git module points at the
 * `module "x"` block that calls it, the nearest line the user controls.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SourceLocation {
  /** Absolute path of the `.tf` file. */
  file: string;
  /** 1-based line of the block header. */
  line: number;
}

interface DirectoryIndex {
  /** `resource.TYPE.NAME` / `data.TYPE.NAME` / `module.NAME` -> where it is declared. */
  blocks: Map<string, SourceLocation>;
  /** Module call name -> its `source` argument. */
  moduleSources: Map<string, string>;
}

const BLOCK_HEADER = /^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"\s*\{?/;
const MODULE_HEADER = /^\s*module\s+"([^"]+)"\s*\{?/;
const SOURCE_ARG = /^\s*source\s*=\s*"([^"]+)"/;

/** Split an address on dots outside `[...]` and quotes, dropping instance keys: `module.a["x.y"].t.n[0]` -> a, t, n. */
export function addressParts(address: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0 && c === '.') {
      parts.push(current);
      current = '';
    } else if (depth === 0) current += c;
  }
  parts.push(current);
  return parts;
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

export class TerraformSourceIndex {
  private readonly dirs = new Map<string, DirectoryIndex>();

  constructor(
    private readonly root: string,
    /** Module address -> source, from the plan's configuration; wins over what the `.tf` files say. */
    private readonly planModuleSources: Record<string, string> = {},
  ) {}

  /** The root module's file: `main.tf` when present, else the first `.tf` file by name; undefined when none. */
  rootModuleFile(): string | undefined {
    const dir = resolve(this.root);
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith('.tf'))
        .sort();
    } catch {
      return undefined;
    }
    const name = names.includes('main.tf') ? 'main.tf' : names[0];
    return name === undefined ? undefined : join(dir, name);
  }

  locate(address: string): SourceLocation | undefined {
    const parts = addressParts(address);
    let dir: string | undefined = resolve(this.root);
    let moduleAddress = '';
    let callSite: SourceLocation | undefined;
    let i = 0;
    while (parts[i] === 'module' && i + 1 < parts.length) {
      const name = parts[i + 1];
      moduleAddress = moduleAddress ? `${moduleAddress}.module.${name}` : `module.${name}`;
      if (dir) {
        const index = this.index(dir);
        callSite = index.blocks.get(`module.${name}`) ?? callSite;
        const source = this.planModuleSources[moduleAddress] ?? index.moduleSources.get(name);
        dir = source !== undefined && isLocalSource(source) ? resolve(dir, source) : undefined;
      }
      i += 2;
    }
    const rest = parts.slice(i);
    if (rest.length === 0) return callSite;
    const key =
      rest[0] === 'data' && rest.length === 3
        ? `data.${rest[1]}.${rest[2]}`
        : rest.length === 2
          ? `resource.${rest[0]}.${rest[1]}`
          : undefined;
    if (key === undefined) return undefined;
    return (dir ? this.index(dir).blocks.get(key) : undefined) ?? callSite;
  }

  private index(dir: string): DirectoryIndex {
    let index = this.dirs.get(dir);
    if (!index) {
      index = scanDirectory(dir);
      this.dirs.set(dir, index);
    }
    return index;
  }
}

function scanDirectory(dir: string): DirectoryIndex {
  const index: DirectoryIndex = { blocks: new Map(), moduleSources: new Map() };
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.tf'))
      .sort();
  } catch {
    return index;
  }
  for (const name of names) {
    const file = join(dir, name);
    let lines: string[];
    try {
      // A FIFO or device named `*.tf` would block the read (or never end): only regular files are read.
      if (!statSync(file).isFile()) continue;
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    let openModule: string | undefined;
    lines.forEach((text, n) => {
      const block = BLOCK_HEADER.exec(text);
      if (block) {
        const key = `${block[1]}.${block[2]}.${block[3]}`;
        if (!index.blocks.has(key)) index.blocks.set(key, { file, line: n + 1 });
        openModule = undefined;
        return;
      }
      const mod = MODULE_HEADER.exec(text);
      if (mod) {
        if (!index.blocks.has(`module.${mod[1]}`)) index.blocks.set(`module.${mod[1]}`, { file, line: n + 1 });
        openModule = mod[1];
        return;
      }
      // A module's `source` is conventionally its first argument; any later top-level block ends the search.
      const source = openModule ? SOURCE_ARG.exec(text) : null;
      if (openModule && source && !index.moduleSources.has(openModule)) {
        index.moduleSources.set(openModule, source[1]);
        openModule = undefined;
      }
    });
  }
  return index;
}
