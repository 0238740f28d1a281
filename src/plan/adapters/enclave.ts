/**
 * The enclave tier in a plan: whether an instance has Nitro Enclaves (directly, or through the launch
 * template it is started from), and which KMS keys its instance role is linked to, for ENC-002. At plan
 * time a new role's ARN is unknown, so links are found through configuration references: a key policy
 * (or the `aws_iam_policy_document` that builds it) naming the role, or a role policy naming the key.
 */
import { ArnMentions } from '../../analysis/arnMentions.js';
import { resolve } from '../../model/inventory.js';
import type { ComputeWorkload, Ref } from '../../model/types.js';
import { expressionAt, isObject, own, resolveReferences, type Json } from '../configuration.js';
import type { LoadedPlan, RawResource } from '../planLoader.js';
import { configSets, referencedAddresses, refAt, str, type AdapterContext, type Path } from './context.js';
import type { Fills } from './context.js';
import type { Folder } from './fold.js';

function collectReferences(expr: Json | undefined, out: string[], budget = { left: 5000 }): void {
  if (budget.left-- <= 0 || expr === null || expr === undefined) return;
  if (Array.isArray(expr)) {
    for (const e of expr) collectReferences(e, out, budget);
    return;
  }
  if (!isObject(expr)) return;
  const refs = own(expr, 'references');
  if (Array.isArray(refs)) for (const r of refs) if (typeof r === 'string') out.push(r);
  for (const [k, v] of Object.entries(expr)) if (k !== 'references') collectReferences(v, out, budget);
}

/** Every resource address an expression subtree refers to, looking through policy-document data sources. */
function deepReferences(plan: LoadedPlan, raw: RawResource, path: Path, depth = 0): Set<string> {
  const refs: string[] = [];
  collectReferences(path.length ? expressionAt(raw.config?.expressions, path) : raw.config?.expressions, refs);
  const found = new Set<string>();
  for (const a of resolveReferences(plan.config, raw.modulePath, refs, (x) => plan.canonical(x, raw.address))) {
    found.add(a);
    const target = plan.byAddress.get(a);
    if (depth < 4 && target?.type === 'aws_iam_policy_document')
      for (const b of deepReferences(plan, target, [], depth + 1)) found.add(b);
  }
  return found;
}

interface KeyLinks {
  /** role address -> key addresses linked to it. */
  byRole: Map<string, Set<string>>;
}

const linkCache = new WeakMap<LoadedPlan, KeyLinks>();

function link(links: KeyLinks, role: string, key: string): void {
  let set = links.byRole.get(role);
  if (!set) links.byRole.set(role, (set = new Set()));
  set.add(key);
}

/** Key <-> role links of one plan, computed once. */
function keyLinks(plan: LoadedPlan): KeyLinks {
  const cached = linkCache.get(plan);
  if (cached) return cached;
  const links: KeyLinks = { byRole: new Map() };
  const typeOf = (a: string): string | undefined => plan.byAddress.get(a)?.type;
  const roleArns = new Map<string, string>();
  for (const r of plan.resources) {
    const arn = r.type === 'aws_iam_role' ? str(r, ['arn']) : undefined;
    if (arn) roleArns.set(arn, r.address);
  }
  // Indexed: a state file can hold thousands of keys and roles, and every known key policy is searched for role ARNs.
  const roleMentions = new ArnMentions(roleArns);
  for (const r of plan.resources) {
    if (r.type === 'aws_kms_key' || r.type === 'aws_kms_key_policy') {
      const key =
        r.type === 'aws_kms_key'
          ? r.address
          : [...deepReferences(plan, r, ['key_id'])].find((a) => typeOf(a) === 'aws_kms_key');
      if (!key) continue;
      for (const a of deepReferences(plan, r, ['policy'])) if (typeOf(a) === 'aws_iam_role') link(links, a, key);
      // Known policies (state, or literal ARNs) name roles by ARN.
      const text = str(r, ['policy']);
      if (text) for (const role of roleMentions.mentionedIn(text)) link(links, role, key);
    } else if (r.type === 'aws_iam_role_policy' || r.type === 'aws_iam_role') {
      const roles =
        r.type === 'aws_iam_role'
          ? [r.address]
          : [...deepReferences(plan, r, ['role'])].filter((a) => typeOf(a) === 'aws_iam_role');
      const path: Path = r.type === 'aws_iam_role' ? ['inline_policy'] : ['policy'];
      const keys = [...deepReferences(plan, r, path)].filter((a) => typeOf(a) === 'aws_kms_key');
      for (const role of roles) for (const key of keys) link(links, role, key);
    } else if (r.type === 'aws_iam_role_policy_attachment') {
      const roles = [...deepReferences(plan, r, ['role'])].filter((a) => typeOf(a) === 'aws_iam_role');
      for (const policy of deepReferences(plan, r, ['policy_arn'])) {
        const p = plan.byAddress.get(policy);
        if (p?.type !== 'aws_iam_policy') continue;
        const keys = [...deepReferences(plan, p, ['policy'])].filter((a) => typeOf(a) === 'aws_kms_key');
        for (const role of roles) for (const key of keys) link(links, role, key);
      }
    }
  }
  linkCache.set(plan, links);
  return links;
}

