/**
 * Pure: the uid of the dashboard a request to Grafana is about, from its path (`/api/dashboards/uid/<uid>…`,
 * `/apis/dashboard.grafana.app/<version>/namespaces/<ns>/dashboards/<uid>…`) or its list query
 * (`fieldSelector=metadata.name=<uid>`, the k8s history read); null for a request about no one dashboard.
 */
export function dashboardOfRequest(path: string): string | null {
  const [route = '', query = ''] = path.split('?', 2);
  const named =
    /^\/api\/dashboards\/uid\/([^/]+)/.exec(route) ??
    /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\/([^/]+)/.exec(route);
  if (named) return decodeOrKeep(named[1]!);
  const selector = new URLSearchParams(query).get('fieldSelector');
  const byName = selector === null ? null : /(?:^|,)metadata\.name=([^,]+)/.exec(selector);
  return byName ? byName[1]! : null;
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
