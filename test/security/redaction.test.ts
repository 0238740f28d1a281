/**
 * The redactor the engine applies to every finding: sensitive values of the model are replaced at token
 * boundaries, literally (no regular expression), in text and in nested evidence.
 */
import { describe, expect, it } from 'vitest';
import { redactorFor, sensitiveValues } from '../../src/engine/redaction.js';
import { addEntity, createInventory } from '../../src/model/inventory.js';
import type { Entity } from '../../src/model/types.js';
import { parsePolicy } from '../../src/policy/policyDocument.js';

function inventoryWith(...entities: Entity[]) {
  const inv = createInventory();
  for (const e of entities) addEntity(inv, e);
  return inv;
}

const bucket = (name: string, sensitive: string[]): Entity =>
  ({
    kind: 'Bucket',
    meta: { address: `aws_s3_bucket.${name.length}`, type: 'aws_s3_bucket', source: 'plan', sensitive },
    bucketName: name,
  }) as unknown as Entity;

describe('redaction where findings are built', () => {
  it('replaces a sensitive value at token boundaries only', () => {
    const r = redactorFor(inventoryWith(bucket('secret-logs', ['bucketName'])));
    expect(r.text('Bucket secret-logs has no lock; arn:aws:s3:::secret-logs/*')).toBe(
      'Bucket (sensitive) has no lock; arn:aws:s3:::(sensitive)/*',
    );
    expect(r.text('my-secret-logs2 and secret-logsX stay')).toBe('my-secret-logs2 and secret-logsX stay');
    expect(r.deep({ observed: ['secret-logs', { name: 'secret-logs' }], n: 3 })).toEqual({
      observed: ['(sensitive)', { name: '(sensitive)' }],
      n: 3,
    });
  });

  it('leaves values of fields not marked sensitive, and short values, alone', () => {
    expect(sensitiveValues(inventoryWith(bucket('public-logs', [])))).toEqual(new Set());
    expect(sensitiveValues(inventoryWith(bucket('abc', ['bucketName'])))).toEqual(new Set());
  });

  it('takes principals, resources and condition values of a sensitive policy, not its actions', () => {
    const policy = parsePolicy(
      JSON.stringify({
        Statement: [
          {
            Sid: 'OrgOnly',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' } },
          },
        ],
      }),
      'test',
    );
    const key = {
      kind: 'KmsKey',
      meta: { address: 'aws_kms_key.k', type: 'aws_kms_key', source: 'plan', sensitive: ['policy'] },
      policy,
      aliases: [],
      customerManaged: true,
    } as unknown as Entity;
    expect(sensitiveValues(inventoryWith(key))).toEqual(
      new Set(['OrgOnly', 'arn:aws:iam::111122223333:root', 'o-abcdef1234']),
    );
  });

  it('masks a sensitive number in a message', () => {
    const role = {
      kind: 'Role',
      meta: { address: 'aws_iam_role.r', type: 'aws_iam_role', source: 'plan', sensitive: ['maxSessionDuration'] },
      maxSessionDuration: 43187,
    } as unknown as Entity;
    expect(redactorFor(inventoryWith(role)).text('Sessions may last 43187 s')).toBe('Sessions may last (sensitive) s');
  });

  it('handles a sensitive value of 100,000 characters without a regular expression', () => {
    const huge = `x${'a'.repeat(100_000)}`;
    const r = redactorFor(inventoryWith(bucket(huge, ['bucketName'])));
    expect(r.text(`[${huge}]`)).toBe('[(sensitive)]');
  });
});
