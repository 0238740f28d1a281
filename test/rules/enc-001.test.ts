import { describe, it } from 'vitest';
import { constant, ref } from '../support/planBuilder.js';
import { checkCase, type RuleCase } from '../support/ruleTester.js';

const HT = { profile: 'highest-trust' as const };

const cases: RuleCase[] = [
  {
    name: 'an instance with enclave_options enabled passes',
    plan: {
      resources: [
        {
          address: 'aws_instance.enclave',
          values: { instance_type: 'm5.xlarge', enclave_options: [{ enabled: true }] },
        },
      ],
    },
    config: HT,
    expect: { 'aws_instance.enclave': 'pass' },
  },
  {
    name: 'an instance without enclave_options fails (the plan shows the computed block unknown)',
    plan: {
      resources: [
        {
          address: 'aws_instance.app',
          values: { instance_type: 'm5.xlarge' },
          unknown: { id: true, enclave_options: true },
        },
      ],
    },
    config: HT,
    expect: { 'aws_instance.app': 'fail' },
  },
  {
    name: 'a launch template without enclave_options fails',
    plan: { resources: [{ address: 'aws_launch_template.app', values: { name: 'app', enclave_options: [] } }] },
    config: HT,
    expect: { 'aws_launch_template.app': 'fail' },
  },
  {
    name: 'an instance started from an enclave launch template inherits the setting',
    plan: {
      resources: [
        {
          address: 'aws_launch_template.enclave',
          values: { name: 'enclave', enclave_options: [{ enabled: true }] },
          unknown: { id: true },
        },
        {
          address: 'aws_instance.enclave',
          values: { launch_template: [{ id: null, version: '$Latest' }] },
          unknown: { id: true, enclave_options: true, launch_template: [{ id: true }] },
          expressions: {
            launch_template: [{ id: ref('aws_launch_template.enclave.id'), version: constant('$Latest') }],
          },
        },
      ],
    },
    config: HT,
    expect: { 'aws_launch_template.enclave': 'pass', 'aws_instance.enclave': 'pass' },
  },
  {
    name: 'enclave_options set from a variable unknown until apply is not assessed',
    plan: {
      resources: [
        {
          address: 'aws_instance.app',
          values: {},
          unknown: { enclave_options: true },
          expressions: { enclave_options: [{ enabled: ref('var.enclave') }] },
        },
      ],
    },
    config: HT,
    expect: { 'aws_instance.app': 'not-assessed/unknown-at-plan' },
  },
];

describe('ENC-001 Nitro Enclaves', () => {
  for (const c of cases) it(c.name, () => checkCase('ENC-001', c));
});
