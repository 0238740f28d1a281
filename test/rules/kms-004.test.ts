import { describe, it } from 'vitest';
import { ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';
import { kmsKey, plan } from './kmsFixtures.js';

const cases: RuleCase[] = [
  { name: 'a symmetric key rotating yearly passes', plan: plan(kmsKey('k')), expect: { 'aws_kms_key.k': 'pass' } },
  {
    name: 'rotation off fails',
    plan: plan(kmsKey('k', { enable_key_rotation: false })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'rotation left unset (the provider default is off) fails',
    plan: plan({ ...kmsKey('k'), values: {} }),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a rotation period beyond maxRotationDays fails',
    plan: plan(kmsKey('k', { rotation_period_in_days: 730 })),
    expect: { 'aws_kms_key.k': 'fail' },
  },
  {
    name: 'a 180-day period passes a 180-day maximum',
    plan: plan(kmsKey('k', { rotation_period_in_days: 180 })),
    config: { maxRotationDays: 180 },
    expect: { 'aws_kms_key.k': 'pass' },
  },
  {
    name: 'an asymmetric signing key is not applicable',
    plan: plan(
      kmsKey('k', { customer_master_key_spec: 'ECC_NIST_P256', key_usage: 'SIGN_VERIFY', enable_key_rotation: false }),
    ),
    expect: { 'aws_kms_key.k': 'not-assessed/not-applicable' },
  },
  {
    name: 'an HMAC key is not applicable',
    plan: plan(
      kmsKey('k', {
        customer_master_key_spec: 'HMAC_256',
        key_usage: 'GENERATE_VERIFY_MAC',
        enable_key_rotation: false,
      }),
    ),
    expect: { 'aws_kms_key.k': 'not-assessed/not-applicable' },
  },
  {
    name: 'imported key material is not applicable',
    plan: plan({ address: 'aws_kms_external_key.ext', values: {}, unknown: { id: true, arn: true } }),
    expect: { 'aws_kms_external_key.ext': 'not-assessed/not-applicable' },
  },
  {
    name: 'a replica rotates with its primary and is not applicable',
    plan: plan(kmsKey('k', { multi_region: true }), {
      address: 'aws_kms_replica_key.west',
      values: {},
      unknown: { id: true, arn: true, primary_key_arn: true },
      expressions: { primary_key_arn: ref('aws_kms_key.k.arn') },
    }),
    expect: { 'aws_kms_key.k': 'pass', 'aws_kms_replica_key.west': 'not-assessed/not-applicable' },
  },
  {
    name: 'rotation unknown until apply is not assessed',
    plan: plan({
      ...kmsKey('k'),
      values: {},
      unknown: { id: true, enable_key_rotation: true },
      expressions: { enable_key_rotation: ref('var.rotate') },
    }),
    expect: { 'aws_kms_key.k': 'not-assessed/unknown-at-plan' },
  },
];

describe('KMS-004 key rotation', () => {
  for (const c of cases) it(c.name, () => checkCase('KMS-004', c));
});
