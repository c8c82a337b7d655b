import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/config/redact-secrets.js';
import { secretsInEnvironment, secretsOf } from '../../../src/config/credential-secrets.js';

describe('redactSecrets', () => {
  const token = 'glsa_a/b+c"d\\é';
  it.each([
    ['as written', `Bearer ${token}.`],
    ['percent-encoded, either case', 'Bearer glsa_a%2Fb%2bc%22d%5C%C3%A9.'],
    ['percent-encoded in part', 'Bearer glsa_a%2Fb+c"d\\é.'],
    ['in a JSON string with escapes', 'Bearer glsa_a\\/b+c\\"d\\\\\\u00e9.'],
    ['in a JSON string with escapes, upper-case hex', 'Bearer glsa_a\\/b\\u002Bc\\"d\\\\\\u00E9.'],
    // sec-67 L3: an HTML page (a gateway's error page) writes `"` and `é` as entities.
    ['as HTML entities, named', 'Bearer glsa_a/b+c&quot;d\\é.'],
    ['as HTML entities, decimal and hex', 'Bearer glsa_a&#47;b&#x2B;c&#34;d&#92;&#xe9;.'],
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

describe('redactSecrets: a short or all-letters secret (admin:admin, Grafana\'s default)', () => {
  it('replaces the secret where it stands as a word, not inside other words', () => {
    const text = 'Only org admins may list "Recently deleted"; permission denied for admin (Administrators: admin:admin)';
    expect(redactSecrets(text, ['admin'])).toBe('Only org admins may list "Recently deleted"; permission denied for [redacted] (Administrators: [redacted]:[redacted])');
  });

  it('still replaces it after an escape that ends in a letter or digit, and in its escaped forms', () => {
    expect(redactSecrets('user%20admin, "\\nadmin", \\u0020admin, p=%61dmin&', ['admin'])).toBe('user%20[redacted], "\\n[redacted]", \\u0020[redacted], p=[redacted]&');
  });

  it('redacts a password of one to three characters as a word (it used to be printed as it is)', () => {
    expect(redactSecrets('login failed for x:pw (pw)', ['pw'])).toBe('login failed for x:[redacted] ([redacted])');
    expect(redactSecrets('new pwd: x', ['pw'])).toBe('new pwd: x');
  });

  it('a long secret of letters and digits is still replaced inside other text', () => {
    expect(redactSecrets('keyS3cr3tPassw0rdX', ['S3cr3tPassw0rd'])).toBe('key[redacted]X');
  });
});

describe('secretsOf', () => {
  it('keeps a password of any length, the empty one aside', () => {
    expect(secretsOf({ kind: 'basic', user: 'x', password: 'pw' })).toContain('pw');
    expect(secretsOf({ kind: 'basic', user: 'x', password: '' })).not.toContain('');
  });
});

describe('secretsInEnvironment (review-68b H1: what is printed before an environment is chosen)', () => {
  it('every credential variable set: the generic ones and each environment\'s, basic ones with their header forms; nothing else', () => {
    const secrets = secretsInEnvironment({
      GRAFANA_TOKEN: ' glsa_generic ',
      GRAFANA_TOKEN_PROD_EU: 'glsa_prod',
      GRAFANA_USER_STAGING: 'ops',
      GRAFANA_PASSWORD_STAGING: 'staging-pw',
      GRAFANA_URL: 'https://grafana.example.com',
      GRAFANA_ORG_ID: '2',
      GRAFANA_PASSWORD: undefined,
    });
    expect(secrets).toEqual(expect.arrayContaining(['glsa_generic', 'glsa_prod', 'staging-pw', Buffer.from('ops:staging-pw').toString('base64')]));
    expect(secrets).not.toContain('https://grafana.example.com');
    expect(secrets).not.toContain('2');
    expect(secrets).not.toContain('ops');
  });
});
