import {
  evidence,
  fail,
  notAssessed,
  pass,
  resourceOf,
  unsettledReason,
  unsettledWords,
} from '../src/engine/ruleKit.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { isUnknown, ofKind } from '../src/model/inventory.js';
import type { ComputeWorkload } from '../src/model/types.js';

function judge(w: ComputeWorkload): RuleResult {
  const res = resourceOf(w);
  const ev = [evidence(w, 'enclaveEnabled', w.enclaveEnabled, 'true')];
  if (isUnknown(w, 'enclaveEnabled') || w.enclaveEnabled === undefined)
    return notAssessed(res, unsettledReason(w, 'enclaveEnabled'), {
      message: `Whether Nitro Enclaves are enabled is ${unsettledWords(w, 'enclaveEnabled').words}`,
      evidence: ev,
    });
  if (!w.enclaveEnabled)
    return fail(res, {
      message: `${w.computeKind === 'instance' ? 'Instance' : 'Launch template'} does not enable Nitro Enclaves`,
      evidence: ev,
    });
  return pass(res, { message: 'Nitro Enclaves enabled', evidence: ev });
}

export const rule: Rule = {
  meta: {
    id: 'ENC-001',
    title: 'Workload instances run with Nitro Enclaves',
    severity: 'high',
    layer: 5,
    profiles: ['highest-trust'],
    rationale:
      "A Nitro Enclave is an isolated environment with no network, no storage and no operator access: data decrypted inside it is out of reach of the instance's administrators. The highest-trust blueprint processes sensitive data only there.",
    remediation:
      'Set `enclave_options { enabled = true }` on each `aws_instance` and `aws_launch_template` of the workload (on an instance type that supports enclaves).',
    references: ['https://docs.aws.amazon.com/enclaves/latest/user/nitro-enclave.html'],
    reads: ['ComputeWorkload'],
  },
  check(inventory) {
    return ofKind(inventory, 'ComputeWorkload')
      .filter((w) => w.computeKind === 'instance' || w.computeKind === 'launch-template')
      .map(judge);
  },
};
