/** Key rules on entities as the live collectors fill them: no plan, no configuration to consult. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { runRules } from '../../src/engine/engine.js';
import { addEntity, createInventory } from '../../src/model/inventory.js';
import type { Entity } from '../../src/model/types.js';
import { allRules } from '../../rules/index.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function statuses(entities: Entity[], ruleId = 'KMS-001'): Record<string, string> {
  const inv = createInventory();
  for (const e of entities) addEntity(inv, e);
  const rule = allRules.filter((r) => r.meta.id === ruleId);
  return Object.fromEntries(
    runRules(inv, rule, { config: defaultConfig(), profile: 'regulated' }).map((f) => [
      f.resource.address,
      f.reason ? `${f.status}/${f.reason}` : f.status,
    ]),
  );
}

const meta = (address: string, type: string) => ({ source: 'aws' as const, address, type, region: 'us-east-1' });

describe('KMS-001 on live entities', () => {
  it('a log group the API describes without a key is on an AWS owned key and fails', () => {
    expect(
      statuses([
        {
          kind: 'DataStore',
          storeKind: 'log-group',
          meta: meta('arn:aws:logs:us-east-1:111111111111:log-group:app', 'aws_cloudwatch_log_group'),
        },
      ]),
    ).toEqual({ 'arn:aws:logs:us-east-1:111111111111:log-group:app': 'fail' });
  });
  it('a secret on a customer key collected in the same scan passes; one on an AWS managed key fails', () => {
    const key: Entity = {
      kind: 'KmsKey',
      meta: meta(KEY_ARN, 'aws_kms_key'),
      id: '1234abcd-12ab-34cd-56ef-1234567890ab',
      arn: KEY_ARN,
      customerManaged: true,
      policy: { state: 'absent', origin: 'kms:GetKeyPolicy' },
      aliases: [],
    };
    expect(
      statuses([
        key,
        {
          kind: 'DataStore',
          storeKind: 'secret',
          meta: meta('arn:aws:secretsmanager:us-east-1:111111111111:secret:a', 'aws_secretsmanager_secret'),
          kmsKey: { id: KEY_ARN },
          kmsKeyRaw: KEY_ARN,
        },
        {
          kind: 'DataStore',
          storeKind: 'secret',
          meta: meta('arn:aws:secretsmanager:us-east-1:111111111111:secret:b', 'aws_secretsmanager_secret'),
          kmsKey: { id: 'arn:aws:kms:us-east-1:111111111111:key/aws-managed' },
          kmsKeyRaw: 'alias/aws/secretsmanager',
        },
      ]),
    ).toEqual({
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:a': 'pass',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:b': 'fail',
    });
  });
  it('a bucket answering SSE-S3 fails and one with aws:kms and a key passes', () => {
    expect(
      statuses([
        {
          kind: 'Bucket',
          meta: meta('arn:aws:s3:::plain', 'aws_s3_bucket'),
          bucketName: 'plain',
          sseAlgorithm: 'AES256',
        },
        {
          kind: 'Bucket',
          meta: meta('arn:aws:s3:::sealed', 'aws_s3_bucket'),
          bucketName: 'sealed',
          sseAlgorithm: 'aws:kms',
          kmsKey: { id: KEY_ARN },
        },
      ]),
    ).toEqual({ 'arn:aws:s3:::plain': 'fail', 'arn:aws:s3:::sealed': 'not-assessed/needs-review' });
  });
  it('a bucket on an AWS managed key named by ARN fails once the alias is known (collectAws remap)', () => {
    expect(
      statuses([
        {
          kind: 'Bucket',
          meta: meta('arn:aws:s3:::managed', 'aws_s3_bucket'),
          bucketName: 'managed',
          sseAlgorithm: 'aws:kms',
          kmsKey: { id: 'arn:aws:kms:us-east-1:111111111111:key/aws-managed' },
          kmsKeyRaw: 'alias/aws/s3',
        },
      ]),
    ).toEqual({ 'arn:aws:s3:::managed': 'fail' });
  });
  it('stores on keys named by ARN are not assessed, naming kms:ListAliases, when the aliases could not be read', () => {
    const inv = createInventory();
    for (const e of [
      {
        kind: 'Bucket' as const,
        meta: meta('arn:aws:s3:::b', 'aws_s3_bucket'),
        bucketName: 'b',
        sseAlgorithm: 'aws:kms',
        kmsKey: { id: 'arn:aws:kms:us-east-1:111111111111:key/aws-managed' },
      },
      {
        kind: 'DataStore' as const,
        storeKind: 'secret',
        meta: meta('arn:aws:secretsmanager:us-east-1:111111111111:secret:s', 'aws_secretsmanager_secret'),
        kmsKey: { id: 'arn:aws:kms:us-east-1:111111111111:key/aws-managed' },
        kmsKeyRaw: 'arn:aws:kms:us-east-1:111111111111:key/aws-managed',
      },
    ])
      addEntity(inv, e);
    inv.gaps.push({
      kinds: ['KmsKey'],
      region: 'us-east-1',
      call: 'kms:ListAliases',
      reason: 'access-denied',
      detail: 'AccessDeniedException',
    });
    const findings = runRules(
      inv,
      allRules.filter((r) => r.meta.id === 'KMS-001'),
      {
        config: defaultConfig(),
        profile: 'regulated',
      },
    ).filter((f) => !f.resource.address.startsWith('account/'));
    expect(findings.map((f) => `${f.status}/${f.reason}`)).toEqual([
      'not-assessed/access-denied',
      'not-assessed/access-denied',
    ]);
    for (const f of findings) expect(f.message).toContain('kms:ListAliases');
  });
});

describe('KMS-002 on live entities', () => {
  it('a key whose policy could not be read is not assessed, never the default policy', () => {
    const key: Entity = {
      kind: 'KmsKey',
      meta: { ...meta(KEY_ARN, 'aws_kms_key'), unreadable: { policy: 'kms:GetKeyPolicy' } },
      arn: KEY_ARN,
      customerManaged: true,
      policy: { state: 'absent', origin: 'kms:GetKeyPolicy' },
      aliases: [],
    };
    expect(statuses([key], 'KMS-002')).toEqual({ [KEY_ARN]: 'not-assessed/access-denied' });
  });
});
