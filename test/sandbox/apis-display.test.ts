import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const display = (namespace: string, keys: string[]) =>
  `/apis/iam.grafana.app/v0alpha1/namespaces/${namespace}/display${keys.length ? `?${keys.map((key) => `key=${encodeURIComponent(key)}`).join('&')}` : ''}`;
const avatar = (text: string) => `/avatar/${createHash('md5').update(text).digest('hex')}`;

/** Edits a dashboard "in the UI" as `user` (created as an Editor, with `name` when given); its typed identity. */
async function editAs(url: string, uid: string, user: string, name?: string): Promise<string> {
  const response = await fetch(`${url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid, user, ...(name === undefined ? {} : { name }) }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as any).metadata.annotations['grafana.app/updatedBy'];
}

describe.each(['12', '13'] as const)('iam display (Grafana %s): the names of typed identities', (grafanaVersion) => {
  it('names users (name, else login) and service accounts by uid or id; constants for anonymous and API keys; unknown ones are left out', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ops', title: 'Ops', panels: [] } });
    const jane = await editAs(s.url, 'ops', 'jane', 'Jane Doe');
    const bob = await editAs(s.url, 'ops', 'bob');
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'ci-bot', role: 'Editor' });
    expect(account.status).toBe(201);
    const keys = [jane, bob, `service-account:${account.body.uid}`, 'user:1', 'anonymous:', 'api-key:7', 'user:gone', 'provisioning:', 'team:x'];

    const response = await apiRequest(s, 'GET', display('default', keys));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const janeUser = jane.slice('user:'.length);
    const bobUser = bob.slice('user:'.length);
    expect(response.body).toEqual({
      metadata: {},
      keys,
      invalidKeys: ['provisioning:', 'team:x'],
      // Members by internal id (ORDER BY u.id), then the constants.
      display: [
        { identity: { type: 'user', name: 'adminuid0000001' }, displayName: 'admin', avatarURL: avatar('admin@localhost'), internalId: 1 },
        { identity: { type: 'user', name: janeUser }, displayName: 'Jane Doe', avatarURL: avatar('jane@localhost'), internalId: expect.any(Number) },
        { identity: { type: 'user', name: bobUser }, displayName: 'bob', avatarURL: avatar('bob@localhost'), internalId: expect.any(Number) },
        { identity: { type: 'service-account', name: account.body.uid }, displayName: 'ci-bot', avatarURL: avatar(account.body.login), internalId: account.body.id },
        { identity: { type: 'anonymous', name: '' }, displayName: 'Anonymous', avatarURL: avatar('anonymous') },
        { identity: { type: 'api-key', name: '7' }, displayName: 'API Key', avatarURL: avatar('api-key') },
      ],
    });
  });

  it('answers any member of the org, a Viewer token too; another org, or no key, is refused', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const viewer = await s.createToken('Viewer');
    const asViewer = await apiRequest(s, 'GET', display('default', ['user:adminuid0000001']), undefined, bearerHeaders(viewer));
    expect([asViewer.status, asViewer.body.display.map((entry: any) => entry.displayName)]).toEqual([200, ['admin']]);

    const elsewhere = await apiRequest(s, 'GET', display('org-2', ['user:adminuid0000001']), undefined, bearerHeaders(viewer));
    expect([elsewhere.status, elsewhere.body.reason]).toEqual([403, 'Forbidden']);

    const noKey = await apiRequest(s, 'GET', display('default', []));
    expect([noKey.status, noKey.body]).toEqual([400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'missing key', reason: 'BadRequest', code: 400 }]);
  });
});

it('is not served by Grafana 11.2 (no /apis)', async () => {
  const s = await startTestSandbox({ grafanaVersion: '11.2' });
  expect((await apiRequest(s, 'GET', display('default', ['user:adminuid0000001']))).status).toBe(404);
});
