/**
 * Condition analysis: which condition keys and operators really constrain a statement.
 *
 * IAM evaluates a condition operator against a key that is absent from the request as false, except
 * `...IfExists` operators (true when absent) and `ForAllValues:` set operators (true when absent or
 * empty), and negated operators (true when absent). So only positive operators without IfExists
 * pin a caller: a wildcard Allow conditioned on `StringEqualsIfExists` admits every request that
 * lacks the key. Values that are wildcards (`StringLike "*"`) pin nothing either.
 */
import type { PolicyStatement } from './policyDocument.js';
import { hasWildcard, UNKNOWN_VALUE } from './analysis.js';

export { UNKNOWN_VALUE };

interface ParsedOperator {
  base: string;
  ifExists: boolean;
  set?: 'ForAnyValue' | 'ForAllValues';
}

export function parseOperator(op: string): ParsedOperator {
  let rest = op;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix === 'ForAnyValue' || prefix === 'ForAllValues') set = prefix;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists');
  return { base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists, set };
}

/** An operator that can only be true when the key is present and matches: the ones that constrain. */
function constrains(op: ParsedOperator): boolean {
  return !op.ifExists && op.set !== 'ForAllValues';
}

const EQUALITY = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike']);

export interface ConditionEntry {
  operator: string;
  key: string;
  values: readonly string[];
}

export function conditionEntries(stmt: PolicyStatement): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(stmt.condition)) {
    for (const [key, values] of Object.entries(keys)) out.push({ operator, key, values });
  }
  return out;
}

export function describeEntry(e: ConditionEntry): string {
  return `${e.operator} ${e.key} = ${e.values.join(', ')}`;
}

/** The positive, non-IfExists entries on `key` whose values are all literal (no wildcard). */
function literalEntries(
  stmt: PolicyStatement,
  keys: readonly string[],
  operators: ReadonlySet<string>,
): ConditionEntry[] {
  return conditionEntries(stmt).filter((e) => {
    const op = parseOperator(e.operator);
    return (
      keys.includes(e.key) &&
      operators.has(op.base) &&
      constrains(op) &&
      e.values.length > 0 &&
      !e.values.some(hasWildcard)
    );
  });
}

/** Who may be trusted as a caller of a resource policy: the workload and trusted accounts and orgs. */
export interface TrustedCallers {
  accounts: ReadonlySet<string>;
  /** Organization ids (`o-...`) named in `trustedAccounts`; empty = any literal org id is the customer's. */
  orgs: ReadonlySet<string>;
}

export type CallerPin =
  | { state: 'pinned'; by: string }
  | { state: 'not-pinned'; why: string }
  | { state: 'unknown'; why: string }
  | { state: 'needs-review'; why: string };

const ACCOUNT_KEYS = ['kms:calleraccount', 'aws:principalaccount'];
const ORG_KEY = 'aws:principalorgid';
const ARN_KEY = 'aws:principalarn';
/** Keys that narrow a request but not who makes it (any account can reach a key through S3). */
const NON_PINNING_KEYS = [
  'kms:viaservice',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:sourceip',
  'aws:sourceaccount',
  'aws:sourcearn',
  'kms:encryptioncontext',
];

/**
 * Whether a statement's conditions pin who the caller is, so that a wildcard principal is safe:
 * `kms:CallerAccount` / `aws:PrincipalAccount` / `aws:PrincipalOrgID` equal to the workload or a
 * trusted account or org, or `aws:PrincipalArn` naming specific ARNs.
 */
