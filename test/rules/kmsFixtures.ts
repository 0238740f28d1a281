/** Plan fragments shared by the KMS rule tests. */
import type { JsonValue, PlanSpec, ResourceSpec } from '../support/planBuilder.js';

export const WORKLOAD = '111111111111';
export const providers: PlanSpec['providers'] = { aws: { region: 'us-east-1', allowedAccountIds: [WORKLOAD] } };

export type Statement = Record<string, JsonValue>;

export function policy(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export const rootStatement: Statement = {
  Sid: 'Root',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` },
  Action: 'kms:*',
  Resource: '*',
};

/** An aws_kms_key as a plan shows it: ids unknown until apply; `policy` unknown when not set. */
export function kmsKey(
  name: string,
  values: Record<string, JsonValue> = {},
  extra: Partial<ResourceSpec> = {},
): ResourceSpec {
  const unknown: Record<string, JsonValue> = { arn: true, key_id: true, id: true };
  if (values.policy === undefined) unknown.policy = true;
  return {
    address: `aws_kms_key.${name}`,
    values: { enable_key_rotation: true, rotation_period_in_days: 365, ...values },
    unknown,
    ...extra,
  };
}

export function plan(...resources: ResourceSpec[]): PlanSpec {
  return { resources, providers };
}
