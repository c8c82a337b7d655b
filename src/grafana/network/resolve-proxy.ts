import { ConfigError } from '../../errors.js';
import { matchNoProxy } from './match-no-proxy.js';

/** A proxy as dashsync uses it: credentials split off, so nothing else can print them. */
export interface ProxyEndpoint {
  /** `http://proxy.example.com:3128`: scheme, host and port, never credentials. What messages show. */
  url: string;
  /** The variable it came from (`HTTPS_PROXY`, `https_proxy`, …), for messages. */
  variable: string;
  /** `Basic …` from the URL's userinfo, sent as Proxy-Authorization; undefined without userinfo. */
  authorization: string | undefined;
  /** What must never appear in output: the password, and the header value carrying it. */
  secrets: string[];
}

/** How requests reach Grafana. */
export type ProxyRoute =
  | { kind: 'direct'; why: string }
  | {
      kind: 'proxy';
      proxy: ProxyEndpoint;
      /** https:// targets go through a CONNECT tunnel; http:// ones as absolute-form requests to the proxy. */
      tunnel: boolean;
    };

export type Environment = Record<string, string | undefined>;

/**
 * Which proxy, if any, carries requests to `target`, from the environment the way curl reads it:
 * `https_proxy`/`HTTPS_PROXY` for https:// URLs, `http_proxy`/`HTTP_PROXY` for http:// URLs (the
 * lower-case name wins when both are set; an empty value counts as unset), and
 * `no_proxy`/`NO_PROXY` exempting hosts (see matchNoProxy). An https:// URL does not fall back
 * to HTTP_PROXY. Pure; throws ConfigError for a proxy URL dashsync cannot use.
 */
export function resolveProxy(target: URL, env: Environment): ProxyRoute {
  const https = target.protocol === 'https:';
  const scheme = https ? 'https' : 'http';
  const proxy = firstSet(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`]);
  if (!proxy) {
    const other = https ? firstSet(env, ['http_proxy', 'HTTP_PROXY']) : undefined;
    const note = other ? ` (${other.name} applies to http:// URLs only)` : '';
    return { kind: 'direct', why: `no ${scheme.toUpperCase()}_PROXY is set${note}` };
  }
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy) {
    const port = Number(target.port) || (https ? 443 : 80);
    const entry = matchNoProxy(noProxy.value, target.hostname, port);
    if (entry !== undefined) return { kind: 'direct', why: `${noProxy.name} entry "${entry}" matches ${target.host}` };
  }
  return { kind: 'proxy', proxy: parseProxyUrl(proxy.value, proxy.name), tunnel: https };
}

/** One line for --verbose: how requests reach `origin`. Never credentials. */
export function describeProxyRoute(route: ProxyRoute, origin: string): string {
  if (route.kind === 'direct') return `proxy: none for ${origin}: ${route.why}`;
  const how = route.tunnel ? 'a CONNECT tunnel' : 'absolute-form requests';
  const auth = route.proxy.authorization ? ', with the credentials from its URL' : '';
  return `proxy: ${route.proxy.url} (from ${route.proxy.variable}) for ${origin}, through ${how}${auth}`;
}

/** A proxy URL as curl takes it: `host:port` alone means `http://host:port`; userinfo is percent-decoded. */
function parseProxyUrl(value: string, variable: string): ProxyEndpoint {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    // The value is not echoed: it may hold a password.
    throw new ConfigError([`${variable} is not a valid proxy URL; use http://host:port or http://user:password@host:port`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError([`${variable}: ${url.protocol.slice(0, -1)} proxies are not supported; use an http:// or https:// proxy`]);
  }
  if (url.hostname === '') throw new ConfigError([`${variable} names no proxy host; use http://host:port`]);
  const user = decode(url.username);
  const password = decode(url.password);
  const authorization = user === '' && password === '' ? undefined : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const secrets = authorization === undefined ? [] : [password, url.password, authorization.slice('Basic '.length)];
  return {
    url: `${url.protocol}//${url.host}`,
    variable,
    authorization,
    // However short, as secretsOf (credential-secrets.ts) keeps them: redactSecrets replaces a short one as a whole word only.
    secrets: [...new Set(secrets)].filter((secret) => secret !== ''),
  };
}

/** The secrets of every proxy URL in the environment, for a log that masks them (the Action's runner). */
export function proxySecrets(env: Environment): string[] {
  const secrets = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].flatMap((name) => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return [];
    try {
      return parseProxyUrl(value, name).secrets;
    } catch {
      return [];
    }
  });
  return [...new Set(secrets)];
}

function firstSet(env: Environment, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
