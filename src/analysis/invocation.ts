/**
 * Who may invoke Bedrock models, and on what: the statements of identity policies (role and user
 * inline policies, attached AWS managed policies, customer managed policies judged on their own)
 * that grant `bedrock:InvokeModel` / `InvokeModelWithResponseStream`, also through `bedrock:*`,
 * `bedrock:Invoke*`, `*` or NotAction. Shared by IAM-003 and IAM-004.
 */
import { resolve, type Inventory } from '../model/inventory.js';
import type { IamPolicy, IamRole, IamUser } from '../model/types.js';
import { statementLabel } from '../policy/analysis.js';
import { invocationGrant, type InvocationGrant } from './bedrockArns.js';
import { awsManagedPolicy } from '../policy/awsManagedPolicies.js';
import type { PolicyStatement, PolicyValue } from '../policy/policyDocument.js';
import { ofKind } from '../model/inventory.js';
import type { Reason } from '../engine/types.js';
import { verdictOf } from './policyVerdict.js';

export type PolicyHolder = IamRole | IamUser | IamPolicy;

export interface GrantFound {
  stmt: PolicyStatement;
  label: string;
  grant: InvocationGrant;
  source: string;
}

export interface HolderGrants {
  holder: PolicyHolder;
  grants: GrantFound[];
  /** Every known statement the holder's policies carry (a Deny elsewhere may bound a grant). */
  statements: PolicyStatement[];
  /** Policies that could not be read (unknown until apply, unreadable live, malformed), with what evidence shows. */
  gaps: Array<{ source: string; what: string; observed: string }>;
  /** Why the gaps are gaps, from the policies' own states (the shared policy verdict). */
  gapReason: Reason;
}

/** The policies judged at this holder: its own, not customer managed ones (those are holders themselves). */
function ownPolicies(holder: PolicyHolder): PolicyValue[] {
  if (holder.kind === 'IamPolicy') return holder.policy ? [holder.policy] : [];
  const inline = holder.kind === 'IamRole' ? holder.inlinePolicies : holder.policies;
  const managed = holder.attachedPolicyArns.map(awsManagedPolicy).filter((p): p is PolicyValue => p !== undefined);
  return [...inline, ...managed];
}

export function holderGrants(holder: PolicyHolder): HolderGrants {
  const out: HolderGrants = { holder, grants: [], statements: [], gaps: [], gapReason: 'needs-review' };
  const reasons: Reason[] = [];
  for (const p of ownPolicies(holder)) {
    const v = verdictOf(p, p.origin, false, p.origin);
    if (v.state === 'unsettled') {
      reasons.push(v.reason);
      out.gaps.push({
        source: p.origin,
        what: p.state === 'malformed' ? 'malformed' : v.message,
        observed: v.observed,
      });
    } else if (p.state === 'known') {
      p.doc.statements.forEach((stmt, i) => {
        out.statements.push(stmt);
        const grant = invocationGrant(stmt);
        if (grant)
          out.grants.push({
            stmt,
            label: statementLabel(stmt, i),
            grant,
            source: p.rebuilt ? `${p.origin} (rebuilt)` : p.origin,
          });
      });
    }
  }
  out.gapReason = reasons.includes('access-denied')
    ? 'access-denied'
    : reasons.includes('unknown-at-plan')
      ? 'unknown-at-plan'
      : 'needs-review';
  return out;
}

export function allHolders(inventory: Inventory): PolicyHolder[] {
  return [...ofKind(inventory, 'IamRole'), ...ofKind(inventory, 'IamUser'), ...ofKind(inventory, 'IamPolicy')];
}

/** Roles each customer managed policy is attached to, by policy entity. */
export function policyAttachments(inventory: Inventory): Map<IamPolicy, IamRole[]> {
  const out = new Map<IamPolicy, IamRole[]>();
  for (const role of ofKind(inventory, 'IamRole')) {
    const found = new Set<IamPolicy>();
    for (const ref of role.attachedPolicies) {
      const p = resolve(inventory, ref, 'IamPolicy');
      if (p) found.add(p);
    }
    for (const arn of role.attachedPolicyArns) {
      const p = resolve(inventory, { id: arn }, 'IamPolicy');
      if (p) found.add(p);
    }
    for (const p of found) out.set(p, [...(out.get(p) ?? []), role]);
  }
  return out;
}
