import { describeTransportError } from '../http/transport-failure.js';
import { ProxyLegError } from './proxy-dispatcher.js';
import type { ProxyEndpoint, ProxyRoute } from './resolve-proxy.js';

export interface NetworkFailure {
  retryable: boolean;
  description: string;
  /**
   * True when the description is the whole story (a proxy or a TLS certificate refused) and is
   * shown as it is; false for an ordinary transport failure, shown after the request it hit.
   */
  standalone: boolean;
  /** Not standalone, but the description already says what to do (DNS: check the URL). */
  selfExplained?: boolean;
  /** The connection was made and cut off before an answer (TransportFailure.cutOff). */
  cutOff?: boolean;
  /** The proxy itself gave no answer (refused, reset, timed out): `the proxy http://host:port (from HTTPS_PROXY)`, never its credentials. */
  atProxy?: string;
}

export interface FailureContext {
  route: ProxyRoute;
  /** Grafana's origin. */
  origin: string;
  timeoutMs: number;
  /** The config file in use, as shown to the user, for the caCert hint; default `dashsync.config.json`. */
  configFile?: string;
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const LAST_RESORT = '--insecure skips verification, as a last resort';

/** What a failure to get an answer from Grafana means, in words a user can act on. Pure. */
export function describeNetworkFailure(error: unknown, context: FailureContext): NetworkFailure {
  const { route } = context;
  if (error instanceof ProxyLegError) return describeProxyLeg(error.proxy, error.target, error.connectStatus, error.cause, context);
  const code = errorCode(error);
  const tls = code === undefined ? undefined : describeCertificate(code, context.origin, error, context.configFile);
  if (tls) {
    const inspected = route.kind === 'proxy' && route.tunnel && UNTRUSTED.has(code!)
      ? ` (through the proxy ${route.proxy.url}: a proxy that inspects TLS shows a certificate from its own CA, the one to pass)`
      : '';
    return { retryable: false, description: tls + inspected, standalone: true };
  }
  if (route.kind === 'proxy' && !route.tunnel) {
    // Absolute-form: every connection goes to the proxy, so every transport failure is the proxy's.
    if (isUndiciProxyAuthError(error)) return { retryable: false, description: proxyAuthRequired(route.proxy), standalone: true };
    return describeProxyLeg(route.proxy, new URL(context.origin).host, undefined, error, context);
  }
  return { ...describeTransportError(error, context.timeoutMs), standalone: false };
}

/** The line for a 407 from the proxy. */
export function proxyAuthRequired(proxy: ProxyEndpoint): string {
  const where = `the proxy ${proxy.url} (from ${proxy.variable})`;
  return proxy.authorization
    ? `${where} refused the credentials in ${proxy.variable} (HTTP 407 Proxy Authentication Required); check the user and password in it (percent-encode @ : / as %40 %3A %2F)`
    : `${where} asks for credentials (HTTP 407 Proxy Authentication Required); set ${proxy.variable}=http://USER:PASSWORD@host:port`;
}

function describeProxyLeg(proxy: ProxyEndpoint, target: string, status: number | undefined, cause: unknown, context: FailureContext): NetworkFailure {
  const where = `the proxy ${proxy.url} (from ${proxy.variable})`;
  if (status === 407) return { retryable: false, description: proxyAuthRequired(proxy), standalone: true };
  if (status !== undefined) {
    const gateway = status === 502 || status === 503 || status === 504;
    const description = gateway
      ? `${where} could not reach ${target} (CONNECT answered HTTP ${status}); check that Grafana is up and reachable from the proxy`
      : `${where} refused to connect to ${target} (CONNECT answered HTTP ${status}); ask the proxy's operators to allow it, or add the host to NO_PROXY if Grafana is reachable directly`;
    return { retryable: gateway, description, standalone: true };
  }
  const code = errorCode(cause);
  const certificate = code === undefined ? undefined : describeCertificate(code, `the proxy ${proxy.url}`, cause, context.configFile);
  if (certificate) return { retryable: false, description: certificate.replace(`; ${LAST_RESORT}`, ''), standalone: true };
  if (cause instanceof Error && cause.name === 'HTTPParserError') {
    return {
      retryable: false,
      description: `${where} did not answer in HTTP; is ${proxy.variable} the address of an HTTP proxy (not SOCKS, not a TLS port given as http://)?`,
      standalone: true,
    };
  }
  const transport = describeTransportError(cause, context.timeoutMs);
  return {
    retryable: transport.retryable,
    description: `cannot reach ${where}: ${transport.description}; check ${proxy.variable}, or add the Grafana host to NO_PROXY to connect directly`,
    standalone: true,
    atProxy: where,
  };
}

/** The certificate problem behind `code`, or undefined when `code` is not one. */
function describeCertificate(code: string, subject: string, error: unknown, configFile = 'dashsync.config.json'): string | undefined {
  if (UNTRUSTED.has(code)) {
    return `the TLS certificate of ${subject} is not trusted (${code}): pass --ca-cert FILE with the CA that issued it (or caCert in ${configFile}, or NODE_EXTRA_CA_CERTS); ${LAST_RESORT}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = certificateNames(error);
    return names
      ? `the TLS certificate of ${subject} is issued for ${names}, not for this host name (${code}): use one of those names in the URL; ${LAST_RESORT}`
      : `the TLS certificate of ${subject} is not issued for this host name (${code}): use a name it is issued for in the URL; ${LAST_RESORT}`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `the TLS certificate of ${subject} has expired (${code}): renew it on the server; ${LAST_RESORT}`;
  if (code === 'CERT_NOT_YET_VALID') {
    return `the TLS certificate of ${subject} is not valid yet (${code}): check this machine's clock and the server's; ${LAST_RESORT}`;
  }
  return undefined;
}

/** `DNS:grafana.internal, IP:10.0.0.5` from the server's certificate, made safe to print; '' when unknown. */
function certificateNames(error: unknown): string {
  const names = findInChain(error, (e) => (e as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname);
  if (typeof names !== 'string') return '';
  const safe = names.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
}

function isUndiciProxyAuthError(error: unknown): boolean {
  return error instanceof Error && error.message === 'Proxy Authentication Required (407)';
}

/** The most specific code in the error and its causes (undici wraps some TLS and socket errors). */
function errorCode(error: unknown): string | undefined {
  return findInChain(error, (e) => {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && !code.startsWith('UND_ERR_PRX') ? code : undefined;
  });
}

function findInChain<T>(error: unknown, pick: (error: object) => T | undefined): T | undefined {
  const seen = new Set<unknown>();
  for (let current = error; typeof current === 'object' && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const found = pick(current);
    if (found !== undefined) return found;
  }
  return undefined;
}
