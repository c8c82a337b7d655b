import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GrafanaHttpError } from '../../../src/errors.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestProxy } from '../../helpers/connect-proxy.js';
import { refusingPort } from '../../helpers/refusing-port.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { createTestPki, type TestPki } from '../../helpers/tls.js';
import { caught, clientFor, closeClients, dashboard } from './client-fixture.js';

const CREDENTIALS = { user: 'build@corp', password: 'pr0xy-s3cret' };

describe('requests through an HTTP(S) proxy', () => {
  let pki: TestPki;
  let secure: SandboxHandle;
  beforeAll(async () => {
    pki = createTestPki();
    secure = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
  });
  afterAll(() => pki.remove());
  afterEach(async () => {
    await closeClients();
    secure.clearRequests();
  });
  const target = () => `127.0.0.1:${secure.port}`;

  it('tunnels every request to an https:// Grafana through CONNECT, with the proxy credentials, at most `concurrency` tunnels', async () => {
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const routes: string[] = [];
    const client = clientFor(secure, {
      caCert: pki.ca.certFile,
      concurrency: 2,
      env: { HTTPS_PROXY: proxy.urlWithCredentials },
      onRoute: (line) => routes.push(line),
    });
    await client.saveDashboard({ dashboard: dashboard('through-proxy', 'Through the proxy'), folderUid: '', message: '', overwrite: false });
    const reads = await Promise.all(Array.from({ length: 12 }, () => client.getDashboard('through-proxy')));
    expect(reads.map((live) => live?.dashboard.title)).toEqual(Array(12).fill('Through the proxy'));
    // Keep-alive tunnels: 13 requests over at most two CONNECTs, each with the credentials.
    const tunnels = proxy.seen();
    expect(tunnels.length).toBeGreaterThanOrEqual(1);
    expect(tunnels.length).toBeLessThanOrEqual(2);
    expect(tunnels.every((seen) => seen.kind === 'connect' && seen.target === target() && seen.proxyAuthorization === 'valid')).toBe(true);
    expect(secure.requests().filter((entry) => entry.path === '/api/dashboards/uid/through-proxy')).toHaveLength(12);
    expect(routes).toEqual([`proxy: ${proxy.url} (from HTTPS_PROXY) for ${secure.url}, through a CONNECT tunnel, with the credentials from its URL`]);
  });

  it('goes straight to Grafana when NO_PROXY names it: the proxy sees nothing', async () => {
    const proxy = await startTestProxy();
    const routes: string[] = [];
    const client = clientFor(secure, {
      caCert: pki.ca.certFile,
      env: { https_proxy: proxy.url, no_proxy: 'grafana.internal, 127.0.0.1' },
      onRoute: (line) => routes.push(line),
    });
    expect((await client.serverInfo()).version).not.toBeNull();
    expect(proxy.seen()).toEqual([]);
    expect(routes).toEqual([`proxy: none for ${secure.url}: no_proxy entry "127.0.0.1" matches ${target()}`]);
  });

  it('says in one line that the proxy wants credentials (407), naming it without them, and sends nothing to Grafana', async () => {
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const missing = await caught(clientFor(secure, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: proxy.url } }).serverInfo());
    expect(missing).toBeInstanceOf(GrafanaHttpError);
    expect(missing.message).toBe(
      `the proxy ${proxy.url} (from HTTPS_PROXY) asks for credentials (HTTP 407 Proxy Authentication Required); set HTTPS_PROXY=http://USER:PASSWORD@host:port`,
    );
    const wrongUrl = proxy.urlWithCredentials.replace(encodeURIComponent(CREDENTIALS.password), 'wrong-passw0rd');
    const wrong = await caught(clientFor(secure, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: wrongUrl } }).serverInfo());
    expect(wrong.message).toBe(
      `the proxy ${proxy.url} (from HTTPS_PROXY) refused the credentials in HTTPS_PROXY (HTTP 407 Proxy Authentication Required); check the user and password in it (percent-encode @ : / as %40 %3A %2F)`,
    );
    expect(wrong.message).not.toContain('wrong-passw0rd');
    expect(proxy.seen().map((seen) => seen.proxyAuthorization)).toEqual(['none', 'wrong']);
    expect(secure.requests()).toEqual([]);
  });

  it('names an unreachable proxy and what to do, after the usual retries', async () => {
    const url = `http://${encodeURIComponent(CREDENTIALS.user)}:${CREDENTIALS.password}@127.0.0.1:${await refusingPort()}`;
    const error = await caught(clientFor(secure, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: url }, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }).serverInfo());
    expect(error.message).toMatch(
      /^cannot reach the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\): connection refused \(ECONNREFUSED\); check HTTPS_PROXY, or add the Grafana host to NO_PROXY to connect directly \(gave up after 2 attempts\)$/,
    );
    expect(error.message).not.toContain(CREDENTIALS.password);
  });

  it('tells a CONNECT the proxy refuses (403) from one it could not carry out (502, retried)', async () => {
    const forbidding = await startTestProxy({ refuseConnectWith: 403 });
    const forbidden = await caught(clientFor(secure, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: forbidding.url } }).serverInfo());
    expect(forbidden.message).toBe(
      `the proxy ${forbidding.url} (from HTTPS_PROXY) refused to connect to ${target()} (CONNECT answered HTTP 403); ask the proxy's operators to allow it, or add the host to NO_PROXY if Grafana is reachable directly`,
    );
    expect(forbidding.seen()).toHaveLength(1);

    const failing = await startTestProxy({ refuseConnectWith: 502 });
    const gateway = await caught(clientFor(secure, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: failing.url }, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).serverInfo());
    expect(gateway.message).toBe(
      `the proxy ${failing.url} (from HTTPS_PROXY) could not reach ${target()} (CONNECT answered HTTP 502); check that Grafana is up and reachable from the proxy (gave up after 3 attempts)`,
    );
    expect(failing.seen()).toHaveLength(3);
    expect(secure.requests()).toEqual([]);
  });

  it('says so when what answers CONNECT is not an HTTP proxy', async () => {
    const proxy = await startTestProxy({ notHttp: true });
    const error = await caught(clientFor(secure, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: proxy.url } }).serverInfo());
    expect(error.message).toBe(
      `the proxy ${proxy.url} (from HTTPS_PROXY) did not answer in HTTP; is HTTPS_PROXY the address of an HTTP proxy (not SOCKS, not a TLS port given as http://)?`,
    );
  });

  it('sends http:// requests to an HTTP_PROXY in absolute form, credentials to the proxy only', async () => {
    const plain = await startTestSandbox();
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const routes: string[] = [];
    const client = clientFor(plain, { env: { HTTP_PROXY: proxy.urlWithCredentials, HTTPS_PROXY: 'http://unused.invalid:1' }, onRoute: (line) => routes.push(line) });
    await client.saveDashboard({ dashboard: dashboard('forwarded', 'Forwarded'), folderUid: '', message: '', overwrite: false });
    expect((await client.getDashboard('forwarded'))?.dashboard.title).toBe('Forwarded');
    expect(proxy.seen()).toEqual([
      { kind: 'forward', target: `${plain.url}/api/dashboards/db`, proxyAuthorization: 'valid' },
      { kind: 'forward', target: `${plain.url}/api/dashboards/uid/forwarded`, proxyAuthorization: 'valid' },
    ]);
    expect(routes).toEqual([`proxy: ${proxy.url} (from HTTP_PROXY) for ${plain.url}, through absolute-form requests, with the credentials from its URL`]);

    const refused = await caught(clientFor(plain, { env: { HTTP_PROXY: proxy.url } }).getDashboard('forwarded'));
    expect(refused.message).toBe(
      `the proxy ${proxy.url} (from HTTP_PROXY) asks for credentials (HTTP 407 Proxy Authentication Required); set HTTP_PROXY=http://USER:PASSWORD@host:port`,
    );
  });
});
