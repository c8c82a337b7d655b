import { describe, expect, it } from 'vitest';
import { createRequester } from '../../../src/grafana/http/request.js';
import { chooseVersions } from '../../../src/grafana/k8s/choose-versions.js';
import { createK8sPort } from '../../../src/grafana/k8s/create-k8s-port.js';
import { discoverApis } from '../../../src/grafana/k8s/discover-apis.js';
import type { DashboardRead, ExpectedSource, GrafanaPort } from '../../../src/grafana/port.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { adminHeaders, apiRequest, requestsHeld, startTestSandbox } from '../../helpers/sandbox.js';

const COLLECTION = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';

/** `count` dashboards carrying a push record from `sha256:source-<uid>`, bound as dashsync binds them; the first in folder `team`. */
async function seedAsPushed(sandbox: SandboxHandle, count: number): Promise<{ uids: string[]; pushedFrom: Map<string, ExpectedSource> }> {
  expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
  const uids = Array.from({ length: count }, (_, n) => `d${n}`);
  for (const [n, uid] of uids.entries()) {
    const annotations = { 'dashsync/pushed-sha256': 'sha256:content', 'dashsync/pushed-generation': '1', 'dashsync/pushed-from': `sha256:source-${uid}`, ...(n === 0 ? { 'grafana.app/folder': 'team' } : {}) };
    const created = await apiRequest(sandbox, 'POST', COLLECTION, { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: uid, annotations }, spec: { title: uid } });
    expect(created.status).toBe(201);
    const bind = { metadata: { resourceVersion: created.body.metadata.resourceVersion, annotations: { 'dashsync/pushed-uid': created.body.metadata.uid } } };
    expect((await apiRequest(sandbox, 'PATCH', `${COLLECTION}/${uid}`, bind, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' })).status).toBe(200);
  }
  const pushedFrom = new Map(uids.map((uid) => [uid, { source: `sha256:source-${uid}`, title: uid, apiVersion: 'dashboard.grafana.app/v1' }]));
  return { uids, pushedFrom };
}

/** A k8s port of two items a page (metadata pages then hold eight), discovery and the namespace already read. */
async function smallPagePort(sandbox: SandboxHandle): Promise<GrafanaPort> {
  const http = createRequester({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, orgId: undefined, timeoutMs: 120_000, concurrency: 4, retry: { maxAttempts: 1 } });
  const versions = chooseVersions((await discoverApis(http))!)!;
  const grafana = createK8sPort(http, { orgId: undefined, versions, classicWritesThroughLegacy: false, pageSize: 2 });
  await grafana.checkAccess();
  return grafana;
}

const listed = (path: string) => path.replace(/^\/apis\/([a-z]+)\.grafana\.app\/\w+\/namespaces\/default\//, '$1 ').replace(/&continue=.*/, '&continue=…');

describe('k8s port: list pages asked for ahead', () => {
  it('asks for the first metadata page while the folder list is still on its way, and takes the folder titles from that one list', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const grafana = await smallPagePort(sandbox);
    sandbox.clearRequests();
    // The folder list and the next list request are held: neither is answered until both have arrived.
    sandbox.setFaults({ pathPrefix: '/apis/', methods: ['GET'], script: [{ kind: 'hold' }, { kind: 'hold' }] });
    const folders = grafana.listFolders();
    const reads = grafana.readDashboards(uids, { concurrency: 4, pushedFrom })[Symbol.asyncIterator]();
    const first = reads.next();
    const held = await requestsHeld(sandbox, 2);
    expect(held.map((r) => listed(r.path))).toEqual(['folder folders?limit=1000', 'dashboard dashboards?limit=2']);
    sandbox.releaseHeld();
    expect((await folders).map((folder) => folder.uid)).toEqual(['team']);
    const all: DashboardRead[] = [];
    for (let result = await first; result.done !== true; result = await reads.next()) all.push(result.value);
    await grafana.close();

    expect(all.map((read) => ('asPushed' in read ? read.uid : `not as pushed: ${read.uid}`)).sort()).toEqual(uids);
    expect(all.find((read) => read.uid === 'd0')).toMatchObject({ asPushed: { folderUid: 'team', folderTitle: 'Team' } });
    expect(sandbox.requests().filter((r) => r.path.includes('/folders?'))).toHaveLength(1);
  });

  it('ends the page it asked for ahead when the reader stops before it', { timeout: 30_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const grafana = await smallPagePort(sandbox);
    await grafana.listFolders();
    // The first page is answered; the second, asked for while the reader takes the first, never is.
    sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/', methods: ['GET'], script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    let taken: DashboardRead | undefined;
    for await (const read of grafana.readDashboards(uids, { concurrency: 4, pushedFrom })) {
      taken = read;
      break;
    }
    expect(taken).toMatchObject({ asPushed: { version: 1 } });
    // A request still in flight would keep the pool from closing until it is answered (never, here) or times out (after the test's own time).
    await grafana.close();
  });
});
