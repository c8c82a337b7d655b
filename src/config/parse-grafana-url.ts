/**
 * Validates a Grafana base URL: http(s), no credentials, no query or fragment. Returns the
 * URL without trailing slashes (a sub-path such as `/grafana` is kept), or a problem.
 * A URL that carries a password is never echoed back.
 */
export function parseGrafanaUrl(
  raw: string,
  label: string,
  credentialsAdvice = 'set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD',
): { url: string } | { problem: string } {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `${label} is not a valid URL${mayEcho(text) ? `: ${text}` : ''} (expected e.g. https://grafana.example.com)` };
  }
  if (url.username || url.password) {
    return {
      problem: `${label} must not contain credentials (user:password@): ${credentialsAdvice}`,
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

/**
 * A string that failed to parse may be a credential (`user:pass@`, or a token put in the URL's
 * variable by mistake): echo it only when it reads as a host name with an optional port and path
 * (`grafana.example.com`: the scheme is missing), which no token or password format matches.
 */
function mayEcho(text: string): boolean {
  return text.length <= 200 && /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/[a-z0-9._~/-]*)?$/i.test(text);
}
