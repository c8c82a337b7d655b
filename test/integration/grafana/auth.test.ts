import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuth } from '../../../src/config/resolve-auth.js';
import { describeError } from '../../../src/describe-error.js';
import { ConfigError, GrafanaHttpError } from '../../../src/errors.js';
import type { GrafanaVersion, SandboxHandle } from '../../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { caught, clientFor, closeClients, dashboard } from './client-fixture.js';

const PASSWORD = 'Sw0rdfish-Secret-77';
const WRONG_PASSWORD = 'n0t-the-Password-42';
const WRONG_TOKEN = 'glsa_WrongTokenValue0123456789_abcdef01';

/** Every way an error can end up on a screen or in a log. */
function everythingPrintable(error: Error): string {
  return [String(error), error.stack ?? '', JSON.stringify(error), JSON.stringify(Object.entries(error)), String(error.cause ?? '')].join('\n');
}

describe.each(['11.2', '13'] as GrafanaVersion[])('credentials and orgs on Grafana %s', (grafanaVersion) => {
  let sandbox: SandboxHandle;
  let viewerToken: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion, adminPassword: PASSWORD });
    viewerToken = await sandbox.createToken('Viewer');
  });
  afterEach(closeClients);

  const adminAuth = { kind: 'basic', user: 'admin', password: PASSWORD } as const;

  it('throws 401 without credentials, on a read too (never "not found")', async () => {
    const error = (await caught(clientFor(sandbox, { auth: { kind: 'none' } }).getDashboard('anything'))) as GrafanaHttpError;
    expect(error).toBeInstanceOf(GrafanaHttpError);
    expect(error.message).toBe('GET /api/dashboards/uid/anything failed: HTTP 401: Unauthorized');
    expect(error.attempts).toBe(1);
  });

  it('without credentials for --env production, the refusal names GRAFANA_TOKEN_PRODUCTION first, as the note before it does', async () => {
    const problems: string[] = [];
    const auth = resolveAuth({}, problems, 'production');
    expect(problems).toEqual([]);
    const error = await caught(clientFor(sandbox, { auth }).getDashboard('anything'));
    expect(describeError(error, 'cli').hint).toBe(
      " (Grafana refused anonymous access: no credentials were set; set GRAFANA_TOKEN_PRODUCTION to a service account token of this environment's Grafana, " +
        'or GRAFANA_USER_PRODUCTION and GRAFANA_PASSWORD_PRODUCTION (GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD, serve every environment))',
    );
    // Without an environment the generic variables are the ones to set.
    const plain = await caught(clientFor(sandbox, { auth: resolveAuth({}, []) }).getDashboard('anything'));
    expect(describeError(plain, 'cli').hint).toContain('set GRAFANA_TOKEN to a service account token, or GRAFANA_USER and GRAFANA_PASSWORD)');
  });

  it('throws 401 for a wrong password without showing either password', async () => {
    const error = await caught(clientFor(sandbox, { auth: { kind: 'basic', user: 'admin', password: WRONG_PASSWORD } }).getDashboard('x'));
    expect(error.message).toBe('GET /api/dashboards/uid/x failed: HTTP 401: Invalid username or password');
    const printable = everythingPrintable(error);
    expect(printable).not.toContain(WRONG_PASSWORD);
    expect(printable).not.toContain(Buffer.from(`admin:${WRONG_PASSWORD}`).toString('base64'));
  });

  it('throws 401 for an unknown token without showing it', async () => {
    const error = await caught(clientFor(sandbox, { auth: { kind: 'token', token: WRONG_TOKEN } }).listAllFolders());
    expect(error.message).toBe('GET /api/search?type=dash-folder&limit=5000&page=1 failed: HTTP 401: Invalid API key');
    expect(everythingPrintable(error)).not.toContain(WRONG_TOKEN);
  });

  it('reads with a Viewer token and throws 403 when it writes, without showing the token', async () => {
    const client = clientFor(sandbox, { auth: { kind: 'token', token: viewerToken } });
    expect(await client.getDashboard('nothing-here')).toBeNull();
    const error = (await caught(
      client.saveDashboard({ dashboard: dashboard('viewer-write'), folderUid: '', message: '', overwrite: false }),
    )) as GrafanaHttpError;
    expect([error.method, error.path, error.status]).toEqual(['POST', '/api/dashboards/db', 403]);
    expect(error.grafanaMessage).not.toBe('');
    expect(everythingPrintable(error)).not.toContain(viewerToken);
  });

  it('never shows the password of working credentials in an error', async () => {
    const client = clientFor(sandbox, { auth: adminAuth });
    const error = await caught(client.saveDashboard({ dashboard: dashboard('bad uid!'), folderUid: '', message: '', overwrite: false }));
    expect(error.message).toMatch(/^POST \/api\/dashboards\/db failed: HTTP 400: \S/);
    expect(everythingPrintable(error)).not.toContain(PASSWORD);
  });

  it('works in the org X-Grafana-Org-Id names: a dashboard of org 2 is invisible in org 1', async () => {
    const created = await apiRequest<{ orgId: number }>(sandbox, 'POST', '/api/orgs', { name: 'Second' }, adminHeaders(undefined, 'admin', PASSWORD));
    expect(created.body.orgId).toBe(2);
    const org2Token = await sandbox.createToken('Admin', 2);
    const org2 = clientFor(sandbox, { auth: { kind: 'token', token: org2Token }, orgId: 2 });
    expect(org2.orgId).toBe(2);
    sandbox.clearRequests();
    await org2.saveDashboard({ dashboard: dashboard('org-two-only'), folderUid: '', message: '', overwrite: false });
    const entry = sandbox.requests().find((request) => request.method === 'POST' && request.path === '/api/dashboards/db');
    expect(entry?.orgId).toBe(2);
    expect(await org2.getDashboard('org-two-only')).not.toBeNull();
    expect(await clientFor(sandbox, { auth: adminAuth, orgId: 1 }).getDashboard('org-two-only')).toBeNull();
    const mismatch = await caught(clientFor(sandbox, { auth: { kind: 'token', token: org2Token }, orgId: 1 }).getDashboard('org-two-only'));
    expect(mismatch.message).toBe(
      'GET /api/dashboards/uid/org-two-only failed: HTTP 401: API key does not belong to the requested organization',
    );
    expect(everythingPrintable(mismatch)).not.toContain(org2Token);
  });

  it('refuses credentials written into the URL, and the refusal never shows them', () => {
    let refusal: unknown;
    try {
      clientFor(sandbox, { url: sandbox.url.replace('://', `://admin:${PASSWORD}@`), auth: { kind: 'none' } });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect(everythingPrintable(refusal as Error)).not.toContain(PASSWORD);
  });
});
