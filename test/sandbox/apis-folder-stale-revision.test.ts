import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const FOLDER = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders/f';

/**
 * A folder.grafana.app PUT at a resourceVersion the folder no longer has: unified storage's registry store refuses it
 * (409 Conflict, as for a dashboard); legacy storage writes it over (UpdateLegacy with Overwrite). An empty one is an
 * unconditional update on either.
 */
describe('a folder PUT at a stale resourceVersion', () => {
  it('13 (unified storage): 409 Conflict, the folder as the newer save left it; without a resourceVersion, written', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' })).status).toBe(200);
    const read = (await apiRequest(s, 'GET', FOLDER)).body;
    expect((await apiRequest(s, 'PUT', FOLDER, { ...read, spec: { title: 'First' } })).status).toBe(200);

    const stale = await apiRequest(s, 'PUT', FOLDER, { ...read, spec: { title: 'Second' } });

    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on folders.folder.grafana.app "f": the object has been modified; please apply your changes to the latest version and try again',
      code: 409,
    });
    expect((await apiRequest(s, 'GET', FOLDER)).body.spec.title).toBe('First');
    const { resourceVersion: _dropped, ...unconditional } = read.metadata;
    expect((await apiRequest(s, 'PUT', FOLDER, { ...read, metadata: unconditional, spec: { title: 'Third' } })).status).toBe(200);
    expect((await apiRequest(s, 'GET', FOLDER)).body.spec.title).toBe('Third');
  });

  it('12 (legacy storage): written over', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' })).status).toBe(200);
    const read = (await apiRequest(s, 'GET', FOLDER)).body;
    expect((await apiRequest(s, 'PUT', FOLDER, { ...read, spec: { title: 'First' } })).status).toBe(200);

    expect((await apiRequest(s, 'PUT', FOLDER, { ...read, spec: { title: 'Second' } })).status).toBe(200);
    expect((await apiRequest(s, 'GET', FOLDER)).body.spec.title).toBe('Second');
  });
});
