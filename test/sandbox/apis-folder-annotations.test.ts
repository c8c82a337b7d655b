import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const FOLDERS = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';

/** GET, change the metadata as `edit` says, PUT back. */
async function putWith(s: SandboxHandle, uid: string, edit: (metadata: any) => any, spec?: Record<string, unknown>, headers?: Record<string, string>) {
  const current = (await apiRequest(s, 'GET', `${FOLDERS}/${uid}`)).body;
  return apiRequest(s, 'PUT', `${FOLDERS}/${uid}`, { ...current, metadata: edit(current.metadata), ...(spec ? { spec } : {}) }, headers);
}

describe('a folder.grafana.app PUT and metadata.annotations', () => {
  it('13 (unified storage) keeps the annotations and labels written, server-owned ones aside; a PUT without them drops them; no new generation for metadata alone', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' })).status).toBe(200);
    const before = (await apiRequest(s, 'GET', `${FOLDERS}/f`)).body.metadata;
    const tagged = await putWith(s, 'f', (m) => ({
      ...m,
      annotations: { ...m.annotations, 'example.com/team': 'ops', 'grafana.app/createdBy': 'user:someone-else', 'grafana.app/grant-permissions': 'default' },
      labels: { ...m.labels, team: 'ops' },
    }));
    expect(tagged.status).toBe(200);
    const after = tagged.body.metadata;
    expect(after.annotations).toEqual({ ...before.annotations, 'example.com/team': 'ops' });
    expect(after.labels).toEqual({ ...before.labels, team: 'ops' });
    expect(after.generation).toBe(before.generation);
    expect(after.resourceVersion).not.toBe(before.resourceVersion);
    expect((await apiRequest(s, 'GET', `${FOLDERS}/f`)).body.metadata.annotations['example.com/team']).toBe('ops');

    const renamed = await putWith(s, 'f', (m) => m, { title: 'F renamed' });
    expect([renamed.body.spec.title, renamed.body.metadata.annotations['example.com/team'], renamed.body.metadata.generation]).toEqual(['F renamed', 'ops', 2]);
    expect((await apiRequest(s, 'PUT', '/api/folders/f', { title: 'F again', overwrite: true })).status).toBe(200);
    expect((await apiRequest(s, 'GET', `${FOLDERS}/f`)).body.metadata.labels.team).toBe('ops');

    const dropped = await putWith(s, 'f', (m) => ({ name: m.name, annotations: {} }));
    expect(dropped.status).toBe(200);
    expect(Object.keys(dropped.body.metadata.annotations).filter((key) => !key.startsWith('grafana.app/'))).toEqual([]);
    expect(Object.keys(dropped.body.metadata.labels)).toEqual(['grafana.app/deprecatedInternalID']);
  });

  it('13.1 on: a manager may be added and (unless repo) dropped; a Git Sync folder\'s manager only an Admin may drop, which releases it', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', release: '13.1.0' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'k', title: 'K' })).status).toBe(200);
    const kubectl = { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'ci' };
    const added = await putWith(s, 'k', (m) => ({ ...m, annotations: { ...m.annotations, ...kubectl } }));
    expect([added.status, added.body.metadata.annotations]).toEqual([200, expect.objectContaining(kubectl)]);
    const released = await putWith(s, 'k', (m) => ({ ...m, annotations: { 'grafana.app/folder': '' } }));
    expect([released.status, released.body.metadata.annotations['grafana.app/managedBy']]).toEqual([200, undefined]);

    expect((await apiRequest(s, 'POST', '/__sandbox/git-sync', { folder: { uid: 'gs', title: 'Git Synced' }, repository: 'ops', path: 'gs/' })).status).toBe(200);
    const editor = bearerHeaders(await s.createToken('Editor'));
    const keeping = await putWith(s, 'gs', (m) => m, { title: 'Renamed' }, editor);
    expect([keeping.status, keeping.body.reason, keeping.body.message]).toEqual([400, 'BadRequest', 'this repository is read only']);
    const strip = (m: any) => ({ name: m.name, annotations: {} });
    const byEditor = await putWith(s, 'gs', strip, undefined, editor);
    expect([byEditor.status, byEditor.body.reason, byEditor.body.message]).toEqual([403, 'Forbidden', 'Can not remove resource manager from resource']);
    expect((await apiRequest(s, 'GET', `${FOLDERS}/gs`)).body.metadata.annotations['grafana.app/managedBy']).toBe('repo');

    const byAdmin = await putWith(s, 'gs', strip, { title: 'Released' }, bearerHeaders(await s.createToken('Admin')));
    expect([byAdmin.status, byAdmin.body.spec.title, byAdmin.body.metadata.annotations['grafana.app/managedBy']]).toEqual([200, 'Released', undefined]);
    expect((await apiRequest(s, 'PUT', '/api/folders/gs', { title: 'Mine now', overwrite: true })).status).toBe(200);
  });

  it('13.0.2 (the 13 family; UNCONFIRMED, as 12): no one but the sync job may drop a Git Sync folder\'s manager, an Admin neither', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    expect((await apiRequest(s, 'POST', '/__sandbox/git-sync', { folder: { uid: 'gs', title: 'Git Synced' }, repository: 'ops', path: 'gs/' })).status).toBe(200);
    const byAdmin = await putWith(s, 'gs', (m: any) => ({ name: m.name, annotations: {} }), { title: 'Released' }, bearerHeaders(await s.createToken('Admin')));
    expect([byAdmin.status, byAdmin.body.reason, byAdmin.body.message]).toEqual([403, 'Forbidden', 'Can not remove resource manager from resource']);
    expect((await apiRequest(s, 'GET', `${FOLDERS}/gs`)).body.metadata.annotations['grafana.app/managedBy']).toBe('repo');
  });

  it('legacy storage (12, or 13 with storage legacy) keeps none: the folder service gets title, description and parent', async () => {
    for (const options of [{ grafanaVersion: '12' as const }, { grafanaVersion: '13' as const, storage: 'legacy' as const }]) {
      const s = await startTestSandbox(options);
      expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' })).status).toBe(200);
      const put = await putWith(s, 'f', (m) => ({ ...m, annotations: { ...m.annotations, 'example.com/team': 'ops', 'grafana.app/managedBy': 'kubectl' }, labels: { team: 'ops' } }));
      expect(put.status).toBe(200);
      expect([put.body.metadata.annotations['example.com/team'], put.body.metadata.annotations['grafana.app/managedBy'], put.body.metadata.labels.team]).toEqual([undefined, undefined, undefined]);
    }
  });
});
