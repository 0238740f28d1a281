/**
 * When a policy's JSON is unknown at plan time (it names an ARN created in the same plan), the
 * `aws_iam_policy_document` data source that builds it still carries its statement blocks in
 * `after`. Rebuild the policy from them, honouring `source_policy_documents` (merged first) and
 * `override_policy_documents` (replace statements with the same Sid), as the provider does.
 * Values still unknown inside a statement become the placeholder below: rules see a specific,
 * non-wildcard value, which is what an ARN created by the same plan is.
 */
import { UNKNOWN_VALUE } from '../../policy/analysis.js';
import {
  parsePolicy,
  type PolicyDocument,
  type PolicyStatement,
  type PolicyValue,
} from '../../policy/policyDocument.js';
import type { StatementDraft } from '../../model/policy.js';
import { isObject, own, type Json, type JsonObject } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import { dict } from '../../input/dict.js';
import { str, unknownAt } from './raw.js';

function stringList(v: Json | undefined, unknown: Json | undefined): string[] | undefined {
  if (v === undefined || v === null) return unknown === true ? [UNKNOWN_VALUE] : undefined;
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  list.forEach((x, i) => {
    if (typeof x === 'string') out.push(x);
    else if (x === null && (unknown === true || (Array.isArray(unknown) && unknown[i] === true)))
      out.push(UNKNOWN_VALUE);
  });
  if (Array.isArray(unknown) && unknown.length > list.length) out.push(UNKNOWN_VALUE);
  return out.length ? out : undefined;
}

function principals(blocks: Json | undefined, unknown: Json | undefined): Record<string, string[]> | '*' | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out = dict<string[]>();
  blocks.forEach((b, i) => {
    const type = own(b, 'type');
    if (typeof type !== 'string') return;
    const ids = stringList(own(b, 'identifiers'), own(Array.isArray(unknown) ? unknown[i] : undefined, 'identifiers'));
    if (type === '*' && ids?.includes('*')) {
      out['*'] = ['*'];
      return;
    }
    out[type] = [...(out[type] ?? []), ...(ids ?? [])];
  });
  if (out['*']) return '*';
  return out;
}

function statementFrom(b: JsonObject, u: Json | undefined): PolicyStatement {
  const effect = own(b, 'effect') === 'Deny' ? 'Deny' : 'Allow';
  const condition = dict<Record<string, string[]>>();
  const stmt: StatementDraft = { effect, condition };
  const sid = own(b, 'sid');
  if (typeof sid === 'string' && sid) stmt.sid = sid;
  const fields: Array<[keyof PolicyStatement, string]> = [
    ['action', 'actions'],
    ['notAction', 'not_actions'],
    ['resource', 'resources'],
    ['notResource', 'not_resources'],
  ];
  for (const [field, attr] of fields) {
    const list = stringList(own(b, attr), own(u, attr));
    if (list) (stmt as unknown as Record<string, string[]>)[field] = list;
  }
  const p = principals(own(b, 'principals'), own(u, 'principals'));
  if (p) stmt.principal = p;
  const np = principals(own(b, 'not_principals'), own(u, 'not_principals'));
  if (np) stmt.notPrincipal = np;
  const conditions = own(b, 'condition');
  if (Array.isArray(conditions)) {
    conditions.forEach((c, i) => {
      const test = own(c, 'test');
      const variable = own(c, 'variable');
      if (typeof test !== 'string' || typeof variable !== 'string') return;
      const values =
        stringList(
          own(c, 'values'),
          own(Array.isArray(own(u, 'condition')) ? (own(u, 'condition') as Json[])[i] : undefined, 'values'),
        ) ?? [];
      const byKey = (condition[test] ??= dict());
      byKey[variable.toLowerCase()] = [...(byKey[variable.toLowerCase()] ?? []), ...values];
    });
  }
  return stmt;
}

function documentsFrom(raw: RawResource, attr: string): PolicyDocument[] | 'unknown' {
  if (unknownAt(raw, [attr])) return 'unknown';
  const v = own(raw.values, attr);
  if (!Array.isArray(v)) return [];
  const docs: PolicyDocument[] = [];
  for (const text of v) {
    if (typeof text !== 'string') continue;
    const parsed = parsePolicy(text, `${raw.address}.${attr}`);
    if (parsed.state !== 'known') return 'unknown';
    docs.push(parsed.doc);
  }
  return docs;
}

export function rebuildPolicyDocument(raw: RawResource): PolicyValue | undefined {
  const origin = `${raw.address}.statement`;
  const json = str(raw, ['json']);
  if (json && !unknownAt(raw, ['json'])) return parsePolicy(json, `${raw.address}.json`);
  const sources = documentsFrom(raw, 'source_policy_documents');
  const overrides = documentsFrom(raw, 'override_policy_documents');
  if (sources === 'unknown' || overrides === 'unknown') return undefined;
  const blocks = own(raw.values, 'statement');
  const unknownBlocks = own(isObject(raw.unknown) ? raw.unknown : undefined, 'statement');
  const own_: PolicyStatement[] = Array.isArray(blocks)
    ? blocks
        .map((b, i) =>
          isObject(b) ? statementFrom(b, Array.isArray(unknownBlocks) ? unknownBlocks[i] : undefined) : undefined,
        )
        .filter((s): s is PolicyStatement => s !== undefined)
    : [];
  let statements: PolicyStatement[] = [...sources.flatMap((d) => d.statements)];
  const merge = (list: PolicyStatement[]): void => {
    for (const s of list) {
      const i = s.sid ? statements.findIndex((t) => t.sid === s.sid) : -1;
      if (i >= 0) statements[i] = s;
      else statements.push(s);
    }
  };
  merge(own_);
  merge(overrides === undefined ? [] : overrides.flatMap((d) => d.statements));
  statements = statements.filter((s) => s.action || s.notAction);
  if (statements.length === 0) return undefined;
  const doc: PolicyDocument = { version: '2012-10-17', statements };
  const bytes = Buffer.byteLength(JSON.stringify(doc), 'utf8');
  return { state: 'known', doc, origin, bytes, rebuilt: true };
}
