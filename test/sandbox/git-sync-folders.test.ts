import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const FOLDERS = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';
const DASHBOARDS = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
const forbidden = (message: string) => `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 })}\n`;
const badRequest = (message: string) => `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 })}\n`;
const NOT_MANAGED = 'folder is managed by repo:ops, but the resource is not managed';

async function withGitSyncFolder() {
  const s = await startTestSandbox({ grafanaVersion: '13' });
  const made = await apiRequest(s, 'POST', '/__sandbox/git-sync', { folder: { uid: 'gs', title: 'Git Synced' }, repository: 'ops', path: 'gs/' });
  expect(made.status).toBe(200);
  await apiRequest(s, 'POST', '/api/folders', { uid: 'plain', title: 'Plain' });
  return s;
}

describe('Git Sync folders on 13 (managed.go)', () => {
  it('/apis shows the folder manager the sync job wrote', async () => {
    const s = await withGitSyncFolder();
    const annotations = (await apiRequest(s, 'GET', `${FOLDERS}/gs`)).body.metadata.annotations;
    expect(annotations).toMatchObject({ 'grafana.app/managedBy': 'repo', 'grafana.app/managerId': 'ops', 'grafana.app/sourcePath': 'gs/', 'grafana.app/createdBy': 'access-policy:provisioning' });
  });

  it('a dashboard without the folder manager may not be created or moved into it (ensureSameRepoManager), on /apis and /api, even by an Admin', async () => {
    const s = await withGitSyncFolder();
    const create = await apiRequest(s, 'POST', DASHBOARDS, { metadata: { name: 'd', annotations: { 'grafana.app/folder': 'gs' } }, spec: { title: 'D' } });
    expect([create.status, create.text]).toEqual([403, forbidden(NOT_MANAGED)]);
    const kubectl = await apiRequest(s, 'POST', DASHBOARDS, {
      metadata: { name: 'k', annotations: { 'grafana.app/folder': 'gs', 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'ci' } },
      spec: { title: 'K' },
    });
    expect([kubectl.status, kubectl.body.message]).toEqual([
      403,
      'resource manager (kubectl:ci) does not match folder manager (repo:ops); resources must be managed by the same manager as their containing folder',
    ]);
    const viaApi = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'a', title: 'A' }, folderUid: 'gs' });
    expect([viaApi.status, viaApi.body.message]).toEqual([403, NOT_MANAGED]);

    await apiRequest(s, 'POST', DASHBOARDS, { metadata: { name: 'm', annotations: { 'grafana.app/folder': 'plain' } }, spec: { title: 'M' } });
    const current = (await apiRequest(s, 'GET', `${DASHBOARDS}/m`)).body;
    const move = await apiRequest(s, 'PUT', `${DASHBOARDS}/m`, { ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, 'grafana.app/folder': 'gs' } } });
    expect([move.status, move.text]).toEqual([403, forbidden(NOT_MANAGED)]);
    const moveViaApi = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'm', title: 'M' }, folderUid: 'gs', overwrite: true });
    expect([moveViaApi.status, moveViaApi.body.message]).toEqual([403, NOT_MANAGED]);
    expect((await apiRequest(s, 'GET', '/api/search?folderUIDs=gs')).body).toEqual([]);
  });

  it('a folder may not be made or moved under it; the folder itself is not written by a token, Admin or not (routed to the repository, read-only here)', async () => {
    const s = await withGitSyncFolder();
    const sub = await apiRequest(s, 'POST', FOLDERS, { metadata: { name: 'sub', annotations: { 'grafana.app/folder': 'gs' } }, spec: { title: 'Sub' } });
    expect([sub.status, sub.body.message]).toEqual([403, NOT_MANAGED]);
    expect((await apiRequest(s, 'POST', '/api/folders/plain/move', { parentUid: 'gs' })).status).toBe(403);

    const current = (await apiRequest(s, 'GET', `${FOLDERS}/gs`)).body;
    const retitle = await apiRequest(s, 'PUT', `${FOLDERS}/gs`, { ...current, spec: { title: 'Mine now' } });
    expect([retitle.status, retitle.text]).toEqual([400, badRequest('this repository is read only')]);
    const admin = bearerHeaders(await s.createToken('Admin'));
    const viaApi = await apiRequest(s, 'PUT', '/api/folders/gs', { title: 'Mine now', overwrite: true }, admin);
    expect([viaApi.status, viaApi.body.message]).toEqual([400, 'this repository is read only']);
    const deleted = await apiRequest(s, 'DELETE', `${FOLDERS}/gs`);
    expect([deleted.status, deleted.text]).toEqual([400, badRequest('this repository is read only')]);
    expect((await apiRequest(s, 'DELETE', '/api/folders/gs', undefined, admin)).status).toBe(400);
    expect((await apiRequest(s, 'GET', '/api/folders/gs')).body.title).toBe('Git Synced');
  });

  it('Git Sync dashboards go into it', async () => {
    const s = await withGitSyncFolder();
    const synced = await apiRequest(s, 'POST', '/__sandbox/git-sync', { dashboard: { uid: 'g', title: 'G' }, folderUid: 'gs', repository: 'ops', path: 'gs/g.json' });
    expect(synced.status).toBe(200);
    expect((await apiRequest(s, 'GET', `${DASHBOARDS}/g`)).body.metadata.annotations['grafana.app/folder']).toBe('gs');
  });
});
