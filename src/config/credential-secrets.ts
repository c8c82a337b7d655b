import type { GrafanaAuth } from './types.js';

/** Secrets shorter than 4 characters are not redacted: replacing them would garble ordinary words. */
const SHORTEST_REDACTED = 4;

/** The values of the run's credentials that no output may show: the token, or the password and the basic-auth header value. */
export function secretsOf(auth: GrafanaAuth): string[] {
  const secrets =
    auth.kind === 'token'
      ? [auth.token]
      : auth.kind === 'basic'
        ? [auth.password, ...basicHeaderForms(auth.user, auth.password)]
        : [];
  return secrets.filter((secret) => secret.length >= SHORTEST_REDACTED);
}

/**
 * The basic-auth header value as an echo may show it: base64 without its `=` padding (which covers the padded form
 * too, and an echo that drops it), and the URL-safe alphabet's spelling (`-`, `_`) where it differs.
 */
function basicHeaderForms(user: string, password: string): string[] {
  const base64 = Buffer.from(`${user}:${password}`).toString('base64').replace(/=+$/, '');
  const urlSafe = base64.replace(/\+/g, '-').replace(/\//g, '_');
  return urlSafe === base64 ? [base64] : [base64, urlSafe];
}
