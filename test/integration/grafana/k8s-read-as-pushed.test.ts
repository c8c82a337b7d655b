import { describe, expect, it } from 'vitest';
import { openGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { createRequester } from '../../../src/grafana/http/request.js';
import { chooseVersions } from '../../../src/grafana/k8s/choose-versions.js';
import { createK8sPort } from '../../../src/grafana/k8s/create-k8s-port.js';
import { discoverApis } from '../../../src/grafana/k8s/discover-apis.js';
import type { DashboardRead, ListedDashboard, ExpectedSource } from '../../../src/grafana/port.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

const COLLECTION = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';

/** Creates a dashboard carrying a push record, bound to the object as dashsync binds it (an annotation-only merge patch: 13 keeps the generation). */
async function createAsPushed(sandbox: SandboxHandle, uid: string, annotations: Record<string, string>, spec: Record<string, unknown>): Promise<void> {
  const created = await apiRequest(sandbox, 'POST', COLLECTION, { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: uid, annotations }, spec });
  expect(created.status).toBe(201);
  const bind = { metadata: { resourceVersion: created.body.metadata.resourceVersion, annotations: { 'dashsync/pushed-uid': created.body.metadata.uid } } };
  const bound = await apiRequest(sandbox, 'PATCH', `${COLLECTION}/${uid}`, bind, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
  expect([bound.status, bound.body.metadata.generation]).toEqual([200, 1]);
}

describe('k8s port: readDashboards with pushedFrom (metadata first)', () => {
  it('gives heads for the dashboards as pushed, reads many others from one full listing, summarizes every dashboard (one not asked for without a title)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const uids = Array.from({ length: 25 }, (_, n) => `d${n}`);
    for (const uid of uids) {
      const annotations = { 'dashsync/pushed-sha256': 'sha256:content', 'dashsync/pushed-generation': '1', 'dashsync/pushed-from': `sha256:source-${uid}` };
      await createAsPushed(sandbox, uid, annotations, { title: `Live ${uid}` });
    }
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'stranger', title: 'Not in the tree' } });
    const grafana = await openGrafanaPort(
      { url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, orgId: undefined, timeoutMs: 5_000, concurrency: 4, retry: { maxAttempts: 1 } },
      'k8s',
    );
    // d0–d2 are expected from the source they were pushed from; the others from another one (their files changed).
    const pushedFrom = new Map<string, ExpectedSource>(
      uids.map((uid, n) => [uid, { source: n < 3 ? `sha256:source-${uid}` : 'sha256:changed-file', title: `File ${uid}`, apiVersion: 'dashboard.grafana.app/v1' }]),
    );
    sandbox.clearRequests();
    const summaries: ListedDashboard[] = [];
    const reads: DashboardRead[] = [];
    for await (const read of grafana.readDashboards([...uids, 'missing'], { concurrency: 4, pushedFrom, onSummary: (s) => summaries.push(s) })) reads.push(read);
    await grafana.close();

    const heads = reads.filter((read) => 'asPushed' in read);
    expect(heads.map((read) => read.uid).sort()).toEqual(['d0', 'd1', 'd2']);
    expect(heads[0]).toMatchObject({ asPushed: { apiVersion: 'dashboard.grafana.app/v1', schema: 'v1', version: 1, pushed: { generation: 1 }, lastSave: { byDashsync: true } } });
    expect(heads[0]).not.toHaveProperty('asPushed.model');
    const full = reads.filter((read) => 'live' in read && read.live !== null);
    expect(full).toHaveLength(22);
    expect(reads.filter((read) => 'live' in read && read.live === null).map((read) => read.uid)).toEqual(['missing']);
    // A head's summary has the file's title (its push wrote it); a dashboard read in full the live title; one not asked for none (its metadata has none).
    const titles = new Map(summaries.map((s) => [s.uid, s.title]));
    expect([titles.get('d0'), titles.get('d5'), titles.get('stranger'), summaries.length]).toEqual(['File d0', 'Live d5', null, 26]);
    // 22 to read in full: one full listing instead of 22 GETs; nothing read for the stranger.
    const requests = sandbox.requests().filter((r) => r.path.includes('/dashboards'));
    expect(requests.map((r) => [r.path.replace(/^.*\/dashboards/, ''), r.accept === undefined ? 'full' : 'metadata'])).toEqual([
      ['?limit=500', 'metadata'],
      ['?limit=500', 'full'],
    ]);
  });

  it('metadata pages grow to four times the page size once the server has answered one in that form (fewer round trips, still small)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const uids = Array.from({ length: 9 }, (_, n) => `m${n}`);
    for (const uid of uids) {
      const annotations = { 'dashsync/pushed-sha256': 'sha256:content', 'dashsync/pushed-generation': '1', 'dashsync/pushed-from': `sha256:source-${uid}` };
      await createAsPushed(sandbox, uid, annotations, { title: uid });
    }
    const http = createRequester({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, orgId: undefined, timeoutMs: 5_000, concurrency: 4, retry: { maxAttempts: 1 } });
    const versions = chooseVersions((await discoverApis(http))!)!;
    const grafana = createK8sPort(http, { orgId: undefined, versions, classicWritesThroughLegacy: false, pageSize: 2 });
    const pushedFrom = new Map<string, ExpectedSource>(uids.map((uid) => [uid, { source: `sha256:source-${uid}`, title: uid, apiVersion: 'dashboard.grafana.app/v1' }]));
    sandbox.clearRequests();
    const reads: DashboardRead[] = [];
    for await (const read of grafana.readDashboards(uids, { concurrency: 4, pushedFrom })) reads.push(read);
    await grafana.close();

    expect(reads.filter((read) => 'asPushed' in read)).toHaveLength(9);
    const limits = sandbox.requests().filter((r) => r.path.includes('/dashboards?')).map((r) => [new URL(r.path, sandbox.url).searchParams.get('limit'), r.accept === undefined ? 'full' : 'metadata']);
    expect(limits).toEqual([['2', 'metadata'], ['8', 'metadata']]);
  });
});
