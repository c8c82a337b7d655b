import { credentialVariables } from './environment-name.js';
import type { GrafanaAuth } from './types.js';

const GENERIC = { token: 'GRAFANA_TOKEN', user: 'GRAFANA_USER', password: 'GRAFANA_PASSWORD' };

/**
 * Credentials come from the environment only: GRAFANA_TOKEN (Bearer) or GRAFANA_USER +
 * GRAFANA_PASSWORD (basic). With a selected environment, its own variables
 * (GRAFANA_TOKEN_<NAME>, or GRAFANA_USER_<NAME> + GRAFANA_PASSWORD_<NAME>) come first; when
 * none of them is set the generic ones apply. Problems are appended to `problems`; no value
 * is ever echoed.
 */
export function resolveAuth(env: Record<string, string | undefined>, problems: string[], environment?: string): GrafanaAuth {
  if (environment !== undefined) {
    const scoped = credentialVariables(environment);
    if ([scoped.token, scoped.user, scoped.password].some((name) => present(env[name]) !== undefined)) {
      return readCredentials(env, scoped, problems);
    }
  }
  const auth = readCredentials(env, GENERIC, problems);
  if (environment === undefined) return auth;
  return auth.kind === 'none' ? { kind: 'none', environment } : { ...auth, fallbackFor: environment };
}

function readCredentials(
  env: Record<string, string | undefined>,
  names: { token: string; user: string; password: string },
  problems: string[],
): GrafanaAuth {
  const token = present(env[names.token]?.trim());
  const user = present(env[names.user]?.trim());
  const password = present(env[names.password]);
  if (token !== undefined && (user !== undefined || password !== undefined)) {
    problems.push(`both ${names.token} and ${names.user}/${names.password} are set: keep only one way to sign in`);
    return { kind: 'token', token, from: names.token };
  }
  if (token !== undefined && !TOKEN_CHARACTERS.test(token)) {
    problems.push(
      `${names.token} holds a character no token has (a line break, tab or space inside it, or a non-ASCII character such as a typographic quote, often from copying): set it again from the token itself`,
    );
    return { kind: 'none' };
  }
  if (token !== undefined) return { kind: 'token', token, from: names.token };
  if (user !== undefined && password === undefined) {
    problems.push(`${names.user} is set but ${names.password} is not: set both for basic auth, or use ${names.token}`);
    return { kind: 'none' };
  }
  if (password !== undefined && user === undefined) {
    problems.push(`${names.password} is set but ${names.user} is not: set both for basic auth, or use ${names.token}`);
    return { kind: 'none' };
  }
  if (user !== undefined && user.includes(':')) {
    // Basic auth sends user:password; the first colon ends the user (RFC 7617), so Grafana would read another user.
    problems.push(`${names.user} holds ":", which basic auth cannot carry in a user name: use the login without it, or ${names.token}`);
    return { kind: 'none' };
  }
  if (user !== undefined && password !== undefined) return { kind: 'basic', user, password, from: `${names.user} and ${names.password}`, passwordFrom: names.password };
  return { kind: 'none' };
}

/** Grafana's tokens (glsa_…, API keys, Cloud tokens) are printable ASCII without spaces; anything else cannot go into an Authorization header as it is. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

function present(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' ? value : undefined;
}
