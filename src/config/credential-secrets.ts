import type { GrafanaAuth } from './types.js';

/** Secrets shorter than 4 characters are not redacted: replacing them would garble ordinary words. */
const SHORTEST_REDACTED = 4;

/** The values of the run's credentials that no output may show: the token, or the password and the basic-auth header value. */
export function secretsOf(auth: GrafanaAuth): string[] {
  const secrets =
    auth.kind === 'token'
      ? [auth.token]
      : auth.kind === 'basic'
        ? [auth.password, Buffer.from(`${auth.user}:${auth.password}`).toString('base64')]
        : [];
  return secrets.filter((secret) => secret.length >= SHORTEST_REDACTED);
}

/** A server that echoes our request (debug proxies do) must not leak the credential into an error. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('[redacted]');
  return result;
}
