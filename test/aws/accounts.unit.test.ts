/** Account list, role template and shared role credentials of a multi-account scan. */
import { describe, expect, it } from 'vitest';
import { checkRoleTemplate, parseAccounts, roleArnFor, sharedCredentials } from '../../src/aws/accounts.js';

describe('--accounts and --assume-role', () => {
  it('reads ids (deduplicated, in the order given) or organizations alone', () => {
    expect(parseAccounts(['111111111111,222222222222', '111111111111'])).toEqual(['111111111111', '222222222222']);
    expect(parseAccounts(['organizations'])).toBe('organizations');
    expect(() => parseAccounts(['organizations,111111111111'])).toThrow(/stands alone/);
    expect(() => parseAccounts(['11111111111'])).toThrow(/not a 12-digit account id/);
  });

  it('fills the role in the caller partition, or the template', () => {
    expect(roleArnFor('audit/airgap-audit-readonly', '111111111111', 'aws-us-gov')).toBe(
      'arn:aws-us-gov:iam::111111111111:role/audit/airgap-audit-readonly',
    );
    expect(roleArnFor('arn:aws:iam::{account}:role/r', '222222222222', 'aws')).toBe('arn:aws:iam::222222222222:role/r');
    expect(checkRoleTemplate('arn:aws:iam::{account}:role/path/r')).toBe('arn:aws:iam::{account}:role/path/r');
    expect(() => checkRoleTemplate('arn:aws:s3:::{account}')).toThrow(/not an IAM role ARN template/);
    expect(() => checkRoleTemplate('bad name')).toThrow(/not an IAM role name/);
  });
});

describe('shared role credentials', () => {
  const creds = (n: number, expiresInMs: number) => ({
    accessKeyId: `AK${n}`,
    secretAccessKey: 's',
    expiration: new Date(Date.now() + expiresInMs),
  });

  it('assumes the role once for every concurrent client, and again only near expiry', async () => {
    let calls = 0;
    const shared = sharedCredentials(async () => creds(++calls, 3_600_000));
    const got = await Promise.all([shared(), shared(), shared()]);
    expect(calls).toBe(1);
    expect(new Set(got.map((c) => c.accessKeyId))).toEqual(new Set(['AK1']));
    let soon = 0;
    const expiring = sharedCredentials(async () => creds(++soon, 60_000));
    await expiring();
    await expiring();
    // Within five minutes of expiry each request renews.
    expect(soon).toBe(2);
  });

  it('does not remember a refusal', async () => {
    let calls = 0;
    const shared = sharedCredentials(async () => {
      calls++;
      if (calls === 1) throw new Error('AccessDenied');
      return creds(calls, 3_600_000);
    });
    await expect(shared()).rejects.toThrow('AccessDenied');
    expect((await shared()).accessKeyId).toBe('AK2');
  });
});
