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
import type {
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
  PolicyValue,
  PrincipalSpec,
  StatementDraft,
} from '../model/policy.js';

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
  const out = dict<Record<string, string[]>>();
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
  const stmt: StatementDraft = { effect, condition: parseCondition(s.Condition) };
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
  const statements = list.map(parseStatement);
  return typeof obj.Version === 'string' ? { statements, version: obj.Version } : { statements };
}

/**
 * Parsed documents by their text. An estate repeats policies (one endpoint or key policy per VPC, module or
 * account), and the model shares one parsed document among them: the model's policy types are read-only, so no
 * reader can change a document for the other holders. Bounded by the text it holds, and emptied when full, so a
 * long-running caller keeps little.
 */
type ParseFailure = { error: string };
const parsedByText = new Map<string, PolicyDocument | ParseFailure>();
let parsedTextChars = 0;
const PARSED_TEXT_MAX_CHARS = 16 * 1024 * 1024;

function parsePolicyText(text: string): PolicyDocument | ParseFailure {
  const cached = parsedByText.get(text);
  if (cached !== undefined) return cached;
  let parsed: PolicyDocument | ParseFailure;
  try {
    parsed = normalizePolicy(JSON.parse(text));
  } catch (err) {
    // V8's message quotes the text around the error, and a policy may be sensitive: only the position.
    const message = (err as Error).message;
    const at = err instanceof SyntaxError ? /at position (\d+)/.exec(message) : null;
    parsed = {
      error: err instanceof SyntaxError ? (at ? `not valid JSON (at character ${at[1]})` : 'not valid JSON') : message,
    };
  }
  if (parsedTextChars + text.length > PARSED_TEXT_MAX_CHARS) {
    parsedByText.clear();
    parsedTextChars = 0;
  }
  parsedByText.set(text, parsed);
  parsedTextChars += text.length;
  return parsed;
}

/** Parse a policy given as a JSON string (Terraform, IAM's URL-encoded answers decoded first) or object. */
export function parsePolicy(raw: unknown, origin: string): PolicyValue {
  if (typeof raw === 'string') {
    const parsed = parsePolicyText(raw);
    if ('error' in parsed) return { state: 'malformed', origin, error: parsed.error };
    return { state: 'known', doc: parsed, origin, bytes: Buffer.byteLength(raw, 'utf8') };
  }
  try {
    const bytes = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
    return { state: 'known', doc: normalizePolicy(raw), origin, bytes };
  } catch (err) {
    return { state: 'malformed', origin, error: (err as Error).message };
  }
}
