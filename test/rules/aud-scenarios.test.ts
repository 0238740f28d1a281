import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../support/auditFixtures.js';
import { blueprintAudit, leakyAudit } from '../support/scenarios/audit.js';
import { findingsFor } from '../support/ruleTester.js';

const AUDIT_RULES = ['AUD-001', 'AUD-002', 'AUD-003', 'AUD-004', 'AUD-005', 'AUD-006', 'AUD-007'];

function statuses(ruleId: string, resources: ReturnType<typeof blueprintAudit>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of findingsFor(ruleId, { providers: PROVIDERS, resources }, { trustedAccounts: ['222222222222'] }))
    (out[f.resource.address] ??= []).push(f.reason ? `${f.status}/${f.reason}` : f.status);
  return out;
}

describe('audit part of the shipped scenarios', () => {
  it('the blueprint passes every audit rule', () => {
    for (const id of AUDIT_RULES) {
      const got = statuses(id, blueprintAudit());
      expect(Object.keys(got).length, id).toBeGreaterThan(0);
      for (const [address, list] of Object.entries(got))
        expect(list, `${id} ${address}`).toEqual(list.map(() => 'pass'));
    }
  });

  it('the leaky twin fails on each planted true positive', () => {
    const leaky = leakyAudit();
    expect(statuses('AUD-002', leaky)).toEqual({
      'aws_cloudtrail.organization': ['fail'],
      'aws_cloudtrail.bedrock_agents': ['fail'],
    });
    expect(statuses('AUD-003', leaky)).toEqual({ 'aws_bedrock_model_invocation_logging_configuration.main': ['fail'] });
    expect(statuses('AUD-004', leaky)).toEqual({
      'aws_s3_bucket.audit_trail': ['fail'],
      'aws_s3_bucket.invocation_logs': ['fail'],
    });
    // The trap beside the true positive: s3:Delete* covers both actions.
    expect(statuses('AUD-005', leaky)).toEqual({
      'aws_s3_bucket.audit_trail': ['fail'],
      'aws_s3_bucket.invocation_logs': ['pass'],
    });
    expect(statuses('AUD-006', leaky)).toEqual({
      'aws_s3_bucket.audit_trail': ['fail'],
      'aws_s3_bucket.invocation_logs': ['pass'],
    });
  });
});
