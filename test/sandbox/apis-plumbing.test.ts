import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { adminHeaders, apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const base = (ns = 'default') => `/apis/dashboard.grafana.app/v1beta1/namespaces/${ns}/dashboards`;
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('/apis in the sandbox machinery', () => {
  it('faults hit /apis by default and answer a k8s Status there', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12', faults: { script: [{ kind: 'status', status: 429, retryAfterSeconds: 3 }] } });
    const limited = await apiRequest(s, 'GET', base());
    expect([limited.status, limited.headers.get('retry-after'), limited.text]).toEqual([
      429,
      '3',
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too Many Requests","reason":"TooManyRequests","code":429}\n',
    ]);
    expect((await apiRequest(s, 'GET', base())).status).toBe(200);
    s.setFaults({ pathPrefix: '/api/', errorRate: 1 });
    expect((await apiRequest(s, 'GET', base())).status).toBe(200);
  });

  it('a queue-full fault answers unified storage\'s 429 for a full write queue: a Status without Retry-After, nothing written', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', faults: { script: [{ kind: 'queue-full' }] } });
    const path = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
    const refused = await apiRequest(s, 'POST', path, { metadata: { name: 'q' }, spec: { title: 'Q' } });
    expect([refused.status, refused.headers.get('retry-after'), refused.text]).toEqual([
      429,
      null,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"tenant queue is full, please try again later","reason":"TooManyRequests","code":429}\n',
    ]);
    expect((await apiRequest(s, 'GET', `${path}/q`)).status).toBe(404);
  });

  it('logs /apis requests with their org and body', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await apiRequest(s, 'POST', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards', { metadata: { name: 'x' }, spec: { title: 'X' } });
    await apiRequest(s, 'GET', '/apis');
    expect(s.requests().map(({ method, path, status, orgId, body }) => ({ method, path, status, orgId, body }))).toEqual([
      { method: 'POST', path: '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards', status: 201, orgId: 1, body: { metadata: { name: 'x' }, spec: { title: 'X' } } },
      { method: 'GET', path: '/apis', status: 200, orgId: 1, body: undefined },
    ]);
  });

  it('serves other orgs in their namespace (org-N); a token is bound to its own org', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    await apiRequest(s, 'POST', '/api/orgs', { name: 'Second' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'two', title: 'Two' } }, adminHeaders(2));
    const listed = (await apiRequest(s, 'GET', base('org-2'))).body;
    expect(listed.items.map((item: any) => [item.metadata.name, item.metadata.namespace])).toEqual([['two', 'org-2']]);
    expect((await apiRequest(s, 'GET', base())).body.items).toEqual([]);
    const token = await s.createToken('Admin');
    const refused = await apiRequest(s, 'GET', base('org-2'), undefined, bearerHeaders(token));
    expect([refused.status, refused.body.message]).toEqual([
      403,
      'dashboards.dashboard.grafana.app is forbidden: User "sandbox-admin-2" cannot list resource "dashboards" in API group "dashboard.grafana.app" in the namespace "org-2": user 2 is not a member of org 2',
    ]);
  });

  it('--data keeps v2 dashboards, k8s metadata, resourceVersions, the trash and UI users across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-apis-'));
    dirs.push(dir);
    const dataFile = join(dir, 'state.json');
    const first = await startSandbox({ port: 0, grafanaVersion: '13', dataFile });
    const v1 = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
    await apiRequest(first, 'POST', v1, { metadata: { name: 'kept', annotations: { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'ci' } }, spec: { title: 'Kept' } });
    await apiRequest(first, 'POST', v1, { metadata: { name: 'binned' }, spec: { title: 'Binned' } });
    await apiRequest(first, 'DELETE', `${v1}/binned`);
    await apiRequest(first, 'POST', '/api/dashboards/db', { dashboard: { uid: 'dyn', title: 'Dyn' } });
    await fetch(`${first.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'dyn' }) });
    const before = (await apiRequest(first, 'GET', v1)).text;
    const beforeTrash = (await apiRequest(first, 'GET', `${v1}?labelSelector=grafana.app%2Fget-trash%3Dtrue`)).text;
    await first.close();

    const second = await startSandbox({ port: 0, grafanaVersion: '13', dataFile });
    try {
      expect((await apiRequest(second, 'GET', v1)).text).toBe(before);
      expect((await apiRequest(second, 'GET', `${v1}?labelSelector=grafana.app%2Fget-trash%3Dtrue`)).text).toBe(beforeTrash);
      expect((await apiRequest(second, 'GET', '/api/dashboards/uid/dyn')).status).toBe(406);
      const after = await apiRequest(second, 'POST', v1, { metadata: { name: 'later' }, spec: { title: 'Later' } });
      const newest = Math.max(...(JSON.parse(before).items as any[]).map((item) => Number(item.metadata.resourceVersion)));
      expect(Number(after.body.metadata.resourceVersion)).toBeGreaterThan(newest);
    } finally {
      await second.close();
    }
  });
});
