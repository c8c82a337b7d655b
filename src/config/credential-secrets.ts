import type { GrafanaAuth } from './types.js';

/**
 * The values of the run's credentials that no output may show: the token, or the password and the basic-auth header value.
 * However short: redactSecrets replaces a short or all-letters one as a whole word only, so it garbles no other word.
 */
export function secretsOf(auth: GrafanaAuth): string[] {
  const secrets =
    auth.kind === 'token'
      ? [auth.token]
      : auth.kind === 'basic'
        ? [auth.password, ...basicHeaderForms(auth.user, auth.password)]
        : [];
  return secrets.filter((secret) => secret !== '');
}

/**
 * The basic-auth header value as an echo may show it: as sent, without its `=` padding (an echo that drops it), and in
 * the URL-safe alphabet (`-`, `_`) where that differs. Longest first, the padded form goes whole where it is there.
 */
function basicHeaderForms(user: string, password: string): string[] {
  const sent = Buffer.from(`${user}:${password}`).toString('base64');
  const unpadded = sent.replace(/=+$/, '');
  return [...new Set([sent, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')])];
}
