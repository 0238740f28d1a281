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
  const moduleNames: string[] = [];
  // The module path and the local part are slices of the address itself (its parts are split on top-level dots):
  // called once per resource, rebuilding them from the parts cost more than the split.
  let moduleChars = 0;
  let i = 0;
  while (i + 1 < parts.length && parts[i] === 'module') {
    const instance = parts[i + 1] as string;
    moduleNames.push(stripKey(instance));
    moduleChars += 'module.'.length + instance.length + 1;
    i += 2;
  }
  const local = address.slice(moduleChars);
  const last = parts[parts.length - 1] as string;
  const configAddress = i < parts.length ? local.slice(0, local.length - last.length) + stripKey(last) : local;
  return { modulePath: moduleChars > 0 ? address.slice(0, moduleChars - 1) : '', moduleNames, local, configAddress };
}

export function joinAddress(modulePath: string, local: string): string {
  return modulePath ? `${modulePath}.${local}` : local;
}

/** Parent module instance path: `module.a.module.b[1]` -> `module.a`. */
export function parentModulePath(modulePath: string): string {
  const parts = splitAddress(modulePath);
  return parts.slice(0, -2).join('.');
}
