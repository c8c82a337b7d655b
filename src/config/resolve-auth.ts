import type { GrafanaAuth } from './types.js';

/**
 * Credentials come from the environment only: GRAFANA_TOKEN (Bearer) or GRAFANA_USER +
 * GRAFANA_PASSWORD (basic). Problems are appended to `problems`; no value is ever echoed.
 */
export function resolveAuth(env: Record<string, string | undefined>, problems: string[]): GrafanaAuth {
  const token = present(env.GRAFANA_TOKEN?.trim());
  const user = present(env.GRAFANA_USER?.trim());
  const password = present(env.GRAFANA_PASSWORD);
  if (token !== undefined && (user !== undefined || password !== undefined)) {
    problems.push('both GRAFANA_TOKEN and GRAFANA_USER/GRAFANA_PASSWORD are set: keep only one way to sign in');
    return { kind: 'token', token };
  }
  if (token !== undefined) return { kind: 'token', token };
  if (user !== undefined && password === undefined) {
    problems.push('GRAFANA_USER is set but GRAFANA_PASSWORD is not: set both for basic auth, or use GRAFANA_TOKEN');
    return { kind: 'none' };
  }
  if (password !== undefined && user === undefined) {
    problems.push('GRAFANA_PASSWORD is set but GRAFANA_USER is not: set both for basic auth, or use GRAFANA_TOKEN');
    return { kind: 'none' };
  }
  if (user !== undefined && password !== undefined) return { kind: 'basic', user, password };
  return { kind: 'none' };
}

function present(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' ? value : undefined;
}
