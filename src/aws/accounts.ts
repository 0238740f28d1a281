/**
 * The accounts of a multi-account live scan: which ones (`--accounts`, or the organization's active
 * accounts), the role each is read through (`--assume-role`), and that role's credentials. An account
 * whose role cannot be assumed is not an error of the scan but a gap in its report (collectAws.ts).
 */
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { InputError } from '../input/inputError.js';
import type { ClientBase } from './context.js';
import type { ScanClock } from './pool.js';

/** `--accounts organizations`: every ACTIVE account of the caller's organization. */
export const FROM_ORGANIZATIONS = 'organizations';

export type AccountsSpec = readonly string[] | typeof FROM_ORGANIZATIONS;

export const DEFAULT_ROLE_SESSION_NAME = 'airgap-audit';

const ACCOUNT_ID = /^\d{12}$/;

/** `--accounts LIST`: 12-digit ids (comma list, repeatable), or `organizations` alone. */
export function parseAccounts(values: readonly string[]): AccountsSpec {
  const list = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.length === 0) throw new InputError('--accounts', 'names no account');
  if (list.includes(FROM_ORGANIZATIONS)) {
    if (list.length > 1) throw new InputError('--accounts', `"${FROM_ORGANIZATIONS}" stands alone, not in a list`);
    return FROM_ORGANIZATIONS;
  }
  for (const id of list)
    if (!ACCOUNT_ID.test(id))
      throw new InputError('--accounts', `"${id}" is not a 12-digit account id (or "${FROM_ORGANIZATIONS}")`);
  return [...new Set(list)];
}

/** IAM role names (with an optional path): letters, digits and `+=,.@_-`, at most 64 characters per name. */
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_ARN_TEMPLATE = /^arn:[a-z-]+:iam::(?:\{account\}|\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** `--assume-role`: a role name, or an ARN template with `{account}`; one-line error otherwise. */
export function checkRoleTemplate(template: string): string {
  const t = template.trim();
  if (t.startsWith('arn:')) {
    if (!t.includes('{account}'))
      throw new InputError(
        '--assume-role',
        `"${t}" names one account's role; use {account} where the account id goes (arn:aws:iam::{account}:role/NAME)`,
      );
    if (!ROLE_ARN_TEMPLATE.test(t))
      throw new InputError(
        '--assume-role',
        `"${t}" is not an IAM role ARN template (arn:aws:iam::{account}:role/NAME)`,
      );
    return t;
  }
  if (!ROLE_NAME.test(t)) throw new InputError('--assume-role', `"${t}" is not an IAM role name or ARN template`);
  return t;
}

/** Role session names: 2-64 characters of letters, digits and `+=,.@-` (sts:AssumeRole). */
export function checkSessionName(name: string): string {
  if (!/^[\w+=,.@-]{2,64}$/.test(name))
    throw new InputError('--role-session-name', `"${name}" is not 2-64 characters of letters, digits and +=,.@_-`);
  return name;
}

/** `--external-id`: 2-1224 characters of letters, digits and `+=,.@:/-` (sts:AssumeRole). */
export function checkExternalId(id: string): string {
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(id))
    throw new InputError('--external-id', 'is not 2-1224 characters of letters, digits and +=,.@:/_-');
  return id;
}

/** The role to assume in `account`: the template filled in, or the name in the caller's partition. */
export function roleArnFor(template: string, account: string, partition: string): string {
  if (template.startsWith('arn:')) return template.split('{account}').join(account);
  return `arn:${partition}:iam::${account}:role/${template}`;
}

/** Code-unit order: unlike localeCompare it does not change with the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The organization's ACTIVE accounts, sorted, read with organizations:ListAccounts from the caller's
 * (management or delegated administrator) account. Suspended and closing accounts have nothing to read.
 */
export async function organizationAccounts(base: ClientBase, clock: ScanClock): Promise<string[]> {
  const client = clock.limit(new OrganizationsClient(base));
  try {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {}))
      for (const a of page.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === 'ACTIVE') ids.push(a.Id);
    return [...new Set(ids)].sort(cmp);
  } finally {
    client.destroy();
  }
}

export type Credentials = NonNullable<ClientBase['credentials']>;
type Identity = Awaited<ReturnType<Credentials>>;

/** Renewed this long before they expire, so no request is signed with credentials about to lapse. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * One set of credentials shared by every client of an account. Each SDK client would otherwise assume
 * the role on its own (a scan makes dozens of clients per account); they are renewed before expiry,
 * and a failed renewal is tried again at the next request rather than remembered.
 */
export function sharedCredentials(provider: Credentials): Credentials {
  let current: Promise<Identity> | undefined;
  // While a request for credentials is in flight every caller shares it.
  let renewAt = Number.POSITIVE_INFINITY;
  return () => {
    if (current && Date.now() < renewAt) return current;
    renewAt = Number.POSITIVE_INFINITY;
    const next = provider().then((id) => {
      if (id.expiration) renewAt = id.expiration.getTime() - REFRESH_BEFORE_MS;
      return id;
    });
    current = next;
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return next;
  };
}

export interface RoleOptions {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  /** The caller's credentials, which assume the role. */
  caller: Credentials;
  /** Client settings for the STS client that assumes the role (home region, endpoint, retry). */
  stsBase: ClientBase;
}

/** Auto-renewing credentials of the role (sts:AssumeRole with the caller's credentials). */
export function roleCredentials(options: RoleOptions): Credentials {
  const { credentials: _unused, ...clientConfig } = options.stsBase;
  return sharedCredentials(
    fromTemporaryCredentials({
      params: {
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName,
        ...(options.externalId ? { ExternalId: options.externalId } : {}),
      },
      masterCredentials: options.caller,
      clientConfig,
    }),
  );
}

/**
 * Assumes the role once before any collector runs, and checks the account it lands in: a refusal
 * (no such role, a trust policy that does not name the caller, a wrong external id) is answered here,
 * once, instead of by every call of the account.
 */
export async function checkRole(base: ClientBase, expectedAccount: string, clock: ScanClock): Promise<void> {
  const sts = clock.limit(new STSClient(base));
  try {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    if (id.Account !== expectedAccount)
      throw Object.assign(new Error(`the role's credentials belong to account ${id.Account ?? 'unknown'}`), {
        name: 'WrongAccount',
      });
  } finally {
    sts.destroy();
  }
}