/** Roles behind the instance profile named at `path`. */
function instanceRoles(ctx: AdapterContext, raw: RawResource, path: Path): string[] {
  const roles: string[] = [];
  for (const a of referencedAddresses(ctx, raw, path)) {
    const profile = ctx.plan.byAddress.get(a);
    if (profile?.type !== 'aws_iam_instance_profile') continue;
    roles.push(
      ...referencedAddresses(ctx, profile, ['role']).filter((r) => ctx.plan.byAddress.get(r)?.type === 'aws_iam_role'),
    );
  }
  return roles;
}

function workloadOf(ctx: AdapterContext, raw: RawResource): ComputeWorkload | undefined {
  const e = ctx.inventory.byAddress.get(raw.address);
  return e?.kind === 'ComputeWorkload' ? e : undefined;
}

function setEnclave(w: ComputeWorkload, enabled: boolean | undefined, origin: string): void {
  w.enclaveEnabled = enabled;
  (w.meta.origin ??= {}).enclaveEnabled = origin;
  const rest = (w.meta.unknown ?? []).filter((f) => f !== 'enclaveEnabled');
  w.meta.unknown = enabled === undefined ? [...rest, 'enclaveEnabled'] : rest;
}

function linkKeys(ctx: AdapterContext, raw: RawResource, w: ComputeWorkload, profilePath: Path): void {
  const links = keyLinks(ctx.plan);
  const keys = new Set<string>();
  for (const role of instanceRoles(ctx, raw, profilePath)) for (const k of links.byRole.get(role) ?? []) keys.add(k);
  w.enclaveKeys = [...keys].map((address): Ref => ({ address }));
}

const instanceFolder: Folder = (raw, ctx) => {
  const w = workloadOf(ctx, raw);
  if (!w) return;
  // enclave_options is Optional+Computed: unset, it comes from the launch template, else it is off.
  if (!configSets(raw, ['enclave_options'])) {
    const templateRef =
      refAt(ctx, raw, ['launch_template', 0, 'id']) ?? refAt(ctx, raw, ['launch_template', 0, 'name']);
    if (templateRef) {
      const template = resolve(ctx.inventory, templateRef, 'ComputeWorkload');
      setEnclave(
        w,
        template?.enclaveEnabled,
        template ? `${template.meta.address}.enclave_options` : `${raw.address}.launch_template`,
      );
    } else setEnclave(w, false, `${raw.address}.enclave_options (not set)`);
  }
  linkKeys(ctx, raw, w, ['iam_instance_profile']);
};

const launchTemplateFolder: Folder = (raw, ctx) => {
  const w = workloadOf(ctx, raw);
  if (!w) return;
  if (!configSets(raw, ['enclave_options']) && raw.config !== undefined)
    setEnclave(w, false, `${raw.address}.enclave_options (not set)`);
  linkKeys(ctx, raw, w, [
    'iam_instance_profile',
    0,
    configSets(raw, ['iam_instance_profile', 0, 'arn']) ? 'arn' : 'name',
  ]);
};

export const enclaveFolders: Record<string, Folder> = {
  aws_instance: instanceFolder,
  aws_launch_template: launchTemplateFolder,
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const enclaveFills: Fills = {
  aws_instance: ['ComputeWorkload'],
  aws_launch_template: ['ComputeWorkload'],
  // Looked up to link an instance's role to the keys it may use (ENC-002).
  aws_iam_instance_profile: ['ComputeWorkload'],
  aws_iam_role: ['ComputeWorkload'],
  aws_iam_role_policy: ['ComputeWorkload'],
  aws_iam_role_policy_attachment: ['ComputeWorkload'],
  aws_iam_policy: ['ComputeWorkload'],
  aws_kms_key: ['ComputeWorkload'],
  aws_kms_key_policy: ['ComputeWorkload'],
};
