import { describe, expect, it } from 'vitest';
import { maskUrlCredentials, maskUrlCredentialsDeep } from '../../src/analysis/moduleSource.js';

describe('masking credentials in URLs', () => {
  it("masks the user-info of every URL in a text and keeps git's fixed SSH user", () => {
    expect(maskUrlCredentials('git::https://oauth2:TOKEN@gitlab.example/x.git and ssh://git@github.com/y')).toBe(
      'git::https://***@gitlab.example/x.git and ssh://git@github.com/y',
    );
  });

  it('masks strings at any depth of a value, keys and non-strings kept, and copies only what it masks', () => {
    const clean = { a: ['x', 1, null, { b: 'mail@example.com' }], c: true };
    expect(maskUrlCredentialsDeep(clean)).toBe(clean);
    const value = { a: ['x', { b: 'https://u:p@host/repo' }], c: 2, 'https://k:v@key': 'kept' };
    const masked = maskUrlCredentialsDeep(value);
    expect(masked).toEqual({ a: ['x', { b: 'https://***@host/repo' }], c: 2, 'https://k:v@key': 'kept' });
    expect(value.a[1]).toEqual({ b: 'https://u:p@host/repo' });
    expect((masked as { a: unknown[] }).a[0]).toBe('x');
  });

  it('never reads an inherited member', () => {
    const inherited = Object.create({ leaked: 'https://u:p@host' }) as Record<string, unknown>;
    inherited.own = 'plain';
    expect(maskUrlCredentialsDeep(inherited)).toBe(inherited);
  });
});
