/**
 * What the tool knows about Bedrock identifiers, in one place: the actions that invoke a model, the
 * resource types InvokeModel authorises on, the shape of a model ARN in every partition, and which
 * policy statements grant invocation. IAM-003, IAM-004, NET-010 and RES-002 all read it from here, so
 * they agree on what a model ARN is; src/policy stays generic IAM semantics.
 */
import { statementCoversAction, UNKNOWN_VALUE, wildcardMatch } from '../policy/analysis.js';
import type { PolicyStatement } from '../policy/policyDocument.js';

export const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

/** Partitions Bedrock runs in, as they appear in ARNs. */
const PARTITIONS = ['aws', 'aws-us-gov', 'aws-cn'] as const;

/** Bedrock resource types InvokeModel authorises on. */
export const MODEL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'foundation-model',
  'inference-profile',
  'application-inference-profile',
  'provisioned-model',
  'custom-model',
  'imported-model',
  'custom-model-deployment',
  'prompt-router',
  'default-prompt-router',
]);

export interface ModelArn {
  partition: string;
  /** Empty or a wildcard when the ARN names no one region. */
  region: string;
  account: string;
  type: string;
  /** The model id, profile id or resource name after the type. */
  id: string;
}

const ARN = /^arn:(aws|aws-us-gov|aws-cn):bedrock:([^:]*):([^:]*):([a-z-]+)\/(.+)$/;

/** A Bedrock ARN of a model resource type (region wildcards kept as written), else undefined. */
export function parseModelArn(arn: string): ModelArn | undefined {
  const m = ARN.exec(arn);
  if (!m || !MODEL_RESOURCE_TYPES.has(m[4])) return undefined;
  return { partition: m[1], region: m[2], account: m[3], type: m[4], id: m[5] };
}

export function isModelArn(arn: string): boolean {
  return parseModelArn(arn) !== undefined;
}

/**
 * A specific model ARN names one model or profile: no wildcard anywhere, or a pattern the config
 * explicitly allows (`allowedModelArns`).
 */
export function isSpecificModelArn(arn: string, allowed: readonly string[]): boolean {
  if (allowed.length > 0) return allowed.some((p) => p === arn || wildcardMatch(p, arn));
  return isModelArn(arn) && !arn.includes('*') && !arn.includes('?');
}

/**
 * Whether a resource pattern can name a Bedrock model: `*`, `arn:*`, `arn:aws:bedrock:*`,
 * `arn:aws:bedrock:<region>::foundation-model/...`. `"Action": "*"` on an S3 bucket or on a Bedrock
 * knowledge base grants no model invocation, so such statements are not invocation grants.
 */
export function couldNameModel(pattern: string): boolean {
  const firstWild = pattern.search(/[*?]/);
  const literal = (firstWild < 0 ? pattern : pattern.slice(0, firstWild)).toLowerCase();
  const bedrock = PARTITIONS.map((p) => `arn:${p}:bedrock:`).some(
    (prefix) => literal.startsWith(prefix) || (firstWild >= 0 && prefix.startsWith(literal)),
  );
  if (!bedrock) return false;
  // arn:partition:bedrock:region:account:type/name: a literal type must be a model type.
  const parts = literal.split(':');
  if (parts.length < 6) return true;
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  if (slash < 0) return firstWild >= 0 && [...MODEL_RESOURCE_TYPES].some((t) => t.startsWith(resource));
  return MODEL_RESOURCE_TYPES.has(resource.slice(0, slash));
}

/** What a statement lets its holder invoke: undefined when it grants no model invocation. */
export interface InvocationGrant {
  /** The resource patterns that may name a model, or `NotResource` (everything but). */
  resources: readonly string[];
  viaNotResource: boolean;
  /** The action pattern(s) that grant it, for evidence. */
  actions: string[];
}

export function invocationGrant(stmt: PolicyStatement): InvocationGrant | undefined {
  if (stmt.effect !== 'Allow') return undefined;
  if (!INVOKE_ACTIONS.some((a) => statementCoversAction(stmt, a))) return undefined;
  const actions = stmt.action
    ? stmt.action.filter((p) => INVOKE_ACTIONS.some((a) => wildcardMatch(p, a)))
    : [`NotAction ${JSON.stringify(stmt.notAction)}`];
  if (stmt.notResource) return { resources: stmt.notResource, viaNotResource: true, actions };
  // A resource created by the same plan may be a model (an application inference profile).
  const resources = (stmt.resource ?? ['*']).filter((r) => r === UNKNOWN_VALUE || couldNameModel(r));
  return resources.length ? { resources, viaNotResource: false, actions } : undefined;
}