export function callerPin(stmt: PolicyStatement, trusted: TrustedCallers): CallerPin {
  let unknown: string | undefined;
  let review: string | undefined;
  const problems: string[] = [];
  const judged = new Set<string>();
  for (const e of literalEntries(stmt, ACCOUNT_KEYS, EQUALITY)) {
    judged.add(describeEntry(e));
    if (e.values.includes(UNKNOWN_VALUE)) {
      unknown = `${describeEntry(e)} (an account unknown until apply)`;
      continue;
    }
    if (trusted.accounts.size === 0) {
      review = `${describeEntry(e)}: the workload account is not known (set workloadAccount or trustedAccounts)`;
      continue;
    }
    const foreign = e.values.filter((v) => !trusted.accounts.has(v));
    if (foreign.length === 0) return { state: 'pinned', by: describeEntry(e) };
    problems.push(
      `${describeEntry(e)} names account(s) outside the workload and trusted accounts: ${foreign.join(', ')}`,
    );
  }
  for (const e of literalEntries(stmt, [ORG_KEY], EQUALITY)) {
    judged.add(describeEntry(e));
    if (e.values.includes(UNKNOWN_VALUE)) {
      unknown = `${describeEntry(e)} (an organization id unknown until apply)`;
      continue;
    }
    const foreign = trusted.orgs.size
      ? e.values.filter((v) => !trusted.orgs.has(v))
      : e.values.filter((v) => !/^o-[a-z0-9]{10,32}$/.test(v));
    // With no organization listed as trusted, a literal org id is taken as the customer's own: say so.
    if (foreign.length === 0)
      return {
        state: 'pinned',
        by: trusted.orgs.size
          ? describeEntry(e)
          : `${describeEntry(e)} (no organization listed in trustedAccounts to check it against)`,
      };
    problems.push(`${describeEntry(e)} names organization(s) that are not trusted: ${foreign.join(', ')}`);
  }
  for (const e of literalEntries(stmt, [ARN_KEY], EQUALITY)) return { state: 'pinned', by: describeEntry(e) };
  if (unknown) return { state: 'unknown', why: unknown };
  if (review) return { state: 'needs-review', why: review };
  const present = conditionEntries(stmt);
  if (present.length === 0) return { state: 'not-pinned', why: 'no condition' };
  const weak = present
    .filter((e) => !judged.has(describeEntry(e)))
    .map((e) => {
      const op = parseOperator(e.operator);
      const note = NON_PINNING_KEYS.includes(e.key)
        ? 'does not say who the caller is'
        : op.ifExists
          ? 'IfExists admits requests without the key'
          : op.set === 'ForAllValues'
            ? 'ForAllValues admits requests without the key'
            : e.values.some(hasWildcard)
              ? 'a wildcard value matches anyone'
              : 'does not pin the caller';
      return `${describeEntry(e)} (${note})`;
    });
  return { state: 'not-pinned', why: [...problems, ...weak].join('; ') };
}

/**
 * The `aws:SourceVpce` / `aws:SourceVpc` condition that binds an Allow to the boundary's endpoints
 * or VPCs; undefined when there is none that constrains. An endpoint created in the same plan shows
 * as the unknown placeholder, which is a specific endpoint.
 */
export function vpcSourceCondition(stmt: PolicyStatement): string | undefined {
  const found = literalEntries(
    stmt,
    ['aws:sourcevpce', 'aws:sourcevpc'],
    new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike']),
  );
  return found.length ? describeEntry(found[0]) : undefined;
}

/**
 * A Deny that refuses requests not coming through named endpoints or VPCs: a negated operator on
 * `aws:SourceVpce` / `aws:SourceVpc` (with or without IfExists: both are true when the key is absent),
 * and no other condition that would narrow the Deny.
 */
export function deniesOutsideVpc(stmt: PolicyStatement): string | undefined {
  if (stmt.effect !== 'Deny') return undefined;
  const entries = conditionEntries(stmt);
  if (entries.length !== 1) return undefined;
  const [e] = entries;
  const op = parseOperator(e.operator);
  const negated =
    op.base === 'StringNotEquals' || op.base === 'StringNotEqualsIgnoreCase' || op.base === 'StringNotLike';
  if (!negated || op.set || !['aws:sourcevpce', 'aws:sourcevpc'].includes(e.key) || e.values.some((v) => v === '*'))
    return undefined;
  return describeEntry(e);
}

/** `aws:MultiFactorAuthPresent` required (Bool true), or an MFA age bound (absent when no MFA was used). */
export function mfaCondition(stmt: PolicyStatement): string | undefined {
  for (const e of conditionEntries(stmt)) {
    const op = parseOperator(e.operator);
    if (!constrains(op) || op.set) continue;
    if (
      e.key === 'aws:multifactorauthpresent' &&
      op.base === 'Bool' &&
      e.values.length > 0 &&
      e.values.every((v) => v.toLowerCase() === 'true')
    )
      return describeEntry(e);
    if (e.key === 'aws:multifactorauthage' && (op.base === 'NumericLessThan' || op.base === 'NumericLessThanEquals'))
      return describeEntry(e);
  }
  return undefined;
}

/**
 * Whether an OIDC trust pins the token's subject (`<issuer>:sub`) to specific values: a literal, or a
 * pattern whose literal part names at least an owner (`repo:org/*`, not `repo:*` or `*`).
 */
export function oidcSubjectPin(stmt: PolicyStatement, issuer: string, claim = 'sub'): string | undefined {
  const key = `${issuer.toLowerCase()}:${claim}`;
  for (const e of conditionEntries(stmt)) {
    const op = parseOperator(e.operator);
    if (e.key !== key || !constrains(op) || !EQUALITY.has(op.base) || e.values.length === 0) continue;
    if (e.values.every(subjectValueIsSpecific)) return describeEntry(e);
  }
  return undefined;
}

function subjectValueIsSpecific(value: string): boolean {
  const firstWild = value.search(/[*?]/);
  if (firstWild < 0) return value.length > 0;
  const segments = value
    .slice(0, firstWild)
    .split(/[:/]/)
    .filter((s) => s.length > 0);
  // `repo:org/...`, `project_path:group/...`, `organization:name:...`: a claim name and an owner.
  return segments.length >= 2 && /[:/]/.test(value.slice(0, firstWild));
}
