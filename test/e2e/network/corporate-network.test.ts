import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CliResult } from '../../helpers/run-cli.js';
import { startTestProxy } from '../../helpers/connect-proxy.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { useTestPki } from '../../helpers/tls.js';
import { exampleWorkspace, writes } from '../apply/workspace.js';

// The CLI runs in-process, the NODE_EXTRA_CA_CERTS test spawns it (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const CREDENTIALS = { user: 'ci-runner', password: 'Pr0xy:P@ss/word' };
const ENCODED = `${encodeURIComponent(CREDENTIALS.user)}:${encodeURIComponent(CREDENTIALS.password)}`;
const SECRETS = [CREDENTIALS.password, encodeURIComponent(CREDENTIALS.password), Buffer.from(`${CREDENTIALS.user}:${CREDENTIALS.password}`).toString('base64')];

function expectNoProxyCredential(...texts: string[]): void {
  for (const text of texts) for (const secret of [...SECRETS, CREDENTIALS.user]) expect(text).not.toContain(secret);
}

describe('behind a corporate network: a CONNECT proxy and a Grafana with a private CA', () => {
  const pki = useTestPki();

  const secureSandbox = () => startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });

  it('plans and applies through HTTPS_PROXY with --ca-cert; the proxy credentials appear nowhere', async () => {
    const sandbox = await secureSandbox();
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const workspace = await exampleWorkspace(sandbox);
    const env = { HTTPS_PROXY: `http://${ENCODED}@127.0.0.1:${new URL(proxy.url).port}` };

    const plan = await workspace.cli(['plan', '--out', 'plan.json', '--ca-cert', pki.ca.certFile, '--verbose'], env);
    expect(plan.stderr.split('\n')[0]).toBe(`proxy: ${proxy.url} (from HTTPS_PROXY) for ${sandbox.url}, through a CONNECT tunnel, with the credentials from its URL`);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 7 to create');
    expect(writes(sandbox)).toEqual([]);

    const apply = await workspace.cli(['apply', 'plan.json', '--ca-cert', pki.ca.certFile], env);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(writes(sandbox).filter((entry) => entry.path === '/api/dashboards/db')).toHaveLength(7);

    const tunnels = proxy.seen();
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels.map((seen) => `${seen.kind} ${seen.target} ${seen.proxyAuthorization}`))).toEqual(
      new Set([`connect 127.0.0.1:${sandbox.port} valid`]),
    );
    expectNoProxyCredential(plan.stdout, plan.stderr, apply.stdout, apply.stderr, await readFile(join(workspace.dir, 'plan.json'), 'utf8'));
  });

  it('goes straight to Grafana when NO_PROXY names it: the proxy sees nothing', async () => {
    const sandbox = await secureSandbox();
    const proxy = await startTestProxy();
    const workspace = await exampleWorkspace(sandbox);
    const result = await workspace.cli(['plan', '--ca-cert', pki.ca.certFile, '--verbose'], { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(`proxy: none for ${sandbox.url}: NO_PROXY entry "127.0.0.1" matches 127.0.0.1:${sandbox.port}`);
    expect(proxy.seen()).toEqual([]);
    expect(sandbox.requests().length).toBeGreaterThan(0);
  });

  it('without --ca-cert, fails with the one TLS line and sends Grafana nothing', async () => {
    const sandbox = await secureSandbox();
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const workspace = await exampleWorkspace(sandbox);
    const result = await workspace.cli(['apply'], { HTTPS_PROXY: `http://${ENCODED}@127.0.0.1:${new URL(proxy.url).port}` });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: the TLS certificate of ${sandbox.url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): ` +
        'pass --ca-cert FILE with the CA that issued it (or caCert in dashsync.config.json, or NODE_EXTRA_CA_CERTS); --insecure skips verification, as a last resort ' +
        `(through the proxy ${proxy.url}: a proxy that inspects TLS shows a certificate from its own CA, the one to pass); nothing was applied\n`,
    );
    expect(sandbox.requests()).toEqual([]);
    expect(proxy.seen().every((seen) => seen.kind === 'connect' && seen.proxyAuthorization === 'valid')).toBe(true);
    expectNoProxyCredential(result.stderr);
  });

  it('the TLS line names the config file in use (--config) as the place for caCert', async () => {
    const sandbox = await secureSandbox();
    const workspace = await exampleWorkspace(sandbox);
    const config = JSON.parse(await readFile(join(workspace.dir, 'dashsync.config.json'), 'utf8'));
    await mkdir(join(workspace.dir, 'ops'));
    await writeFile(join(workspace.dir, 'ops/grafana.json'), JSON.stringify({ ...config, root: '../dashboards' }));
    const result = await workspace.cli(['plan', '--config', 'ops/grafana.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pass --ca-cert FILE with the CA that issued it (or caCert in ops/grafana.json, or NODE_EXTRA_CA_CERTS)');
    expect(sandbox.requests()).toEqual([]);
  });

  it('trusts the CA from caCert in dashsync.config.json (relative to the file)', async () => {
    const sandbox = await secureSandbox();
    const workspace = await exampleWorkspace(sandbox);
    await mkdir(join(workspace.dir, 'certs'));
    await copyFile(pki.ca.certFile, join(workspace.dir, 'certs/corp-ca.pem'));
    const config = JSON.parse(await readFile(join(workspace.dir, 'dashsync.config.json'), 'utf8'));
    await writeFile(join(workspace.dir, 'dashsync.config.json'), JSON.stringify({ ...config, caCert: 'certs/corp-ca.pem' }));
    const result = await workspace.cli(['plan']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('trusts NODE_EXTRA_CA_CERTS, alone and together with a --ca-cert of another CA', async () => {
    const sandbox = await secureSandbox();
    const workspace = await exampleWorkspace(sandbox);
    // Node reads NODE_EXTRA_CA_CERTS when a process starts: the built binary, spawned.
    const alone = await workspace.spawnCli(['plan'], { NODE_EXTRA_CA_CERTS: pki.ca.certFile });
    expect(alone.stderr).toBe('');
    expect(alone.code).toBe(0);
    const both = await workspace.spawnCli(['plan', '--ca-cert', pki.otherCa.certFile], { NODE_EXTRA_CA_CERTS: pki.ca.certFile });
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
  });

  it('--insecure accepts a self-signed certificate and warns once', async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.selfSigned.cert, key: pki.selfSigned.key } });
    const workspace = await exampleWorkspace(sandbox);
    const result: CliResult = await workspace.cli(['apply', '--insecure']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: --insecure: TLS certificates of Grafana are not verified\n');
    expect(writes(sandbox).filter((entry) => entry.path === '/api/dashboards/db')).toHaveLength(7);
  });
});
