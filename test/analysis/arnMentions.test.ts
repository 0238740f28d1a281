/**
 * `ArnMentions` must find exactly what `text.includes(arn)` over every known ARN finds: seeded role ARNs with paths,
 * ARNs that are prefixes of others, duplicate texts, and policy texts naming several of them. Values that are no ARN
 * (not starting with `arn:`) are never found, even where a text holds them.
 */
import { describe, expect, it } from 'vitest';
import { ArnMentions } from '../../src/analysis/arnMentions.js';
import { createRandom, type Random } from '../input/randomJson.js';

function roleArn(random: Random): string {
  const account = random.pick(['111122223333', '444455556666']);
  const path = random.pick(['', 'service-role/', 'team/a/']);
  // Short names from a small alphabet, so that one name is often a prefix of another (`app` and `app-1`).
  const name = Array.from({ length: random.int(1, 6) }, () => random.pick(['a', 'p', '-', '1', '+', '='])).join('');
  return `arn:${random.pick(['aws', 'aws-us-gov'])}:iam::${account}:role/${path}${name}`;
}

function policyText(random: Random, arns: readonly string[]): string {
  const principals = Array.from({ length: random.int(0, 4) }, () =>
    random.next() < 0.8 && arns.length ? random.pick(arns) : `arn:aws:iam::111122223333:user/u${random.int(0, 9)}`,
  );
  const noise = random.pick([
    '',
    'arn:',
    'arn:aws:kms:us-east-1:111122223333:key/*',
    'xarn:aws:iam::1:role/',
    'not-an-arn',
    'role/app',
    'arn-07a1e3',
  ]);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'kms:*', Resource: noise }],
  });
}

describe('ArnMentions', () => {
  it('finds exactly the ARNs text.includes finds', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = createRandom(seed);
      const entries: [string, string][] = Array.from({ length: random.int(0, 200) }, (_, i) => [
        random.next() < 0.03 ? random.pick(['', 'not-an-arn', 'role/app', 'arn-07a1e3']) : roleArn(random),
        `aws_iam_role.r${i}`,
      ]);
      // The caller's map keeps the last role per ARN; the index is built from that map, as keyLinks does.
      const byArn = new Map(entries);
      const index = new ArnMentions(byArn);
      let mentions = 0;
      for (let i = 0; i < 300; i++) {
        const text = policyText(random, [...byArn.keys()]);
        const expected = [...byArn]
          .filter(([arn]) => arn.startsWith('arn:') && text.includes(arn))
          .map(([, role]) => role);
        const found = index.mentionedIn(text);
        expect(new Set(found), `seed ${seed}: ${text}`).toEqual(new Set(expected));
        expect(found.length).toBe(new Set(found).size);
        mentions += expected.length;
      }
      if (byArn.size > 20) expect(mentions).toBeGreaterThan(100);
    }
  });
});

describe('ArnMentions on values that are no ARN', () => {
  it('never finds them, though the text holds them', () => {
    const index = new ArnMentions([
      ['arn-07a1e3', 'aws_iam_role.fake'],
      ['role/app', 'aws_iam_role.path'],
      ['arn:aws:iam::111122223333:role/app', 'aws_iam_role.real'],
    ]);
    expect(index.mentionedIn('{"AWS":["arn-07a1e3","role/app","arn:aws:iam::111122223333:role/app"]}')).toEqual([
      'aws_iam_role.real',
    ]);
  });
});
