/**
 * Validates a Grafana base URL: http(s), no credentials, no query or fragment. Returns the
 * URL without trailing slashes (a sub-path such as `/grafana` is kept), or a problem.
 * A refused URL is never echoed beyond its scheme and host: its path, query or fragment may hold
 * a token pasted by mistake, and the run's credentials (which redact it elsewhere) are not read yet.
 */
export function parseGrafanaUrl(
  raw: string,
  label: string,
  credentialsAdvice = 'set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD',
): { url: string } | { problem: string } {
  const text = raw.trim();
  const url = tryUrl(text);
  if (url === undefined || (!isHttp(url) && isHttpWithoutScheme(text))) {
    return {
      problem: isHttpWithoutScheme(text)
        ? `${label} has no scheme: start it with https:// (or http://), e.g. https://grafana.example.com (${VALUE_NOT_SHOWN})`
        : `${label} is not a valid URL: write it as https://<host>[/<sub-path>], e.g. https://grafana.example.com (${VALUE_NOT_SHOWN})`,
    };
  }
  if (url.username || url.password) {
    return {
      problem: `${label} must not contain credentials (user:password@): ${credentialsAdvice}`,
    };
  }
  if (!isHttp(url)) {
    return { problem: `${label} must start with http:// or https://, got ${/^[a-z][a-z0-9+.-]{0,19}:$/i.test(url.protocol) ? `${url.protocol}//…` : 'another scheme'} (${NOT_SHOWN})` };
  }
  if (url.search || url.hash) {
    return {
      problem: `${label} must not have a query string or fragment: ${url.protocol}//${url.host}/… (${NOT_SHOWN}); remove the part from "?" or "#" on`,
    };
  }
  return { url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

const NOT_SHOWN = 'the rest is not shown, as it may hold a token';
const VALUE_NOT_SHOWN = 'the value is not shown, as it may hold a token';

function tryUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** `grafana.example.com/x` or `localhost:3000`: a host (and port) the scheme was left off. */
function isHttpWithoutScheme(text: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return false;
  const url = tryUrl(`https://${text}`);
  return url !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(url.hostname) && (url.hostname.includes('.') || url.hostname === 'localhost' || url.port !== '');
}
