/**
 * Redaction decided once, where findings are built: every value the input marks sensitive (Terraform's
 * `after_sensitive` / `sensitive_values`, as the model records them in `meta.sensitive`) is replaced by the
 * placeholder wherever a finding would print it (message, resource address, evidence), whichever rule
 * wrote the text. Rules still should not quote sensitive values; this is the net under all of them, so a
 * rule written tomorrow cannot leak one either.
 *
 * Matching is literal (no regular expression: a sensitive value may be tens of kilobytes) and only at
 * token boundaries, so a sensitive `1234` does not garble `12345`. Values shorter than MIN_LENGTH are not
 * scrubbed from text: they carry no secret a reader could use, and replacing them would garble messages.
 */
import type { Inventory } from '../model/inventory.js';
import type { PolicyStatement, PolicyValue, PrincipalSpec } from '../model/policy.js';
import type { Entity } from '../model/types.js';
import { REDACTED } from '../model/values.js';

const MIN_LENGTH = 4;
/** Candidates are looked up by their first PREFIX characters at each token start. */
const PREFIX = MIN_LENGTH;

export interface Redactor {
  text(s: string): string;
  deep(v: unknown): unknown;
}

const NOTHING: Redactor = { text: (s) => s, deep: (v) => v };

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

function isPolicyValue(v: object): v is PolicyValue {
  const state = (v as { state?: unknown }).state;
  return typeof state === 'string' && typeof (v as { origin?: unknown }).origin === 'string';
}

function principalIds(p: PrincipalSpec | undefined, out: string[]): void {
  if (!p || p === '*') return;
  for (const ids of Object.values(p)) out.push(...ids);
}

/**
 * What of a sensitive policy can identify the customer: Sids, principals, resources and condition values.
 * Actions and effects are the IAM vocabulary every policy shares; scrubbing them would garble every message.
 */
function statementLeaves(s: PolicyStatement, out: string[]): void {
  if (s.sid) out.push(s.sid);
  principalIds(s.principal, out);
  principalIds(s.notPrincipal, out);
  out.push(...(s.resource ?? []), ...(s.notResource ?? []));
  for (const byKey of Object.values(s.condition)) for (const values of Object.values(byKey)) out.push(...values);
}

function leaves(v: unknown, out: string[], depth = 0): void {
  if (depth > 64 || v === null || v === undefined || typeof v === 'boolean') return;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') {
    out.push(String(v));
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) leaves(x, out, depth + 1);
    return;
  }
  if (typeof v !== 'object') return;
  if (isPolicyValue(v)) {
    if (v.state === 'known') for (const s of v.doc.statements) statementLeaves(s, out);
    return;
  }
  // A reference names another resource by address: the address is Terraform's, not the secret.
  for (const [k, x] of Object.entries(v)) if (k !== 'address') leaves(x, out, depth + 1);
}

function fieldAt(entity: Entity, path: string): unknown {
  let v: unknown = entity;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Every sensitive value the inventory holds, as the text a message could quote. */
export function sensitiveValues(inventory: Inventory): Set<string> {
  const out: string[] = [];
  for (const e of inventory.entities) for (const f of e.meta.sensitive ?? []) leaves(fieldAt(e, f), out);
  return new Set(out.filter((s) => s.length >= MIN_LENGTH && s !== REDACTED));
}

export function redactorFor(inventory: Inventory): Redactor {
  const values = sensitiveValues(inventory);
  if (values.size === 0) return NOTHING;
  const byPrefix = new Map<string, string[]>();
  for (const v of values) {
    const p = v.slice(0, PREFIX);
    const list = byPrefix.get(p);
    if (list) list.push(v);
    else byPrefix.set(p, [v]);
  }
  // Longest first, so a value that contains another is replaced whole.
  for (const list of byPrefix.values()) list.sort((a, b) => b.length - a.length);

  const text = (s: string): string => {
    if (s.length < MIN_LENGTH) return s;
    let out = '';
    let copied = 0;
    let i = 0;
    while (i <= s.length - MIN_LENGTH) {
      const candidates = isWordChar(s[i - 1]) && isWordChar(s[i]) ? undefined : byPrefix.get(s.slice(i, i + PREFIX));
      const hit = candidates?.find(
        (c) => s.startsWith(c, i) && !(isWordChar(s[i + c.length]) && isWordChar(s[i + c.length - 1])),
      );
      if (hit) {
        out += s.slice(copied, i) + REDACTED;
        i += hit.length;
        copied = i;
      } else i++;
    }
    return copied === 0 ? s : out + s.slice(copied);
  };
  const deep = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return text(v);
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => deep(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), deep(x, depth + 1)]));
  };
  return { text, deep };
}
