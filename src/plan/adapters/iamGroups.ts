/**
 * IAM groups in a plan: what a user may do includes the policies of every group it belongs to. A group
 * is no model entity of its own (the live scan, reading GetAccountAuthorizationDetails, folds group
 * policies into each member the same way): its inline policies (`aws_iam_group_policy`) and attached
 * policies (`aws_iam_group_policy_attachment`, `aws_iam_policy_attachment` with `groups`) are folded
 * into each member named by `aws_iam_group_membership` or `aws_iam_user_group_membership`. Each policy
 * keeps the address of the group resource that grants it, so evidence names the group.
 */
import { resolve } from '../../model/inventory.js';
import type { IamUser, Ref } from '../../model/types.js';
import type { PolicyValue } from '../../policy/policyDocument.js';
import type { LoadedPlan } from '../planLoader.js';
import { policyAt, refsAt, str, type AdapterContext, type Fills } from './context.js';
import type { Folder } from './fold.js';

interface GroupGrants {
  policies: PolicyValue[];
  attachedPolicyArns: string[];
  attachedPolicies: Ref[];
}

interface GroupIndex {
  /** A group reference as one key: the group resource's address when the input declares it, else its name. */
  keyOf(ref: Ref): string | undefined;
  grants: Map<string, GroupGrants>;
}

const indexCache = new WeakMap<LoadedPlan, GroupIndex>();

function groupIndex(ctx: AdapterContext): GroupIndex {
  const cached = indexCache.get(ctx.plan);
  if (cached) return cached;
  const byName = new Map<string, string>();
  for (const r of ctx.plan.resources) {
    const name = r.type === 'aws_iam_group' ? str(r, ['name']) : undefined;
    if (name) byName.set(name, r.address);
  }
  const keyOf = (ref: Ref): string | undefined => {
    if (ref.address && ctx.plan.byAddress.get(ref.address)?.type === 'aws_iam_group') return ref.address;
    if (ref.id) return byName.get(ref.id) ?? `name:${ref.id}`;
    return ref.address;
  };
  const grants = new Map<string, GroupGrants>();
  const grantsOf = (ref: Ref): GroupGrants | undefined => {
    const key = keyOf(ref);
    if (key === undefined) return undefined;
    let g = grants.get(key);
    if (!g) grants.set(key, (g = { policies: [], attachedPolicyArns: [], attachedPolicies: [] }));
    return g;
  };
  const attach = (g: GroupGrants, raw: (typeof ctx.plan.resources)[number]): void => {
    const arn = str(raw, ['policy_arn']);
    if (arn && !g.attachedPolicyArns.includes(arn)) g.attachedPolicyArns.push(arn);
    g.attachedPolicies.push(...refsAt(ctx, raw, ['policy_arn']));
  };
  for (const r of ctx.plan.resources) {
    if (r.mode !== 'managed') continue;
    if (r.type === 'aws_iam_group_policy') {
      const p = policyAt(ctx, r, ['policy']);
      const g = refsAt(ctx, r, ['group'], false)[0];
      const target = g ? grantsOf(g) : undefined;
      if (p && target) target.policies.push(p);
    } else if (r.type === 'aws_iam_group_policy_attachment') {
      const g = refsAt(ctx, r, ['group'], false)[0];
      const target = g ? grantsOf(g) : undefined;
      if (target) attach(target, r);
    } else if (r.type === 'aws_iam_policy_attachment') {
      for (const g of refsAt(ctx, r, ['groups'])) {
        const target = grantsOf(g);
        if (target) attach(target, r);
      }
    }
  }
  const index = { keyOf, grants };
  indexCache.set(ctx.plan, index);
  return index;
}

/** Groups already folded into each user, so two memberships in one group grant its policies once. */
const folded = new WeakMap<IamUser, Set<string>>();

function grantGroup(ctx: AdapterContext, user: IamUser, group: Ref): void {
  const index = groupIndex(ctx);
  const key = index.keyOf(group);
  if (key === undefined) return;
  let seen = folded.get(user);
  if (!seen) folded.set(user, (seen = new Set()));
  if (seen.has(key)) return;
  seen.add(key);
  const g = index.grants.get(key);
  if (!g) return;
  user.policies.push(...g.policies);
  for (const arn of g.attachedPolicyArns) if (!user.attachedPolicyArns.includes(arn)) user.attachedPolicyArns.push(arn);
  (user.attachedPolicies ??= []).push(...g.attachedPolicies);
}

export const iamGroupFolders: Record<string, Folder> = {
  aws_iam_group_membership: (raw, ctx) => {
    const group = refsAt(ctx, raw, ['group'], false)[0];
    if (!group) return;
    for (const ref of refsAt(ctx, raw, ['users'])) {
      const user = resolve(ctx.inventory, ref, 'IamUser');
      if (user) grantGroup(ctx, user, group);
    }
  },
  aws_iam_user_group_membership: (raw, ctx) => {
    let user: IamUser | undefined;
    for (const ref of refsAt(ctx, raw, ['user'], false)) user ??= resolve(ctx.inventory, ref, 'IamUser');
    if (!user) return;
    for (const group of refsAt(ctx, raw, ['groups'])) grantGroup(ctx, user, group);
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const iamGroupFills: Fills = {
  aws_iam_group_membership: ['IamUser'],
  aws_iam_user_group_membership: ['IamUser'],
  // Looked up from the memberships: the group, and what it grants.
  aws_iam_group: ['IamUser'],
  aws_iam_group_policy: ['IamUser'],
  aws_iam_group_policy_attachment: ['IamUser'],
  aws_iam_policy_attachment: ['IamUser'],
};
