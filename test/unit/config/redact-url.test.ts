import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/config/redact-url.js';

describe('redactUrl', () => {
  it('replaces a secret in the path as written and in any percent-encoded form, wholly or in part', () => {
    const secret = 'p@ss w0rd^|+';
    // As the URL parser leaves it (a blank escaped, the rest as typed), as encodeURIComponent writes it, in lower case, in part.
    for (const path of ['p@ss%20w0rd^|+', 'p%40ss%20w0rd%5E%7C%2B', 'p%40ss%20w0rd%5e%7c%2b', '%70@ss%20w0rd^|%2b']) {
      expect(redactUrl(`https://gw.example.com/grafana/${path}/x`, [secret])).toBe('https://gw.example.com/grafana/[redacted]/x');
    }
    // A secret that holds an escape is replaced as written too.
    expect(redactUrl('https://gw.example.com/ab%41cd', ['ab%41cd'])).toBe('https://gw.example.com/[redacted]');
    expect(redactUrl('https://gw.example.com/ab%2541cd', ['ab%41cd'])).toBe('https://gw.example.com/[redacted]');
    // Non-ASCII: its UTF-8 bytes, escaped or not.
    expect(redactUrl('https://gw.example.com/%C3%A9t%c3%a9-secret', ['été-secret'])).toBe('https://gw.example.com/[redacted]');
  });

  it('replaces it in the userinfo, query and fragment, never in the scheme or host', () => {
    expect(redactUrl('https://grafana.example.com/grafana', ['grafana'])).toBe('https://grafana.example.com/[redacted]');
    expect(redactUrl('https://admin:admin@admin.example.com:3000/admin?admin#admin', ['admin'])).toBe(
      'https://[redacted]:[redacted]@admin.example.com:3000/[redacted]?[redacted]#[redacted]',
    );
    expect(redactUrl('https://https.example.com', ['https'])).toBe('https://https.example.com');
  });

  it('in text around URLs (a proxy route, a network failure), treats each URL so and replaces the secret elsewhere', () => {
    const secret = 'hunter22';
    expect(redactUrl(`proxy: http://hunter22.corp:3128 (from HTTPS_PROXY) for https://gw.example.com/hunter%32%32, token hunter22 refused`, [secret])).toBe(
      'proxy: http://hunter22.corp:3128 (from HTTPS_PROXY) for https://gw.example.com/[redacted], token [redacted] refused',
    );
  });

  it('replaces the longer of two overlapping secrets whole, and leaves a URL without secrets as it is', () => {
    expect(redactUrl('https://gw.example.com/YWRtaW46c2VjcmV0/secret', ['secret', 'YWRtaW46c2VjcmV0'])).toBe('https://gw.example.com/[redacted]/[redacted]');
    expect(redactUrl('https://gw.example.com/sub%2Fpath', [])).toBe('https://gw.example.com/sub%2Fpath');
  });

  // review-69b M1: a URL in text ends at a quote, `<`, `>`, a backquote or a blank; a secret holding one goes on past it.
  it('replaces a secret holding a character that ends a URL in text, wherever it stands, as written and percent-encoded', () => {
    expect(redactUrl("https://gw/Summer'24-pass/api", ["Summer'24-pass"])).toBe('https://gw/[redacted]/api');
    const token = 'tk\'n"q$v`x%41!;&|<>1';
    // As the URL parser leaves it in a path (`'` as typed, the rest escaped), in a plan header, and as a JSON string holds it.
    const parsed = "tk'n%22q$v%60x%41!;&|%3C%3E1";
    expect(redactUrl(`dashsync plan for http://127.0.0.1:19778/${parsed} (org 1, from the credentials) through /apis`, [token])).toBe(
      'dashsync plan for http://127.0.0.1:19778/[redacted] (org 1, from the credentials) through /apis',
    );
    expect(redactUrl(JSON.stringify({ url: `http://127.0.0.1:19778/${parsed}`, urlFlag: `http://127.0.0.1:19778/${token}` }), [token])).toBe(
      '{"url":"http://127.0.0.1:19778/[redacted]","urlFlag":"http://127.0.0.1:19778/[redacted]"}',
    );
    expect(redactUrl(`error: unexpected argument "http://gw/${token}" (see dashsync plan --help)`, [token])).toBe('error: unexpected argument "http://gw/[redacted]" (see dashsync plan --help)');
    for (const character of ['"', '<', '>', '`', ' ']) {
      const secret = `pass${character}word-9`;
      expect(redactUrl(`https://admin:${secret}@gw.example.com/x and https://gw.example.com/${secret}/y`, [secret])).toBe(
        'https://admin:[redacted]@gw.example.com/x and https://gw.example.com/[redacted]/y',
      );
      expect(redactUrl(`https://gw.example.com/${encodeURIComponent(secret)}`, [secret])).toBe('https://gw.example.com/[redacted]');
    }
    // The host is held out still: a secret that is a host's name is left there, and replaced past it.
    expect(redactUrl("https://gw.example.com/gw'x and gw'x", ["gw'x", 'gw'])).toBe('https://gw.example.com/[redacted] and [redacted]');
  });
});
