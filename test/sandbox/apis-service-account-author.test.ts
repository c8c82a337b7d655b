import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

// Legacy SQL storage keeps a user id per row, and sql_dashboards.go getUserID types every one as `user:<uid>`
// (a service account is a row of the user table); unified storage keeps the caller's typed identity.
const cases: { grafanaVersion: GrafanaVersion; v1: string; storage: 'legacy' | 'unified'; type: string }[] = [
  { grafanaVersion: '12', v1: 'v1beta1', storage: 'legacy', type: 'user' },
  { grafanaVersion: '13', v1: 'v1', storage: 'legacy', type: 'user' },
  { grafanaVersion: '12', v1: 'v1beta1', storage: 'unified', type: 'service-account' },
  { grafanaVersion: '13', v1: 'v1', storage: 'unified', type: 'service-account' },
];
const collection = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;

async function serviceAccount(s: SandboxHandle): Promise<{ uid: string; token: string }> {
  const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'ci-bot', role: 'Editor' });
  const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
  return { uid: account.body.uid, token: token.body.key };
}

describe.each(cases)("a service account's dashboard write on Grafana $grafanaVersion, $storage storage", ({ grafanaVersion, v1, storage, type }) => {
  it(`is recorded as ${type}:<uid> in createdBy and updatedBy, on the object and in its history`, async () => {
    const s = await startTestSandbox({ grafanaVersion, storage });
    const account = await serviceAccount(s);
    const auth = bearerHeaders(account.token);
    const created = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'sa', title: 'SA' }, folderUid: '' }, auth);
    expect(created.status).toBe(200);
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'sa', title: 'SA 2', version: 1 }, folderUid: '' }, auth);
    expect(saved.status).toBe(200);

    const author = `${type}:${account.uid}`;
    const object = (await apiRequest(s, 'GET', `${collection(v1)}/sa`)).body;
    expect(object.metadata.annotations).toMatchObject({ 'grafana.app/createdBy': author, 'grafana.app/updatedBy': author });
    const history = (await apiRequest(s, 'GET', `${collection(v1)}?labelSelector=grafana.app/get-history%3Dtrue&fieldSelector=metadata.name%3Dsa`)).body;
    expect(history.items[0].metadata.annotations['grafana.app/updatedBy']).toBe(author);

    // The UI's display lookup names the key either way (display_query.sql matches the uid in the user table).
    const display = await apiRequest(s, 'GET', `/apis/iam.grafana.app/v0alpha1/namespaces/default/display?key=${author}`);
    expect(display.body.display).toMatchObject([{ displayName: 'ci-bot', identity: { type: 'service-account', name: account.uid } }]);
  });
});
