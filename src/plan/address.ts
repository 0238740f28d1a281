/**
 * Terraform resource addresses: `module.a["x"].module.b.aws_vpc.main[0]`. Instance keys may be quoted
 * strings holding dots and brackets, so addresses are split by a small scanner, never by regex.
 */

/** Split on dots that are outside brackets and quotes. */
export function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '.' && depth === 0) {
      parts.push(address.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(address.slice(start));
  return parts;
}

/** `main[0]` -> `main`; `a["x.y"]` -> `a`. */
export function stripKey(segment: string): string {
  const i = segment.indexOf('[');
  return i < 0 ? segment : segment.slice(0, i);
}

export interface ParsedAddress {
  /** Module instance path, e.g. `module.a["x"].module.b`, '' at root. */
  modulePath: string;
  /** Module names without instance keys, e.g. ['a', 'b']: the key into `configuration`. */
  moduleNames: string[];
  /** Resource part relative to its module, e.g. `aws_vpc.main[0]` or `data.aws_iam_policy_document.x`. */
  local: string;
  /** Resource part without instance key: the address inside the module's configuration. */
  configAddress: string;
}

export function parseAddress(address: string): ParsedAddress {
  const parts = splitAddress(address);
  const moduleParts: string[] = [];
  const moduleNames: string[] = [];
  let i = 0;
  while (i + 1 < parts.length && parts[i] === 'module') {
    moduleParts.push(`module.${parts[i + 1]}`);
    moduleNames.push(stripKey(parts[i + 1]));
    i += 2;
  }
  const rest = parts.slice(i);
  const local = rest.join('.');
  const last = rest.length - 1;
  const configAddress = rest.map((p, j) => (j === last ? stripKey(p) : p)).join('.');
  return { modulePath: moduleParts.join('.'), moduleNames, local, configAddress };
}

export function joinAddress(modulePath: string, local: string): string {
  return modulePath ? `${modulePath}.${local}` : local;
}

/** Parent module instance path: `module.a.module.b[1]` -> `module.a`. */
export function parentModulePath(modulePath: string): string {
  const parts = splitAddress(modulePath);
  return parts.slice(0, -2).join('.');
}
