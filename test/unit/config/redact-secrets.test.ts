import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/config/redact-secrets.js';

describe('redactSecrets', () => {
  const token = 'glsa_a/b+c"d\\é';
  it.each([
    ['as written', `Bearer ${token}.`],
    ['percent-encoded, either case', 'Bearer glsa_a%2Fb%2bc%22d%5C%C3%A9.'],
    ['percent-encoded in part', 'Bearer glsa_a%2Fb+c"d\\é.'],
    ['in a JSON string with escapes', 'Bearer glsa_a\\/b+c\\"d\\\\\\u00e9.'],
    ['in a JSON string with escapes, upper-case hex', 'Bearer glsa_a\\/b\\u002Bc\\"d\\\\\\u00E9.'],
  ])('replaces the secret %s', (_form, text) => {
    expect(redactSecrets(text, [token])).toBe('Bearer [redacted].');
  });

  it('leaves text without a secret, escapes and all, as it is', () => {
    const text = '{"message":"a\\/b %2F \\u00e9 \\\\"}';
    expect(redactSecrets(text, [token])).toBe(text);
  });

  it('a secret beyond the basic plane, escaped as a surrogate pair', () => {
    expect(redactSecrets('x \\ud83d\\ude00pass y', ['😀pass'])).toBe('x [redacted] y');
  });

  it('redacts a secret escaped near the end of a 5 MB body full of escapes', () => {
    const filler = '{"path":"\\/api\\/x%2Fy \\u00e9"},'.repeat(Math.ceil(5_000_000 / 30)).slice(0, 5_000_000);
    const escaped = 'glsa_a%2Fb\\u002Bc\\"d\\\\%C3%A9';
    const redacted = redactSecrets(`${filler.slice(0, 64 * 1024 - 100)}${escaped}${filler}${escaped}`, [token]);
    expect(redacted).not.toContain('glsa_a');
    expect(redacted.split('[redacted]')).toHaveLength(3);
  });
});
