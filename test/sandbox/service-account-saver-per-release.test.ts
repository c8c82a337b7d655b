import { describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxOptions } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

// provisioning-52: what Grafana records for a service account's dashboard save, per release and storage, and after the
// account is deleted (src/sandbox/README.md "Who saved, per release"). 12.0–12.2's legacy storage stores the save as user -1
// (buildSaveDashboardCommand took `claims.TypeUser` only; PR #112300, 12.3); legacy storage joins the user table for the
// uid at every read, so a deleted account's saves name nobody there; unified storage keeps the typed id as written.

const HISTORY = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?labelSelector=grafana.app/get-history%3Dtrue&fieldSelector=metadata.name%3Dsa';

async function serviceAccount(s: SandboxHandle): Promise<{ id: number; uid: string; auth: Record<string, string> }> {
  const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'ci-bot', role: 'Editor' });
  const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
  return { id: account.body.id, uid: account.body.uid, auth: bearerHeaders(token.body.key) };
}

/** Two saves by the account (a create and an update) through `/api`; what `/api` and `/apis` then say of the saver. */
async function savedByAccount(options: SandboxOptions, deleteAfter = false) {
  const s = await startTestSandbox(options);
  const account = await serviceAccount(s);
  expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'sa', title: 'SA' }, folderUid: '' }, account.auth)).status).toBe(200);
  expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'sa', title: 'SA 2', version: 1 }, folderUid: '' }, account.auth)).status).toBe(200);
  if (deleteAfter) {
    const deleted = await apiRequest(s, 'DELETE', `/api/serviceaccounts/${account.id}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toEqual({ message: 'Service account deleted' });
  }
  const meta = (await apiRequest(s, 'GET', '/api/dashboards/uid/sa')).body.meta;
  const versions = (await apiRequest(s, 'GET', '/api/dashboards/uid/sa/versions')).body.versions;
  const object = (await apiRequest(s, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/sa')).body;
  const history = (await apiRequest(s, 'GET', HISTORY)).body.items;
  return {
    s,
    account,
    api: { createdBy: meta.createdBy, updatedBy: meta.updatedBy, versions: versions.map((v: { createdBy: string }) => v.createdBy) },
    apis: {
      createdBy: object.metadata.annotations['grafana.app/createdBy'],
      updatedBy: object.metadata.annotations['grafana.app/updatedBy'],
      history: history.map((item: { metadata: { annotations: Record<string, string> } }) => item.metadata.annotations['grafana.app/updatedBy']),
    },
  };
}

describe("a service account's dashboard saves, per release", () => {
  it.each(['12.0.0', '12.2.0'])('Grafana %s (legacy storage) records them as user -1: /api says Anonymous, /apis "provisioning:"', async (release) => {
    const { api, apis } = await savedByAccount({ grafanaVersion: '12', release });
    expect(api).toEqual({ createdBy: 'Anonymous', updatedBy: 'Anonymous', versions: ['Anonymous', 'Anonymous'] });
    expect(apis).toEqual({ createdBy: 'provisioning:', updatedBy: 'provisioning:', history: ['provisioning:', 'provisioning:'] });
  });

  it('Grafana 12.3 (legacy storage) records the account: /api its name, /apis user:<uid>', async () => {
    const { api, apis, account } = await savedByAccount({ grafanaVersion: '12', release: '12.3.0' });
    expect(api).toEqual({ createdBy: 'ci-bot', updatedBy: 'ci-bot', versions: ['ci-bot', 'ci-bot'] });
    expect(apis).toEqual({ createdBy: `user:${account.uid}`, updatedBy: `user:${account.uid}`, history: [`user:${account.uid}`, `user:${account.uid}`] });
  });

  it('Grafana 12.2 on unified storage keeps the typed id (the storage records the caller, not the user row)', async () => {
    const { apis, account } = await savedByAccount({ grafanaVersion: '12', release: '12.2.0', storage: 'unified' });
    expect(apis.updatedBy).toBe(`service-account:${account.uid}`);
  });
});

describe('a service account deleted after its saves', () => {
  it('legacy storage (12): /api names the saves Anonymous, /apis names no saver at all', async () => {
    const { api, apis } = await savedByAccount({ grafanaVersion: '12' }, true);
    expect(api).toEqual({ createdBy: 'Anonymous', updatedBy: 'Anonymous', versions: ['Anonymous', 'Anonymous'] });
    expect(apis).toEqual({ createdBy: undefined, updatedBy: undefined, history: [undefined, undefined] });
  });

  it('unified storage (13): /apis keeps service-account:<uid>, which the display list no longer names', async () => {
    const { s, api, apis, account } = await savedByAccount({ grafanaVersion: '13' }, true);
    expect(api.updatedBy).toBe('Anonymous');
    expect(apis.updatedBy).toBe(`service-account:${account.uid}`);
    const display = await apiRequest(s, 'GET', `/apis/iam.grafana.app/v0alpha1/namespaces/default/display?key=service-account:${account.uid}`);
    expect(display.body.display ?? []).toEqual([]);
  });

  it("its tokens no longer sign in; the route's refusals are Grafana's", async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    const account = await serviceAccount(s);
    expect((await apiRequest(s, 'DELETE', `/api/serviceaccounts/${account.id}`)).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/user', undefined, account.auth)).status).toBe(401);
    const again = await apiRequest(s, 'DELETE', `/api/serviceaccounts/${account.id}`);
    expect([again.status, again.body.message]).toEqual([404, 'service account not found']);
    const invalid = await apiRequest(s, 'DELETE', '/api/serviceaccounts/abc');
    expect([invalid.status, invalid.body.message]).toEqual([400, 'Service account ID is invalid']);
    const byEditor = await apiRequest(s, 'DELETE', `/api/serviceaccounts/${account.id}`, undefined, bearerHeaders(await s.createToken('Editor')));
    expect(byEditor.status).toBe(403);
  });
});
