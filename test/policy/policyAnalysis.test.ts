/** The policy semantics the key and identity rules share, asked directly. */
import { describe, expect, it } from 'vitest';
import { judgeModelReference } from '../../src/analysis/modelRegions.js';
import { couldNameModel, invocationGrant } from '../../src/analysis/bedrockArns.js';
import { isAdminStatement, statementCoversAction } from '../../src/policy/analysis.js';
import {
  callerPin,
  deniesOutsideVpc,
  mfaCondition,
  oidcSubjectPin,
  parseOperator,
  vpcSourceCondition,
  type TrustedCallers,
} from '../../src/policy/conditions.js';
import { normalizePolicy, type PolicyStatement } from '../../src/policy/policyDocument.js';
import { renderPolicy } from '../../src/policy/render.js';

function stmt(raw: Record<string, unknown>): PolicyStatement {
  return normalizePolicy({ Statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', ...raw } })
    .statements[0];
}

const trusted: TrustedCallers = { accounts: new Set(['111111111111']), orgs: new Set() };

describe('operators', () => {
  it('splits set prefixes and IfExists', () => {
    expect(parseOperator('ForAnyValue:StringEqualsIfExists')).toEqual({
      base: 'StringEquals',
      ifExists: true,
      set: 'ForAnyValue',
    });
    expect(parseOperator('ArnLike')).toEqual({ base: 'ArnLike', ifExists: false, set: undefined });
  });
});

describe('callerPin', () => {
  const pin = (condition: Record<string, unknown>, t = trusted) =>
    callerPin(stmt({ Principal: '*', Condition: condition }), t).state;
  it.each([
    [{ StringEquals: { 'kms:CallerAccount': '111111111111' } }, 'pinned'],
    [{ StringEquals: { 'aws:PrincipalAccount': ['111111111111'] } }, 'pinned'],
    [{ 'ForAnyValue:StringEquals': { 'aws:PrincipalAccount': '111111111111' } }, 'pinned'],
    [{ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } }, 'pinned'],
    [{ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' } }, 'pinned'],
    [{ StringEquals: { 'kms:CallerAccount': ['111111111111', '999999999999'] } }, 'not-pinned'],
    [{ StringEqualsIfExists: { 'kms:CallerAccount': '111111111111' } }, 'not-pinned'],
    [{ 'ForAllValues:StringEquals': { 'aws:PrincipalAccount': '111111111111' } }, 'not-pinned'],
    [{ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }, 'not-pinned'],
    [{ StringNotEquals: { 'kms:CallerAccount': '999999999999' } }, 'not-pinned'],
    [{ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, 'not-pinned'],
    [{ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, 'not-pinned'],
    [{ StringEquals: { 'kms:CallerAccount': '(known after apply)' } }, 'unknown'],
  ])('%j -> %s', (condition, state) => expect(pin(condition)).toBe(state));
  it('an account pin needs to know the workload account', () => {
    expect(
      pin({ StringEquals: { 'kms:CallerAccount': '111111111111' } }, { accounts: new Set(), orgs: new Set() }),
    ).toBe('needs-review');
  });
  it('orgs listed in trustedAccounts narrow which org ids pin', () => {
    expect(
      pin(
        { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } },
        { accounts: trusted.accounts, orgs: new Set(['o-zzzzzzzzzz']) },
      ),
    ).toBe('not-pinned');
  });
  it('says why a condition does not pin', () => {
    const r = callerPin(
      stmt({ Principal: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }),
      trusted,
    );
    expect(r.state === 'not-pinned' && r.why).toMatch(/does not say who the caller is/);
  });
});

describe('actions and grants', () => {
  it('matches wildcards case-insensitively and NotAction as everything else', () => {
    expect(statementCoversAction(stmt({ Action: 'Bedrock:Invoke*' }), 'bedrock:InvokeModel')).toBe(true);
    expect(statementCoversAction(stmt({ Action: undefined, NotAction: 'iam:*' }), 'bedrock:InvokeModel')).toBe(true);
    expect(statementCoversAction(stmt({ Action: undefined, NotAction: 'bedrock:*' }), 'bedrock:InvokeModel')).toBe(
      false,
    );
  });
  it.each([
    ['*', true],
    ['arn:aws:bedrock:*', true],
    ['arn:aws:bedrock:us-east-1:111111111111:*', true],
    ['arn:aws:bedrock:us-east-1::foundation-model/*', true],
    ['arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/x', true],
    ['arn:aws:bedrock:us-east-1:111111111111:knowledge-base/KB1', false],
    ['arn:aws:bedrock:us-east-1:111111111111:agent*', false],
    ['arn:aws:s3:::bucket/*', false],
  ])('couldNameModel(%s) = %s', (pattern, expected) => expect(couldNameModel(pattern)).toBe(expected));
  it('finds invocation grants through bedrock:*, * and NotResource', () => {
    expect(
      invocationGrant(stmt({ Action: 'bedrock:*', Resource: 'arn:aws:bedrock:us-east-1::foundation-model/x' }))
        ?.resources,
    ).toEqual(['arn:aws:bedrock:us-east-1::foundation-model/x']);
    expect(
      invocationGrant(stmt({ Action: '*', Resource: undefined, NotResource: 'arn:aws:s3:::x' }))?.viaNotResource,
    ).toBe(true);
    expect(invocationGrant(stmt({ Action: 'bedrock:ListFoundationModels' }))).toBeUndefined();
    expect(invocationGrant(stmt({ Effect: 'Deny', Action: 'bedrock:*' }))).toBeUndefined();
  });
  it.each([
    [{ Action: '*' }, true],
    [{ Action: 'iam:*' }, true],
    [{ Action: undefined, NotAction: ['iam:*', 'organizations:*'] }, true],
    [{ Action: 'iam:*', Resource: 'arn:aws:iam::111111111111:role/x' }, false],
    [{ Action: 's3:*' }, false],
  ])('isAdminStatement(%j) = %s', (raw, expected) => expect(isAdminStatement(stmt(raw))).toBe(expected));
});

describe('endpoint, MFA and OIDC conditions', () => {
  it('accepts a literal aws:SourceVpce and refuses IfExists or a wildcard', () => {
    expect(vpcSourceCondition(stmt({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }))).toBeDefined();
    expect(
      vpcSourceCondition(stmt({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } })),
    ).toBeUndefined();
    expect(vpcSourceCondition(stmt({ Condition: { StringLike: { 'aws:SourceVpce': '*' } } }))).toBeUndefined();
  });
  it('recognises a Deny outside named endpoints', () => {
    expect(
      deniesOutsideVpc(
        stmt({ Effect: 'Deny', Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }),
      ),
    ).toBeDefined();
    expect(
      deniesOutsideVpc(
        stmt({
          Effect: 'Deny',
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:ViaAWSService': 'false' } },
        }),
      ),
    ).toBeUndefined();
  });
  it('requires Bool aws:MultiFactorAuthPresent true or an MFA age bound', () => {
    expect(mfaCondition(stmt({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))).toBeDefined();
    expect(mfaCondition(stmt({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }))).toBeDefined();
    expect(
      mfaCondition(stmt({ Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } })),
    ).toBeUndefined();
  });
  it.each([
    ['repo:acme/infra:ref:refs/heads/main', 'StringEquals', true],
    ['repo:acme/*', 'StringLike', true],
    ['repo:*', 'StringLike', false],
    ['*', 'StringLike', false],
  ])('sub %s with %s pins: %s', (value, op, expected) => {
    const s = stmt({ Condition: { [op]: { 'token.actions.githubusercontent.com:sub': value } } });
    expect(oidcSubjectPin(s, 'token.actions.githubusercontent.com') !== undefined).toBe(expected);
  });
});

describe('model references', () => {
  const allowed = ['us-east-1', 'us-west-2'];
  it.each([
    ['arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0', 'pass'],
    ['arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0', 'fail'],
    ['arn:aws:bedrock:*::foundation-model/amazon.titan-embed-text-v2:0', 'fail'],
    ['arn:aws:bedrock:us-east-1:111111111111:inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0', 'fail'],
    ['arn:aws:bedrock:us-east-1:111111111111:inference-profile/apac.anthropic.claude-3-5-sonnet-20240620-v1:0', 'fail'],
    ['arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/a1b2c3', 'not-assessed'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'fail'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'pass'],
  ])('%s -> %s', (ref, state) => expect(judgeModelReference(ref, allowed, [], 'us-east-1').state).toBe(state));
});

describe('renderPolicy', () => {
  it('writes a normalized policy back in IAM shape that normalizes to the same form', () => {
    const raw = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:root'] },
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': '111111111111' } },
        },
      ],
    };
    const doc = normalizePolicy(raw);
    expect(normalizePolicy(JSON.parse(renderPolicy(doc)))).toEqual(doc);
    expect(renderPolicy(doc)).toContain('\n  "Statement"');
  });
});
