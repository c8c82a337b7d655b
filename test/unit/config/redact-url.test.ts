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
});
