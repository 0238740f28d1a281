/**
 * Plan adapters for IAM users, roles, managed policies and OIDC providers. Terraform splits what a
 * principal may do over many resources (inline `aws_iam_role_policy`, `..._attachment`, access keys,
 * login profiles); they are folded into the user or role they name, so findings name the principal
 * and evidence names the split resource.
 */
import { DEFAULTS } from '../../model/defaults.js';
import { resolve } from '../../model/inventory.js';
import type { IamRole, IamUser, Ref } from '../../model/types.js';
import type { PolicyValue } from '../../policy/policyDocument.js';
import type { RawResource } from '../planLoader.js';
import {
  blocks,
  metaOf,
  num,
  policyAt,
  refsAt,
  sensitiveAt,
  str,
  strings,
  tags,
  type Adapter,
  type AdapterContext,
} from './context.js';
import type { Fills } from './context.js';
import { findParent, type Folder } from './fold.js';

const user: Adapter = (raw, ctx) => {
  const meta = metaOf(raw, {});
  // A user has a console password only through a login profile; none folded in means none.
  (meta.origin ??= {}).hasConsolePassword = `${raw.address} (no aws_iam_user_login_profile in the input)`;
  (meta.origin ??= {}).accessKeys = `${raw.address} (no aws_iam_access_key in the input)`;
  ctx.emit({
    kind: 'IamUser',
    meta,
    id: str(raw, ['name']) ?? str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    hasConsolePassword: false,
    accessKeys: [],
    policies: [],
    attachedPolicyArns: [],
  });
};

/** Inline policies of `aws_iam_role.inline_policy` blocks, each read (or rebuilt) at its own path. */
function inlinePolicies(ctx: AdapterContext, raw: RawResource): PolicyValue[] {
  const out: PolicyValue[] = [];
  blocks(raw, ['inline_policy']).forEach((_, i) => {
    const p = policyAt(ctx, raw, ['inline_policy', i, 'policy']);
    if (p) out.push(p);
  });
  return out;
}

const role: Adapter = (raw, ctx) => {
  ctx.emit({
    kind: 'IamRole',
    meta: metaOf(raw, {
      trustPolicy: ['assume_role_policy'],
      maxSessionDuration: ['max_session_duration'],
      inlinePolicies: ['inline_policy'],
      attachedPolicyArns: ['managed_policy_arns'],
    }),
    id: str(raw, ['name']) ?? str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    trustPolicy: policyAt(ctx, raw, ['assume_role_policy']),
    maxSessionDuration: num(raw, ['max_session_duration']) ?? DEFAULTS.iamRoleMaxSessionDuration.value,
    inlinePolicies: inlinePolicies(ctx, raw),
    attachedPolicies: refsAt(ctx, raw, ['managed_policy_arns']),
    attachedPolicyArns: strings(raw, ['managed_policy_arns']),
  });
};

const policy: Adapter = (raw, ctx) => {
  ctx.emit({
    kind: 'IamPolicy',
    meta: metaOf(raw, { policy: ['policy'] }),
    id: str(raw, ['arn']) ?? str(raw, ['id']),
    arn: str(raw, ['arn']),
    name: str(raw, ['name']),
    tags: tags(raw),
    policy: policyAt(ctx, raw, ['policy']),
  });
};

