import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestProxy } from '../helpers/connect-proxy.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { useTestPki } from '../helpers/tls.js';
import { makeWorkspace, runAction } from './run-action.js';

const CREDENTIALS = { user: 'runner', password: 'runner-Pr0xy-pass' };

describe('the Action on a self-hosted runner behind a proxy, Grafana with a private CA', () => {
  const pki = useTestPki();

  it('plans through https_proxy with args: --ca-cert; the proxy password appears nowhere', async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const token = await sandbox.createToken('Admin');
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const workspace = await makeWorkspace();
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', 'plan-file': 'plan.json' };

    const run = await runAction(workspace, { ...inputs, args: `--ca-cert ${pki.ca.certFile} --verbose` }, { https_proxy: proxy.urlWithCredentials });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ 'has-changes': 'true', creates: '2' });
    expect(run.stdout.split('\n')).toContain(`proxy: ${proxy.url} (from https_proxy) for ${sandbox.url}, through a CONNECT tunnel, with the credentials from its URL`);
    expect(new Set(proxy.seen().map((seen) => `${seen.kind} ${seen.target} ${seen.proxyAuthorization}`))).toEqual(
      new Set([`connect 127.0.0.1:${sandbox.port} valid`]),
    );
    // The runner is told to mask it (and swallows that command); nothing else carries it.
    expect(run.stdout.split('\n').filter((line) => line.includes(CREDENTIALS.password))).toEqual([`::add-mask::${CREDENTIALS.password}`]);
    const planText = await readFile(join(workspace, 'plan.json'), 'utf8');
    for (const text of [run.stderr, run.outputsText, run.summary, planText]) expect(text).not.toContain(CREDENTIALS.password);
  });

  it('fails the step with the one TLS line (no "reachable" hint) when the CA is missing, sending Grafana nothing', async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const token = await sandbox.createToken('Admin');
    const proxy = await startTestProxy();
    const workspace = await makeWorkspace();
    sandbox.clearRequests();
    const run = await runAction(
      workspace,
      { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' },
      { HTTPS_PROXY: proxy.url },
    );
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toEqual([
      `::error::the TLS certificate of ${sandbox.url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): pass --ca-cert FILE with the CA that issued it ` +
        '(or caCert in dashsync.config.json, or NODE_EXTRA_CA_CERTS); --insecure skips verification, as a last resort ' +
        `(through the proxy ${proxy.url}: a proxy that inspects TLS shows a certificate from its own CA, the one to pass); nothing was applied`,
    ]);
    expect(sandbox.requests()).toEqual([]);
  });

  it('args: --insecure accepts a self-signed certificate and warns once', async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.selfSigned.cert, key: pki.selfSigned.key } });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', args: '--insecure' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.includes('--insecure'))).toEqual(['::warning::--insecure: TLS certificates of Grafana are not verified']);
  });
});
