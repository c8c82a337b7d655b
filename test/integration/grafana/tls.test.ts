import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GrafanaHttpError } from '../../../src/errors.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestProxy } from '../../helpers/connect-proxy.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { useTestPki, type TestCertificate } from '../../helpers/tls.js';
import { caught, clientFor, closeClients } from './client-fixture.js';

const LAST_RESORT = '--insecure skips verification, as a last resort';
const PASS_CA = `pass --ca-cert FILE with the CA that issued it (or caCert in dashsync.config.json, or NODE_EXTRA_CA_CERTS); ${LAST_RESORT}`;

describe('TLS to Grafana', () => {
  const pki = useTestPki();
  afterEach(() => closeClients());

  const serving = (certificate: TestCertificate) => startTestSandbox({ tls: { cert: certificate.cert, key: certificate.key } });
  const noProxy = { env: {} };

  it('verifies by default: a certificate from an unknown CA is refused in one line, and no request reaches Grafana', async () => {
    const sandbox = await serving(pki.server);
    const error = await caught(clientFor(sandbox, noProxy).serverInfo());
    expect(error).toBeInstanceOf(GrafanaHttpError);
    expect(error.message).toBe(`the TLS certificate of ${sandbox.url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): ${PASS_CA}`);
    expect(sandbox.requests()).toEqual([]);
  });

  it('refuses a self-signed certificate the same way', async () => {
    const sandbox = await serving(pki.selfSigned);
    const error = await caught(clientFor(sandbox, noProxy).serverInfo());
    expect(error.message).toBe(`the TLS certificate of ${sandbox.url} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): ${PASS_CA}`);
  });

  it('refuses a trusted certificate issued for another host, and says which names it carries', async () => {
    const sandbox = await serving(pki.wrongHost);
    const error = await caught(clientFor(sandbox, { ...noProxy, caCert: pki.ca.certFile }).serverInfo());
    expect(error.message).toBe(
      `the TLS certificate of ${sandbox.url} is issued for DNS:grafana.test, not for this host name (ERR_TLS_CERT_ALTNAME_INVALID): use one of those names in the URL; ${LAST_RESORT}`,
    );
    expect(sandbox.requests()).toEqual([]);
  });

  it('trusts the CA given as caCert, in addition to the system roots', async () => {
    const sandbox = await serving(pki.server);
    const client = clientFor(sandbox, { ...noProxy, caCert: pki.ca.certFile });
    expect((await client.serverInfo()).version).not.toBeNull();
    expect(sandbox.requests().map((entry) => entry.path)).toEqual(['/api/health']);
  });

  it('skips verification with insecure', async () => {
    const sandbox = await serving(pki.selfSigned);
    expect((await clientFor(sandbox, { ...noProxy, insecure: true }).serverInfo()).version).not.toBeNull();
  });

  it('refuses a CA file that holds no PEM certificate before connecting', () => {
    const der = join(pki.dir, 'ca.der');
    writeFileSync(der, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    expect(() => clientFor({ url: 'https://127.0.0.1:1' } as SandboxHandle, { ...noProxy, caCert: der })).toThrow(
      expect.objectContaining({
        problems: [`the CA certificate file ${der} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`],
        next: 'Convert a DER file with: openssl x509 -inform der -in ca.cer -out ca.pem',
      }),
    );
  });

  it('through a proxy, an untrusted certificate is refused after the tunnel opens, with a word about TLS-inspecting proxies', async () => {
    const sandbox = await serving(pki.server);
    const proxy = await startTestProxy();
    const error = await caught(clientFor(sandbox, { env: { HTTPS_PROXY: proxy.url } }).serverInfo());
    expect(error.message).toBe(
      `the TLS certificate of ${sandbox.url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): ${PASS_CA} ` +
        `(through the proxy ${proxy.url}: a proxy that inspects TLS shows a certificate from its own CA, the one to pass)`,
    );
    expect(proxy.seen()).toEqual([{ kind: 'connect', target: `127.0.0.1:${sandbox.port}`, proxyAuthorization: 'none' }]);
    expect(sandbox.requests()).toEqual([]);
  });
});
