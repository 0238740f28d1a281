/**
 * Provider configurations: the region and the account each resource is written to. The account
 * comes from `allowed_account_ids` or the assume-role ARN; a region given only by environment
 * variable is not in the plan, so it stays unknown.
 */
import { isObject, own, type ConfigIndex, type Json, type JsonObject } from './configuration.js';

export interface ProviderContext {
  key: string;
  alias?: string;
  region?: string;
  regionKnown: boolean;
  account?: string;
  roleArn?: string;
}

const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):/;

/** A constant, or a root variable's value when the expression is exactly `var.x`. */
function constantOf(expr: Json | undefined, variables: JsonObject): Json | undefined {
  const c = own(expr, 'constant_value');
  if (c !== undefined) return c;
  const refs = own(expr, 'references');
  if (Array.isArray(refs) && typeof refs[0] === 'string' && refs[0].startsWith('var.')) {
    return own(own(variables, refs[0].slice(4)), 'value');
  }
  return undefined;
}

export function providerContexts(config: ConfigIndex, variables: JsonObject): Map<string, ProviderContext> {
  const out = new Map<string, ProviderContext>();
  for (const [key, p] of config.providers) {
    if (own(p, 'name') !== 'aws') continue;
    const expressions = own(p, 'expressions');
    const region = constantOf(own(expressions, 'region'), variables);
    const ctx: ProviderContext = { key, regionKnown: typeof region === 'string' };
    if (typeof region === 'string') ctx.region = region;
    const alias = own(p, 'alias');
    if (typeof alias === 'string') ctx.alias = alias;
    const allowed = constantOf(own(expressions, 'allowed_account_ids'), variables);
    if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string') ctx.account = allowed[0];
    const assume = own(expressions, 'assume_role');
    const first = Array.isArray(assume) ? assume[0] : assume;
    if (isObject(first)) {
      const arn = constantOf(own(first, 'role_arn'), variables);
      if (typeof arn === 'string') {
        ctx.roleArn = arn;
        const m = ACCOUNT_IN_ARN.exec(arn);
        if (m && !ctx.account) ctx.account = m[1];
      }
    }
    out.set(key, ctx);
  }
  if (!out.has('aws')) out.set('aws', { key: 'aws', regionKnown: false });
  return out;
}
