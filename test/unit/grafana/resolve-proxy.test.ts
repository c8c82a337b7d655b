import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/config/redact-secrets.js';
import { matchNoProxy } from '../../../src/grafana/network/match-no-proxy.js';
import { describeProxyRoute, resolveProxy } from '../../../src/grafana/network/resolve-proxy.js';
import { configProblems as problems } from '../../helpers/config-problems.js';

const HTTPS = new URL('https://grafana.example.com');
const HTTP = new URL('http://grafana.example.com:3000');

function proxyFor(url: URL, env: Record<string, string>): string {
  const route = resolveProxy(url, env);
  return route.kind === 'proxy' ? `${route.proxy.url} (${route.proxy.variable})` : `direct: ${route.why}`;
}

describe('which proxy the environment names', () => {
  it('takes the variable of the URL scheme, the lower-case name first, an empty one as unset', () => {
    expect(proxyFor(HTTPS, { HTTPS_PROXY: 'http://upper:3128' })).toBe('http://upper:3128 (HTTPS_PROXY)');
    expect(proxyFor(HTTPS, { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128' })).toBe('http://lower:3128 (https_proxy)');
    expect(proxyFor(HTTPS, { HTTPS_PROXY: 'http://upper:3128', https_proxy: ' ' })).toBe('http://upper:3128 (HTTPS_PROXY)');
    expect(proxyFor(HTTP, { HTTP_PROXY: 'http://upper:3128', http_proxy: 'http://lower:3128' })).toBe('http://lower:3128 (http_proxy)');
    expect(proxyFor(HTTP, { HTTPS_PROXY: 'http://secure:3128' })).toBe('direct: no HTTP_PROXY is set');
  });

  it('does not send https:// through HTTP_PROXY, as curl does not, and says so', () => {
    expect(proxyFor(HTTPS, { HTTP_PROXY: 'http://plain:3128' })).toBe('direct: no HTTPS_PROXY is set (HTTP_PROXY applies to http:// URLs only)');
    expect(proxyFor(HTTPS, {})).toBe('direct: no HTTPS_PROXY is set');
  });

  it('reads a bare host:port as an http:// proxy and keeps the scheme of an https:// one', () => {
    expect(proxyFor(HTTPS, { HTTPS_PROXY: 'proxy.corp:8080' })).toBe('http://proxy.corp:8080 (HTTPS_PROXY)');
    expect(proxyFor(HTTPS, { HTTPS_PROXY: 'https://proxy.corp' })).toBe('https://proxy.corp (HTTPS_PROXY)');
  });

  it('tunnels https:// targets and sends http:// ones in absolute form', () => {
    expect(resolveProxy(HTTPS, { HTTPS_PROXY: 'http://p:1' })).toMatchObject({ kind: 'proxy', tunnel: true });
    expect(resolveProxy(HTTP, { HTTP_PROXY: 'http://p:1' })).toMatchObject({ kind: 'proxy', tunnel: false });
  });

  it('takes credentials from the userinfo, percent-decoded, and keeps them out of the URL it shows', () => {
    const route = resolveProxy(HTTPS, { HTTPS_PROXY: 'http://build%40corp:p%3Ass%2Fw0rd@proxy.corp:3128' });
    if (route.kind !== 'proxy') throw new Error('expected a proxy');
    expect(route.proxy.url).toBe('http://proxy.corp:3128');
    expect(route.proxy.authorization).toBe(`Basic ${Buffer.from('build@corp:p:ss/w0rd').toString('base64')}`);
    expect(route.proxy.secrets).toEqual(['p:ss/w0rd', 'p%3Ass%2Fw0rd', Buffer.from('build@corp:p:ss/w0rd').toString('base64')]);
    const line = describeProxyRoute(route, 'https://grafana.example.com');
    expect(line).toBe('proxy: http://proxy.corp:3128 (from HTTPS_PROXY) for https://grafana.example.com, through a CONNECT tunnel, with the credentials from its URL');
    expect(line).not.toMatch(/build|w0rd/);
  });

  it('keeps a proxy password of any length among the secrets, so an echo of it is hidden as a whole word', () => {
    const route = resolveProxy(HTTPS, { HTTPS_PROXY: 'http://ci:abc@proxy.corp:3128' });
    if (route.kind !== 'proxy') throw new Error('expected a proxy');
    expect(route.proxy.secrets).toContain('abc');
    const echo = 'CONNECT refused for http://ci:abc@proxy.corp:3128 (abc): a tabcd value stays';
    expect(redactSecrets(echo, route.proxy.secrets)).toBe('CONNECT refused for http://ci:[redacted]@proxy.corp:3128 ([redacted]): a tabcd value stays');
  });

  it('refuses an unusable proxy URL without echoing it', () => {
    expect(problems(() => resolveProxy(HTTPS, { HTTPS_PROXY: 'http://user:secret@[bad' }))).toEqual([
      'HTTPS_PROXY is not a valid proxy URL; use http://host:port or http://user:password@host:port',
    ]);
    expect(problems(() => resolveProxy(HTTPS, { https_proxy: 'socks5://user:secret@proxy:1080' }))).toEqual([
      'https_proxy: socks5 proxies are not supported; use an http:// or https:// proxy',
    ]);
  });

  it('goes direct when NO_PROXY (no_proxy first) names the host, and says which entry did it', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,.example.com' };
    expect(proxyFor(HTTPS, env)).toBe('direct: NO_PROXY entry ".example.com" matches grafana.example.com');
    expect(proxyFor(HTTPS, { ...env, no_proxy: 'other.org' })).toBe('http://proxy:3128 (HTTPS_PROXY)');
    expect(describeProxyRoute(resolveProxy(HTTPS, env), 'https://grafana.example.com')).toBe(
      'proxy: none for https://grafana.example.com: NO_PROXY entry ".example.com" matches grafana.example.com',
    );
  });
});

describe('NO_PROXY entries', () => {
  const cases: [string, string, number, string | undefined][] = [
    ['*', 'anything.example', 443, '*'],
    ['grafana.example.com', 'grafana.example.com', 443, 'grafana.example.com'],
    ['GRAFANA.Example.com', 'grafana.example.com.', 443, 'GRAFANA.Example.com'],
    ['example.com', 'grafana.example.com', 443, 'example.com'],
    ['.example.com', 'example.com', 443, '.example.com'],
    ['*.example.com', 'grafana.example.com', 443, '*.example.com'],
    ['example.com', 'badexample.com', 443, undefined],
    ['grafana.example.com', 'example.com', 443, undefined],
    ['a.org, b.org  c.org', 'c.org', 443, 'c.org'],
    ['grafana.example.com:3000', 'grafana.example.com', 3000, 'grafana.example.com:3000'],
    ['grafana.example.com:3000', 'grafana.example.com', 443, undefined],
    ['10.1.2.3', '10.1.2.3', 443, '10.1.2.3'],
    ['10.1.2.3', '10.1.2.30', 443, undefined],
    ['10.0.0.0/8', '10.200.0.7', 443, '10.0.0.0/8'],
    ['10.0.0.0/8', '11.0.0.1', 443, undefined],
    ['10.0.0.0/8', 'ten.example', 443, undefined],
    ['::1', '[::1]', 443, '::1'],
    ['[0:0::1]:8443', '[::1]', 8443, '[0:0::1]:8443'],
    ['fd00::/8', '[fd12::5]', 443, 'fd00::/8'],
    ['localhost', '127.0.0.1', 443, undefined],
    ['', 'grafana.example.com', 443, undefined],
  ];
  it.each(cases)('%j against %s:%i', (list, host, port, expected) => {
    expect(matchNoProxy(list, host, port)).toBe(expected);
  });
});
