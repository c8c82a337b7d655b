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

/** A credential variable set, and the values of it no output may show (as secretsOf gives them). */
export interface CredentialVariable {
  name: string;
  secrets: string[];
}

/**
 * Every credential variable set (GRAFANA_TOKEN, GRAFANA_PASSWORD, each environment's GRAFANA_TOKEN_<NAME>…) with its values:
 * for what is printed before an environment is chosen, when which of them the run sends is not known yet.
 */
export function credentialVariables(env: Record<string, string | undefined>): CredentialVariable[] {
  return Object.entries(env).flatMap(([name, value]) => {
    if (value === undefined) return [];
    const variable = /^GRAFANA_(TOKEN|PASSWORD)(_\w+)?$/.exec(name);
    if (variable === null) return [];
    const secrets =
      variable[1] === 'TOKEN'
        ? secretsOf({ kind: 'token', token: value.trim() })
        : secretsOf({ kind: 'basic', user: env[`GRAFANA_USER${variable[2] ?? ''}`]?.trim() ?? '', password: value });
    return secrets.length === 0 ? [] : [{ name, secrets }];
  });
}

/** The values of every credential variable set (credentialVariables), together. */
export function secretsInEnvironment(env: Record<string, string | undefined>): string[] {
  return [...new Set(credentialVariables(env).flatMap((variable) => variable.secrets))];
}
