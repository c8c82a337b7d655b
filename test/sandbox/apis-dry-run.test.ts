import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// sbx-69: the apiserver validates a write's options before the write (k8s.io/apiserver handlers → ValidateDryRun): a dryRun
// value other than `All` is refused, never taken as a real write.
const collection = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
const refusal = (kind: string, values: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `${kind}.meta.k8s.io "" is invalid: dryRun: Unsupported value: ${values}: supported values: "All"`,
  reason: 'Invalid',
  details: { group: 'meta.k8s.io', kind, causes: [{ reason: 'FieldValueNotSupported', message: `Unsupported value: ${values}: supported values: "All"`, field: 'dryRun' }] },
  code: 422,
});

describe.each([
  { grafanaVersion: '12', v1: 'v1beta1' },
  { grafanaVersion: '13', v1: 'v1' },
] as const)('dryRun on Grafana $grafanaVersion', ({ grafanaVersion, v1 }) => {
  it('dryRun=All writes nothing; any other value is 422 Invalid on the write\'s options and nothing is written either', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const object = (name: string, title: string) => ({ apiVersion: `dashboard.grafana.app/${v1}`, kind: 'Dashboard', metadata: { name }, spec: { title } });
    const tried = await apiRequest(s, 'POST', `${collection(v1)}?dryRun=All`, object('dry', 'Dry'));
    expect([tried.status, tried.body.metadata?.name]).toEqual([201, 'dry']);
    expect((await apiRequest(s, 'GET', `${collection(v1)}/dry`)).status).toBe(404);
    const wrong = await apiRequest(s, 'POST', `${collection(v1)}?dryRun=true`, object('real', 'Real'));
    expect([wrong.status, wrong.body]).toEqual([422, refusal('CreateOptions', '[]string{"true"}')]);
    expect((await apiRequest(s, 'GET', `${collection(v1)}/real`)).status).toBe(404);

    expect((await apiRequest(s, 'POST', collection(v1), object('kept', 'Kept'))).status).toBe(201);
    const put = await apiRequest(s, 'PUT', `${collection(v1)}/kept?dryRun=All&dryRun=1`, object('kept', 'Changed'));
    expect([put.status, put.body]).toEqual([422, refusal('UpdateOptions', '[]string{"All", "1"}')]);
    const patch = await apiRequest(s, 'PATCH', `${collection(v1)}/kept?dryRun=yes`, { spec: { title: 'Patched' } }, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
    expect([patch.status, patch.body]).toEqual([422, refusal('PatchOptions', '[]string{"yes"}')]);
    // The patch's content type is checked first.
    const wrongType = await apiRequest(s, 'PATCH', `${collection(v1)}/kept?dryRun=yes`, { spec: { title: 'Patched' } }, { ...adminHeaders(), 'content-type': 'application/strategic-merge-patch+json' });
    expect(wrongType.status).toBe(415);
    const deleted = await apiRequest(s, 'DELETE', `${collection(v1)}/kept`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['true'] });
    expect([deleted.status, deleted.body]).toEqual([422, refusal('DeleteOptions', '[]string{"true"}')]);
    const dryDelete = await apiRequest(s, 'DELETE', `${collection(v1)}/kept?dryRun=All`);
    expect(dryDelete.status).toBe(200);
    const kept = await apiRequest(s, 'GET', `${collection(v1)}/kept`);
    expect([kept.status, kept.body.spec.title, kept.body.metadata.generation]).toEqual([200, 'Kept', 1]);
  });
});

describe('dryRun on folder.grafana.app, unified storage (13)', () => {
  it('create, replace and delete with dryRun=All answer as the write would and leave every folder and dashboard as it was', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const folders = '/apis/folder.grafana.app/v1/namespaces/default/folders';
    const folder = (name: string, title: string) => ({ apiVersion: 'folder.grafana.app/v1', kind: 'Folder', metadata: { name }, spec: { title } });
    const tried = await apiRequest(s, 'POST', `${folders}?dryRun=All`, folder('dry', 'Dry'));
    expect([tried.status, tried.body.metadata?.name, tried.body.spec?.title]).toEqual([201, 'dry', 'Dry']);
    expect((await apiRequest(s, 'GET', `${folders}/dry`)).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/folders/dry')).status).toBe(404);

    expect((await apiRequest(s, 'POST', folders, folder('kept', 'Kept'))).status).toBe(201);
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'inside', title: 'Inside' }, folderUid: 'kept' })).status).toBe(200);
    const before = (await apiRequest(s, 'GET', `${folders}/kept`)).body;
    const renamed = await apiRequest(s, 'PUT', `${folders}/kept?dryRun=All`, { ...before, spec: { title: 'Renamed' } });
    expect([renamed.status, renamed.body.spec?.title]).toEqual([200, 'Renamed']);
    const removed = await apiRequest(s, 'DELETE', `${folders}/kept?dryRun=All`);
    expect(removed.status).toBe(200);
    expect((await apiRequest(s, 'GET', `${folders}/kept`)).body).toEqual(before);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/inside')).body.meta.folderUid).toBe('kept');
    expect((await apiRequest(s, 'GET', folders)).body.items.map((item: any) => item.metadata.name)).toEqual(['kept']);
  });
});
