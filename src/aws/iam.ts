/**
 * IAM collector (global: called once, at the partition's IAM endpoint): users with their inline, group and
 * attached policies, access keys and console passwords; roles with trust policies and session limits;
 * customer-managed policies; OIDC providers.
 */
import {
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  paginateListRoles,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
} from '@aws-sdk/client-iam';
import type { IamRole, IamUser } from '../model/types.js';
import { parsePolicy, type PolicyValue } from '../policy/policyDocument.js';
import { markUnknown, tagsOf, settleAll, type ScanContext } from './context.js';

const DETAILS = 'iam:GetAccountAuthorizationDetails';

/** IAM answers policy documents URL-encoded; emulators and proxies sometimes do not. */
export function decodePolicyDocument(doc: string): string {
  if (doc.trimStart().startsWith('{')) return doc;
  try {
    return decodeURIComponent(doc);
  } catch {
    return doc;
  }
}

function policyOf(doc: string | undefined, origin: string): PolicyValue | undefined {
  return doc === undefined ? undefined : parsePolicy(decodePolicyDocument(doc), origin);
}

type Details = Pick<
  GetAccountAuthorizationDetailsCommandOutput,
  'UserDetailList' | 'RoleDetailList' | 'GroupDetailList' | 'Policies'
>;

async function authorizationDetails(client: IAMClient): Promise<Required<Details>> {
  const out: Required<Details> = { UserDetailList: [], RoleDetailList: [], GroupDetailList: [], Policies: [] };
  const pages = paginateGetAccountAuthorizationDetails(
    { client },
    { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'] },
  );
  for await (const p of pages) {
    out.UserDetailList.push(...(p.UserDetailList ?? []));
    out.RoleDetailList.push(...(p.RoleDetailList ?? []));
    out.GroupDetailList.push(...(p.GroupDetailList ?? []));
    out.Policies.push(...(p.Policies ?? []));
  }
  return out;
}

export async function collectIam(ctx: ScanContext): Promise<void> {
  const client = ctx.client('iam', ctx.settings.iamRegion, (config) => new IAMClient(config));
  await settleAll([principals(ctx, client), oidcProviders(ctx, client)]);
}

async function principals(ctx: ScanContext, client: IAMClient): Promise<void> {
  const [details, roles] = await Promise.all([
    ctx.call({ call: DETAILS, kinds: ['IamUser', 'IamRole', 'IamPolicy'] }, () => authorizationDetails(client)),
    // GetAccountAuthorizationDetails leaves out MaxSessionDuration; ListRoles has it.
    ctx.call({ call: 'iam:ListRoles', kinds: ['IamRole'] }, async () => {
      const m = new Map<string, number | undefined>();
      for await (const p of paginateListRoles({ client }, {}))
        for (const r of p.Roles ?? []) m.set(r.Arn ?? '', r.MaxSessionDuration);
      return m;
    }),
  ]);
  if (details.state !== 'ok') return;
  const d = details.value;

  for (const p of d.Policies) {
    if (!p.Arn) continue;
    const doc = p.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document;
    const policy = policyOf(doc, `${DETAILS} ${p.Arn} ${p.DefaultVersionId ?? ''}`.trim());
    ctx.add({
      kind: 'IamPolicy',
      meta: ctx.meta('aws_iam_policy', p.Arn, undefined, { policy: DETAILS }),
      id: p.PolicyId,
      arn: p.Arn,
      name: p.PolicyName,
      policy,
    });
  }

  for (const r of d.RoleDetailList) {
    if (!r.Arn) continue;
    const role: IamRole = {
      kind: 'IamRole',
      meta: ctx.meta('aws_iam_role', r.Arn, undefined, {
        trustPolicy: DETAILS,
        inlinePolicies: DETAILS,
        attachedPolicies: DETAILS,
      }),
      id: r.RoleId,
      arn: r.Arn,
      name: r.RoleName,
      tags: tagsOf(r.Tags),
      trustPolicy: policyOf(r.AssumeRolePolicyDocument, `${DETAILS} ${r.Arn} AssumeRolePolicyDocument`),
      inlinePolicies: (r.RolePolicyList ?? []).flatMap(
        (ip) => policyOf(ip.PolicyDocument, `${DETAILS} ${r.Arn} ${ip.PolicyName}`) ?? [],
      ),
      attachedPolicies: (r.AttachedManagedPolicies ?? []).filter((a) => a.PolicyArn).map((a) => ({ id: a.PolicyArn })),
      attachedPolicyArns: (r.AttachedManagedPolicies ?? []).flatMap((a) => a.PolicyArn ?? []),
    };
    if (roles.state === 'ok') {
      role.maxSessionDuration = roles.value.get(r.Arn);
      (role.meta.origin ??= {}).maxSessionDuration = 'iam:ListRoles';
    } else {
      markUnknown(role.meta, 'maxSessionDuration', 'iam:ListRoles');
    }
    ctx.add(role);
  }

  const groups = new Map<string, GroupDetail>();
  for (const g of d.GroupDetailList) if (g.GroupName) groups.set(g.GroupName, g);
  await settleAll(d.UserDetailList.map((u) => user(ctx, client, u, groups)));
}

type UserDetail = Required<Details>['UserDetailList'][number];

async function user(
  ctx: ScanContext,
  client: IAMClient,
  u: UserDetail,
  groups: Map<string, GroupDetail>,
): Promise<void> {
  if (!u.Arn || !u.UserName) return;
  const userName = u.UserName;
  const policies = (u.UserPolicyList ?? []).flatMap(
    (ip) => policyOf(ip.PolicyDocument, `${DETAILS} ${u.Arn} ${ip.PolicyName}`) ?? [],
  );
  const attached = (u.AttachedManagedPolicies ?? []).flatMap((a) => a.PolicyArn ?? []);
  // What a user may do includes its groups' policies; the origin names the group.
  for (const gName of u.GroupList ?? []) {
    const g = groups.get(gName);
    if (!g) continue;
    for (const ip of g.GroupPolicyList ?? []) {
      const pv = policyOf(ip.PolicyDocument, `${DETAILS} ${g.Arn ?? gName} ${ip.PolicyName}`);
      if (pv) policies.push(pv);
    }
    for (const a of g.AttachedManagedPolicies ?? [])
      if (a.PolicyArn && !attached.includes(a.PolicyArn)) attached.push(a.PolicyArn);
  }
  const entity: IamUser = {
    kind: 'IamUser',
    meta: ctx.meta('aws_iam_user', u.Arn, undefined, { policies: DETAILS, attachedPolicyArns: DETAILS }),
    id: u.UserId,
    arn: u.Arn,
    name: userName,
    tags: tagsOf(u.Tags),
    accessKeys: [],
    policies,
    attachedPolicyArns: attached,
    attachedPolicies: attached.map((id) => ({ id })),
  };
  const [keys, login] = await Promise.all([
    ctx.call({ call: 'iam:ListAccessKeys', kinds: ['IamUser'], resource: u.Arn, fieldsOnly: true }, async () => {
      const out: Array<{ id?: string; status?: string }> = [];
      for await (const p of paginateListAccessKeys({ client }, { UserName: userName })) {
        for (const k of p.AccessKeyMetadata ?? []) out.push({ id: k.AccessKeyId, status: k.Status });
      }
      return out;
    }),
    // NoSuchEntity is IAM's way of saying the user has no console password.
    ctx.call(
      {
        call: 'iam:GetLoginProfile',
        kinds: ['IamUser'],
        resource: u.Arn,
        fieldsOnly: true,
        absent: ['NoSuchEntity', 'NoSuchEntityException'],
      },
      () => client.send(new GetLoginProfileCommand({ UserName: userName })),
    ),
  ]);
  const origin = (entity.meta.origin ??= {});
  if (keys.state === 'ok') {
    entity.accessKeys = keys.value.map((k) => ({ ...k, origin: `iam:ListAccessKeys ${u.Arn}` }));
    origin.accessKeys = 'iam:ListAccessKeys';
  } else {
    markUnknown(entity.meta, 'accessKeys', 'iam:ListAccessKeys');
  }
  if (login.state === 'failed') markUnknown(entity.meta, 'hasConsolePassword', 'iam:GetLoginProfile');
  else {
    entity.hasConsolePassword = login.state === 'ok';
    origin.hasConsolePassword = 'iam:GetLoginProfile';
  }
  ctx.add(entity);
}

async function oidcProviders(ctx: ScanContext, client: IAMClient): Promise<void> {
  const list = await ctx.call({ call: 'iam:ListOpenIDConnectProviders', kinds: ['OidcProvider'] }, () =>
    client.send(new ListOpenIDConnectProvidersCommand({})),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    (list.value.OpenIDConnectProviderList ?? []).map(async (p) => {
      const arn = p.Arn;
      if (!arn) return;
      const call = 'iam:GetOpenIDConnectProvider';
      const got = await ctx.call({ call, kinds: ['OidcProvider'], resource: arn, fieldsOnly: true }, () =>
        client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
      );
      const meta = ctx.meta('aws_iam_openid_connect_provider', arn, undefined, { url: call, clientIds: call });
      if (got.state !== 'ok') {
        markUnknown(meta, 'url', call);
        markUnknown(meta, 'clientIds', call);
      }
      const v = got.state === 'ok' ? got.value : undefined;
      ctx.add({
        kind: 'OidcProvider',
        meta,
        id: arn,
        arn,
        tags: tagsOf(v?.Tags),
        // IAM answers the URL without its scheme; Terraform's `url` (and trust-policy keys) read the same.
        url: v?.Url,
        clientIds: v?.ClientIDList ?? [],
      });
    }),
  );
}
