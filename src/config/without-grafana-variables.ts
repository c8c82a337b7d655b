/** check is offline: stray GRAFANA_* variables (a half-set GRAFANA_USER, a malformed GRAFANA_URL) must not fail it. */
export function withoutGrafanaVariables(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('GRAFANA_')));
}
