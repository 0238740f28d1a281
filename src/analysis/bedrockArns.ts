/** Bedrock model and inference-profile ARNs: which are specific, which are allowed by the config. */
import { wildcardMatch } from '../policy/analysis.js';

export const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

const MODEL_ARN =
  /^arn:aws(-us-gov|-cn)?:bedrock:[a-z0-9-]*:\d{0,12}:(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model|imported-model|custom-model-deployment|prompt-router|default-prompt-router)\/.+$/;

export function isModelArn(arn: string): boolean {
  return MODEL_ARN.test(arn);
}

/**
 * A specific model ARN names one model or profile: no wildcard anywhere, or a pattern the config
 * explicitly allows (`allowedModelArns`).
 */
export function isSpecificModelArn(arn: string, allowed: readonly string[]): boolean {
  if (allowed.length > 0) return allowed.some((p) => p === arn || wildcardMatch(p, arn));
  return isModelArn(arn) && !arn.includes('*') && !arn.includes('?');
}
