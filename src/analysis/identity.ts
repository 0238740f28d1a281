/**
 * What the identity rules share: the policies a user or role holds (inline, attached customer
 * policies resolved through the inventory, AWS managed policies we know), who a trust policy admits,
 * and which accounts count as the workload's own or trusted.
 */
import type { AuditConfig } from '../config/config.js';
import { resolve, type Inventory } from '../model/inventory.js';
import type { Entity, IamPolicy, IamRole, IamUser } from '../model/types.js';
import { principalsOf, statementCoversAction } from '../policy/analysis.js';
import { awsManagedPolicy, awsManagedPolicyName } from '../policy/awsManagedPolicies.js';
import type { TrustedCallers } from '../policy/conditions.js';
import type { PolicyStatement, PolicyValue } from '../policy/policyDocument.js';

export interface HeldPolicy {
  /** Undefined when the policy is attached by an ARN the input does not resolve. */
  value?: PolicyValue;
  /** Where it comes from, for evidence: inline origin, policy address, or managed ARN. */
  source: string;
  /** The IamPolicy entity it came from (judged on its own by the rules that read IamPolicy). */
  policy?: IamPolicy;
}

/** Every policy a role or user holds, each once. */
export function heldPolicies(inventory: Inventory, holder: IamRole | IamUser): HeldPolicy[] {
  const out: HeldPolicy[] = [];
  const inline = holder.kind === 'IamRole' ? holder.inlinePolicies : holder.policies;
  for (const p of inline) out.push({ value: p, source: p.origin });
  const seen = new Set<Entity>();
  for (const ref of holder.attachedPolicies ?? []) {
    const p = resolve(inventory, ref, 'IamPolicy');
    if (p && !seen.has(p)) {
      seen.add(p);
      out.push({ value: p.policy, source: p.meta.address, policy: p });
    }
  }
  for (const arn of holder.attachedPolicyArns) {
    const p = resolve(inventory, { id: arn }, 'IamPolicy');
    if (p) {
      if (!seen.has(p)) out.push({ value: p.policy, source: p.meta.address, policy: p });
      seen.add(p);
      continue;
    }
    const managed = awsManagedPolicy(arn);
    // AWS managed policies we do not model grant neither admin power nor model invocation on `*`.
    if (managed || awsManagedPolicyName(arn)) {
      if (managed) out.push({ value: managed, source: arn });
      continue;
    }
    out.push({ source: arn });
  }
  return out;
}

export function trustedCallers(inventory: Inventory, config: AuditConfig, entity?: Entity): TrustedCallers {
  const accounts = new Set<string>(inventory.accounts);
  if (config.workloadAccount) accounts.add(config.workloadAccount);
  if (entity?.meta.account) accounts.add(entity.meta.account);
  const orgs = new Set<string>();
  for (const t of config.trustedAccounts) (t.startsWith('o-') ? orgs : accounts).add(t);
  return { accounts, orgs };
}

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;

/** An Allow that lets someone assume the role (sts:AssumeRole, ...WithSAML, ...WithWebIdentity). */
export function isAssumeStatement(s: PolicyStatement): boolean {
  return s.effect === 'Allow' && ASSUME_ACTIONS.some((a) => statementCoversAction(s, a));
}

/** The Allow statements of a trust policy that let someone assume the role. */
export function assumeStatements(trust: PolicyValue | undefined): PolicyStatement[] {
  if (trust?.state !== 'known') return [];
  return trust.doc.statements.filter(isAssumeStatement);
}

/**
 * A role that only Bedrock assumes (agents, knowledge bases): every Allow of its trust policy names
 * `bedrock.amazonaws.com` and nothing else.
 */
export function isBedrockServiceRole(role: IamRole): boolean {
  const statements = assumeStatements(role.trustPolicy);
  if (statements.length === 0) return false;
  return statements.every((s) => {
    const p = principalsOf(s);
    return (
      !p.wildcard &&
      p.aws.length === 0 &&
      p.federated.length === 0 &&
      p.service.length > 0 &&
      p.service.every((svc) => svc === 'bedrock.amazonaws.com')
    );
  });
}

/** The OIDC issuer of a federated principal: `token.actions.githubusercontent.com` from its provider ARN. */
export function oidcIssuer(federated: string): string | undefined {
  const m = /:oidc-provider\/(.+)$/.exec(federated);
  if (m) return m[1];
  if (/:saml-provider\//.test(federated)) return undefined;
  // Well-known issuers are named bare (`cognito-identity.amazonaws.com`, `accounts.google.com`).
  return federated.includes('.') && !federated.startsWith('arn:') ? federated : undefined;
}
