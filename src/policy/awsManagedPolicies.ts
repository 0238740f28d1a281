/**
 * The AWS managed policies whose grants the identity rules must know without reading them: the
 * administrative ones IAM-007 names, and Bedrock's full-access policy (invocation on every model).
 * Reduced to the statements that matter for those questions, in the normalized form.
 */
import type { PolicyDocument, PolicyValue } from './policyDocument.js';

const MANAGED: Record<string, PolicyDocument> = {
  AdministratorAccess: { statements: [{ effect: 'Allow', action: ['*'], resource: ['*'], condition: {} }] },
  PowerUserAccess: {
    statements: [
      { effect: 'Allow', notAction: ['iam:*', 'organizations:*', 'account:*'], resource: ['*'], condition: {} },
    ],
  },
  IAMFullAccess: { statements: [{ effect: 'Allow', action: ['iam:*'], resource: ['*'], condition: {} }] },
  AmazonBedrockFullAccess: { statements: [{ effect: 'Allow', action: ['bedrock:*'], resource: ['*'], condition: {} }] },
};

/** Attached policies that confer administrative power by name (IAM-007). */
export const ADMIN_MANAGED_POLICIES: readonly string[] = ['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess'];

const AWS_MANAGED_ARN = /^arn:aws(-us-gov|-cn)?:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The policy name of an AWS managed policy ARN, else undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_ARN.exec(arn)?.[2];
}

/** The known grants of an AWS managed policy, or undefined when it is not one we model. */
export function awsManagedPolicy(arn: string): PolicyValue | undefined {
  const name = awsManagedPolicyName(arn);
  const doc = name ? MANAGED[name] : undefined;
  return doc ? { state: 'known', doc, origin: arn, bytes: 0 } : undefined;
}
