/**
 * Validates a Grafana base URL: http(s), no credentials, no query or fragment. Returns the
 * URL without trailing slashes (a sub-path such as `/grafana` is kept), or a problem.
 * A URL that carries a password is never echoed back.
 */
export function parseGrafanaUrl(raw: string, label: string): { url: string } | { problem: string } {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `${label} is not a valid URL${mayEcho(text) ? `: ${text}` : ''} (expected e.g. https://grafana.example.com)` };
  }
  if (url.username || url.password) {
    return {
      problem: `${label} must not contain credentials (user:password@): set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `${label} must start with http:// or https://, got ${url.protocol}//…` };
  }
  if (url.search || url.hash) {
    return { problem: `${label} must not have a query string or fragment: ${url.origin}${url.pathname}` };
  }
  return { url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

/** A string that failed to parse may still hold `user:pass@`; only echo it when it clearly does not. */
function mayEcho(text: string): boolean {
  return !text.includes('@') && text.length <= 200;
}
