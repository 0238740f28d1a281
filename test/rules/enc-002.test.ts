import { describe, it } from 'vitest';
import { PROVIDERS } from '../support/auditFixtures.js';
import { constant, ref, type JsonValue, type ResourceSpec } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const HT = { profile: 'highest-trust' as const };
const ROOT = {
  sid: 'Root',
  effect: 'Allow',
  actions: ['kms:*'],
  resources: ['*'],
  principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }],
  condition: [],
};
const ATTESTED = [
  { test: 'StringEqualsIgnoreCase', variable: 'kms:RecipientAttestation:ImageSha384', values: ['9b0e1f'] },
];

/** The enclave tier: role, instance profile, an enclave instance, and a key whose policy names the role. */
function tier(decryptCondition: JsonValue[], extraStatements: JsonValue[] = []): ResourceSpec[] {
  const decrypt = {
    sid: 'EnclaveDecrypt',
    effect: 'Allow',
    actions: ['kms:Decrypt'],
    resources: ['*'],
    principals: [{ type: 'AWS', identifiers: [null] }],
    condition: decryptCondition,
  };
  const statements = [ROOT, decrypt, ...extraStatements];
  return [
    {
      address: 'aws_iam_role.enclave',
      values: {
        name: 'enclave',
        assume_role_policy: JSON.stringify({
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
      unknown: { id: true, arn: true },
    },
    {
      address: 'aws_iam_instance_profile.enclave',
      values: { name: 'enclave' },
      unknown: { id: true, role: true },
      expressions: { name: constant('enclave'), role: ref('aws_iam_role.enclave.name') },
    },
    {
      address: 'aws_instance.enclave',
      values: { instance_type: 'm5.xlarge', enclave_options: [{ enabled: true }] },
      unknown: { id: true, iam_instance_profile: true },
      expressions: {
        instance_type: constant('m5.xlarge'),
        enclave_options: [{ enabled: constant(true) }],
        iam_instance_profile: ref('aws_iam_instance_profile.enclave.name'),
      },
    },
    {
      address: 'data.aws_iam_policy_document.key',
      values: { statement: statements },
      unknown: { id: true, json: true, statement: [{}, { principals: [{ identifiers: [true] }] }] },
      expressions: {
        statement: [{}, { principals: [{ type: constant('AWS'), identifiers: ref('aws_iam_role.enclave.arn') }] }],
      },
    },
    {
      address: 'aws_kms_key.enclave',
      values: { description: 'enclave data key' },
      unknown: { id: true, arn: true, policy: true },
      expressions: { description: constant('enclave data key'), policy: ref('data.aws_iam_policy_document.key.json') },
    },
  ];
}

const cases: RuleCase[] = [
  {
    name: 'decryption granted to the enclave role only under attestation passes',
    plan: { providers: PROVIDERS, resources: tier(ATTESTED) },
    config: HT,
    expect: { 'aws_kms_key.enclave': 'pass' },
  },
  {
    name: 'decryption granted to the enclave role without attestation fails',
    plan: { providers: PROVIDERS, resources: tier([]) },
    config: HT,
    expect: { 'aws_kms_key.enclave': 'fail' },
  },
  {
    name: 'an attested grant beside an unconditioned one fails',
    plan: {
      providers: PROVIDERS,
      resources: tier(ATTESTED, [
        {
          sid: 'AppDecrypt',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:role/app'] }],
          condition: [],
        },
      ]),
    },
    config: HT,
    expect: { 'aws_kms_key.enclave': 'fail' },
  },
  {
    name: 'an enclave instance whose role no key names needs review',
    plan: {
      providers: PROVIDERS,
      resources: [
        {
          address: 'aws_instance.enclave',
          values: { instance_type: 'm5.xlarge', enclave_options: [{ enabled: true }] },
        },
      ],
    },
    config: HT,
    expect: { 'aws_instance.enclave': 'not-assessed/needs-review' },
  },
  {
    name: 'without enclave-enabled compute the rule does not apply',
    plan: { providers: PROVIDERS, resources: [] },
    config: HT,
    expect: { 'account/111111111111': 'not-assessed/not-applicable' },
  },
];

describe('ENC-002 keys bound to enclave attestation', () => {
  for (const c of cases) it(c.name, () => checkCase('ENC-002', c));
});
