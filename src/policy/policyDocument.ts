/**
 * Policy documents (identity, trust, key, bucket, endpoint) parsed once into one normalized form.
 * A policy may be unknown at plan time or malformed: both are values rules must see, never crashes.
 */
import { dict } from '../input/dict.js';

export type {
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
  PolicyValue,
  PrincipalSpec,
} from '../model/policy.js';
import type { ConditionBlock, PolicyDocument, PolicyStatement, PolicyValue, PrincipalSpec } from '../model/policy.js';

function asStringList(value: unknown, field: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new Error(`${field} must be a string or a list of strings`);
}

function parsePrincipal(value: unknown, field: string): PrincipalSpec {
  if (value === '*') return '*';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${field} must be "*" or an object`);
  }
  const out = dict<string[]>();
  for (const [kind, ids] of Object.entries(value as Record<string, unknown>)) {
    out[kind] = asStringList(ids, `${field}.${kind}`);
  }
  return out;
}

function parseCondition(value: unknown): ConditionBlock {
  if (value === undefined || value === null) return dict();
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('Condition must be an object');
  const out: ConditionBlock = dict();
  for (const [op, keys] of Object.entries(value as Record<string, unknown>)) {
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
      throw new Error(`Condition.${op} must be an object`);
    }
    const byKey = dict<string[]>();
    for (const [key, vals] of Object.entries(keys as Record<string, unknown>)) {
      const list = Array.isArray(vals) ? vals : [vals];
      byKey[key.toLowerCase()] = list.map((v) => String(v));
    }
    out[op] = byKey;
  }
  return out;
}

function parseStatement(raw: unknown, index: number): PolicyStatement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`Statement[${index}] is not an object`);
  }
  const s = raw as Record<string, unknown>;
  const effect = s.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') throw new Error(`Statement[${index}].Effect must be Allow or Deny`);
  const stmt: PolicyStatement = { effect, condition: parseCondition(s.Condition) };
  if (typeof s.Sid === 'string') stmt.sid = s.Sid;
  if (s.Principal !== undefined) stmt.principal = parsePrincipal(s.Principal, `Statement[${index}].Principal`);
  if (s.NotPrincipal !== undefined)
    stmt.notPrincipal = parsePrincipal(s.NotPrincipal, `Statement[${index}].NotPrincipal`);
  if (s.Action !== undefined) stmt.action = asStringList(s.Action, `Statement[${index}].Action`);
  if (s.NotAction !== undefined) stmt.notAction = asStringList(s.NotAction, `Statement[${index}].NotAction`);
  if (s.Resource !== undefined) stmt.resource = asStringList(s.Resource, `Statement[${index}].Resource`);
  if (s.NotResource !== undefined) stmt.notResource = asStringList(s.NotResource, `Statement[${index}].NotResource`);
  if (stmt.action === undefined && stmt.notAction === undefined) {
    throw new Error(`Statement[${index}] has neither Action nor NotAction`);
  }
  return stmt;
}

/** Normalize an already-decoded policy object. Throws with a short message on a malformed document. */
export function normalizePolicy(raw: unknown): PolicyDocument {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('policy is not a JSON object');
  const obj = raw as Record<string, unknown>;
  const st = obj.Statement;
  if (st === undefined) throw new Error('policy has no Statement');
  const list = Array.isArray(st) ? st : [st];
  const doc: PolicyDocument = { statements: list.map(parseStatement) };
  if (typeof obj.Version === 'string') doc.version = obj.Version;
  return doc;
}

/** Parse a policy given as a JSON string (Terraform, IAM's URL-encoded answers decoded first) or object. */
export function parsePolicy(raw: unknown, origin: string): PolicyValue {
  let decoded: unknown = raw;
  let bytes = 0;
  if (typeof raw === 'string') {
    bytes = Buffer.byteLength(raw, 'utf8');
    try {
      decoded = JSON.parse(raw);
    } catch (err) {
      // V8's message quotes the text around the error, and a policy may be sensitive: only the position.
      const at = /at position (\d+)/.exec((err as Error).message);
      return { state: 'malformed', origin, error: at ? `not valid JSON (at character ${at[1]})` : 'not valid JSON' };
    }
  } else {
    bytes = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
  }
  try {
    return { state: 'known', doc: normalizePolicy(decoded), origin, bytes };
  } catch (err) {
    return { state: 'malformed', origin, error: (err as Error).message };
  }
}