const oidcProvider: Adapter = (raw, ctx) => {
  const url = str(raw, ['url']);
  ctx.emit({
    kind: 'OidcProvider',
    meta: metaOf(raw, { url: ['url'], clientIds: ['client_id_list'] }),
    id: str(raw, ['arn']) ?? str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    // Trust-policy keys name the issuer without its scheme, as IAM answers it.
    url: url?.replace(/^https:\/\//, ''),
    clientIds: strings(raw, ['client_id_list']),
  });
};

export const iamAdapters: Record<string, Adapter> = {
  aws_iam_user: user,
  aws_iam_role: role,
  aws_iam_policy: policy,
  aws_iam_openid_connect_provider: oidcProvider,
};

function userOf(ctx: AdapterContext, raw: RawResource): IamUser | undefined {
  return findParent(ctx, raw, ['user'], 'IamUser');
}

function roleOf(ctx: AdapterContext, raw: RawResource): IamRole | undefined {
  return findParent(ctx, raw, ['role'], 'IamRole');
}

/** An attached policy: its ARN when known, a reference to the policy resource either way. */
function attach(
  ctx: AdapterContext,
  raw: RawResource,
  target: { attachedPolicyArns: string[] },
  refs: Ref[] | undefined,
): void {
  const arn = str(raw, ['policy_arn']);
  if (arn && !target.attachedPolicyArns.includes(arn)) target.attachedPolicyArns.push(arn);
  refs?.push(...refsAt(ctx, raw, ['policy_arn']));
}

function setOrigin(entity: IamUser | IamRole, field: string, origin: string): void {
  (entity.meta.origin ??= {})[field] = origin;
}

export const iamFolders: Record<string, Folder> = {
  aws_iam_access_key: (raw, ctx) => {
    const entry = { id: str(raw, ['id']), status: str(raw, ['status']) ?? 'Active', origin: raw.address };
    // The key id folds into the user: its sensitivity goes with it, for that one key (the finding redacts it).
    const markId = (user: { meta: { sensitive?: string[] }; accessKeys: unknown[] }): void => {
      if (sensitiveAt(raw, ['id'])) (user.meta.sensitive ??= []).push(`accessKeys.${user.accessKeys.length - 1}.id`);
    };
    const u = userOf(ctx, raw);
    if (u) {
      u.accessKeys.push(entry);
      markId(u);
      setOrigin(u, 'accessKeys', raw.address);
      return;
    }
    // A key for a user managed elsewhere is still a long-lived credential this input creates.
    const orphan: IamUser = {
      kind: 'IamUser',
      meta: { ...metaOf(raw, {}), origin: { accessKeys: raw.address } },
      name: str(raw, ['user']),
      accessKeys: [entry],
      policies: [],
      attachedPolicyArns: [],
    };
    markId(orphan);
    ctx.emit(orphan);
  },
  aws_iam_user_login_profile: (raw, ctx) => {
    const u = userOf(ctx, raw);
    if (!u) return;
    u.hasConsolePassword = true;
    setOrigin(u, 'hasConsolePassword', raw.address);
  },
  aws_iam_user_policy: (raw, ctx) => {
    const u = userOf(ctx, raw);
    const p = policyAt(ctx, raw, ['policy']);
    if (u && p) u.policies.push(p);
  },
  aws_iam_user_policy_attachment: (raw, ctx) => {
    const u = userOf(ctx, raw);
    if (u) attach(ctx, raw, u, (u.attachedPolicies ??= []));
  },
  aws_iam_role_policy: (raw, ctx) => {
    const r = roleOf(ctx, raw);
    const p = policyAt(ctx, raw, ['policy']);
    if (r && p) r.inlinePolicies.push(p);
  },
  aws_iam_role_policy_attachment: (raw, ctx) => {
    const r = roleOf(ctx, raw);
    if (r) attach(ctx, raw, r, r.attachedPolicies);
  },
  aws_iam_policy_attachment: (raw, ctx) => {
    for (const ref of refsAt(ctx, raw, ['roles'])) {
      const r = resolve(ctx.inventory, ref, 'IamRole');
      if (r) attach(ctx, raw, r, r.attachedPolicies);
    }
    for (const ref of refsAt(ctx, raw, ['users'])) {
      const u = resolve(ctx.inventory, ref, 'IamUser');
      if (u) attach(ctx, raw, u, (u.attachedPolicies ??= []));
    }
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const iamFills: Fills = {
  aws_iam_user: ['IamUser'],
  aws_iam_role: ['IamRole'],
  aws_iam_policy: ['IamPolicy'],
  aws_iam_openid_connect_provider: ['OidcProvider'],
  aws_iam_access_key: ['IamUser'],
  aws_iam_user_login_profile: ['IamUser'],
  aws_iam_user_policy: ['IamUser'],
  aws_iam_user_policy_attachment: ['IamUser'],
  aws_iam_role_policy: ['IamRole'],
  aws_iam_role_policy_attachment: ['IamRole'],
  aws_iam_policy_attachment: ['IamRole', 'IamUser'],
};
