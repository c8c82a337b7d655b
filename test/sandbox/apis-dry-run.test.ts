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
