/**
 * Policies are parsed once per distinct text and the parsed document is shared by every entity that holds that text:
 * each keeps its own origin, the model's policy types are read-only so that no reader can change a shared document
 * for the others (the type-check of the tests fails if they are not), a text that does not parse gives the same
 * message every time, and the cache empties itself once it holds 16 Mi characters.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/policyDocument.js';

const TEXT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
    },
  ],
});

function knownDoc(text: string, origin: string) {
  const value = parsePolicy(text, origin);
  if (value.state !== 'known') throw new Error(`expected a known policy, got ${value.state}`);
  return value;
}

describe('policy parse cache', () => {
  it('shares one read-only document among the holders of one text, each with its own origin', () => {
    const a = knownDoc(TEXT, 'aws_kms_key.a.policy');
    const b = knownDoc(`${TEXT}`, 'aws_kms_key.b.policy');
    expect(b.doc).toBe(a.doc);
    expect([a.origin, b.origin]).toEqual(['aws_kms_key.a.policy', 'aws_kms_key.b.policy']);
    expect(a.bytes).toBe(Buffer.byteLength(TEXT));
    const [statement] = a.doc.statements;
    expect(statement?.condition.StringEquals?.['aws:sourcevpce']).toEqual(['vpce-1']);
    // Never called: each line must be a type error, or the type-check of the tests fails.
    const writers = [
      // @ts-expect-error a shared document's statements cannot be added to
      () => a.doc.statements.push({ effect: 'Deny', condition: {} }),
      // @ts-expect-error nor its statements changed
      () => statement?.action?.push('s3:*'),
      // @ts-expect-error nor their conditions
      () => statement && (statement.condition.StringEquals = {}),
      // @ts-expect-error nor the document's version
      () => (a.doc.version = '2008-10-17'),
    ];
    expect(writers).toHaveLength(4);
  });

  it('gives a text that does not parse the same message each time', () => {
    for (let round = 0; round < 2; round++) {
      expect(parsePolicy('{"Statement": [', 'x')).toEqual({
        state: 'malformed',
        origin: 'x',
        error: expect.stringMatching(/^not valid JSON( \(at character \d+\))?$/),
      });
      expect(parsePolicy('{"Statement":[{"Effect":"Maybe","Action":"s3:*"}]}', `y${round}`)).toEqual({
        state: 'malformed',
        origin: `y${round}`,
        error: 'Statement[0].Effect must be Allow or Deny',
      });
    }
  });

  it('parses an object afresh, never through the cache', () => {
    const raw = JSON.parse(TEXT) as unknown;
    const first = parsePolicy(raw, 'o');
    const second = parsePolicy(raw, 'o');
    if (first.state !== 'known' || second.state !== 'known') throw new Error('expected known policies');
    expect(second.doc).not.toBe(first.doc);
    expect(second.doc).toEqual(first.doc);
  });

  it('empties itself once the texts it holds pass 16 Mi characters', () => {
    const first = knownDoc(TEXT, 'first').doc;
    expect(knownDoc(TEXT, 'again').doc).toBe(first);
    const filler = (i: number) =>
      JSON.stringify({ Statement: [{ Sid: `${i}`.padEnd(1024 * 1024, 'x'), Effect: 'Allow', Action: 's3:*' }] });
    for (let i = 0; i < 17; i++) knownDoc(filler(i), `filler ${i}`);
    const after = knownDoc(TEXT, 'after').doc;
    expect(after).not.toBe(first);
    expect(after).toEqual(first);
  });
});
