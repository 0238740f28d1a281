/** Plan fragments shared by the IAM rule tests. */
import { ref, type JsonValue, type ResourceSpec } from '../support/planBuilder.js';
import { policy, type Statement } from './kmsFixtures.js';

export { plan, policy, providers, WORKLOAD, type Statement } from './kmsFixtures.js';

export const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0';
export const VPCE = 'vpce-0123456789abcdef0';

export const trustAccount: Statement = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:root' },
  Action: 'sts:AssumeRole',
};
export const trustService = (service: string): Statement => ({
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'sts:AssumeRole',
});

export function role(name: string, trust: Statement[], values: Record<string, JsonValue> = {}): ResourceSpec {
  return {
    address: `aws_iam_role.${name}`,
    values: { name, assume_role_policy: policy(...trust), ...values },
    unknown: { arn: true, id: true, unique_id: true },
  };
}

/** An inline `aws_iam_role_policy` on role `name`. */
export function rolePolicy(name: string, ...statements: Statement[]): ResourceSpec {
  const text = policy(...statements);
  return {
    address: `aws_iam_role_policy.${name}`,
    values: { role: name, policy: text },
    unknown: { id: true },
    expressions: { role: ref(`aws_iam_role.${name}.name`), policy: { constant_value: text } },
  };
}

export function invoke(resource: JsonValue, extra: Statement = {}): Statement {
  return {
    Sid: 'Invoke',
    Effect: 'Allow',
    Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    Resource: resource,
    ...extra,
  };
}
