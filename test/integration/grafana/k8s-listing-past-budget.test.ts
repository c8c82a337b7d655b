import { describe, expect, it } from 'vitest';
import { createRequester } from '../../../src/grafana/http/request.js';
import { chooseVersions } from '../../../src/grafana/k8s/choose-versions.js';
import { discoverApis } from '../../../src/grafana/k8s/discover-apis.js';
import { createK8sContext } from '../../../src/grafana/k8s/k8s-context.js';
import { listKeptDashboards } from '../../../src/grafana/k8s/list-kept-dashboards.js';
import type { SandboxHandle, SandboxOptions } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

const COLLECTION = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
const COUNT = 12;
/** Two dashboards a page: six pages. */
const PAGE_SIZE = 2;
const uids = Array.from({ length: COUNT }, (_, n) => `d${String(n).padStart(2, '0')}`);

/** `COUNT` dashboards of one size (a description of 10,000 characters), so that every page of two weighs the same. */
async function seed(options: SandboxOptions): Promise<SandboxHandle> {
  const sandbox = await startTestSandbox({ grafanaVersion: '13', ...options });
  for (const uid of uids) {
    const spec = { title: `Dashboard ${uid}`, description: 'x'.repeat(10_000), schemaVersion: 42, panels: [] };
    const created = await apiRequest(sandbox, 'POST', COLLECTION, { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: uid }, spec });
    expect(created.status, created.text).toBe(201);
  }
  return sandbox;
}

/** The listing of the sandbox's dashboards with a budget of two and a half pages (the first two kept), and its context. */
async function listTwoPagesKept(sandbox: SandboxHandle) {
  const http = createRequester({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, orgId: undefined, timeoutMs: 30_000, concurrency: 4, retry: { maxAttempts: 1 } });
  const context = createK8sContext(http, chooseVersions((await discoverApis(http))!)!, undefined, PAGE_SIZE);
  const firstPage = await apiRequest(sandbox, 'GET', `${COLLECTION}?limit=${PAGE_SIZE}`);
  const budget = Math.floor(Buffer.byteLength(firstPage.text) * 2.5);
  sandbox.clearRequests();
  const listing = await listKeptDashboards(context, undefined, budget);
  return { http, listing, listed: orgListPages(sandbox) };
}

/** The namespace's dashboards at any version (dashsync lists and reads classic ones at v0alpha1, where they are stored). */
const DASHBOARDS = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards(\?|\/)(.*)$/;

/** The org list pages asked for since the log was cleared, as their continue tokens ('' for a first page). */
const orgListPages = (sandbox: SandboxHandle) =>
  sandbox
    .requests()
    .filter((entry) => entry.method === 'GET' && DASHBOARDS.exec(entry.path)?.[1] === '?' && !entry.path.includes('labelSelector'))
    .map((entry) => new URL(entry.path, sandbox.url).searchParams.get('continue') ?? '');

/** GETs of one dashboard since the log was cleared: their uids. */
const dashboardGets = (sandbox: SandboxHandle) =>
  sandbox
    .requests()
    .filter((entry) => entry.method === 'GET' && DASHBOARDS.exec(entry.path)?.[1] === '/')
    .map((entry) => DASHBOARDS.exec(entry.path)![2]);

async function readAll(listing: Awaited<ReturnType<typeof listKeptDashboards>>, asked: string[]) {
  const titles = new Map<string, string | null>();
  for await (const { uid, live } of listing.readDashboards(asked, { concurrency: 4 })) titles.set(uid, live === null ? null : String(live.model.title));
  return titles;
}

// pull13-70 left: past the kept budget (24 MiB of pages) the dashboards were listed again from the first page, so a pull
// of 5,000 listed the org twice. The pages not kept are listed again from the first of them, by its continue token.
describe.each([{ storage: 'unified' as const }, { storage: 'legacy' as const }])('a /apis listing past its kept budget (Grafana 13, $storage storage)', ({ storage }) => {
  it('reads the dashboards of the pages it did not keep from the first of those pages on, not from the first page again', async () => {
    const sandbox = await seed({ storage });
    const { http, listing, listed } = await listTwoPagesKept(sandbox);
    expect(listed).toHaveLength(COUNT / PAGE_SIZE);
    expect(listing.summaries.map((summary) => summary.uid).sort()).toEqual(uids);
    sandbox.clearRequests();

    const titles = await readAll(listing, [...uids].reverse());
    await http.close();

    expect([...titles.keys()].sort()).toEqual(uids);
    expect([...titles].filter(([uid, title]) => title !== `Dashboard ${uid}`)).toEqual([]);
    // Pages 3 to 6 again, the first asked with the token the listing's page 2 gave (the one page 3 was asked with then).
    const again = orgListPages(sandbox);
    expect(again).toEqual(listed.slice(2));
    expect(dashboardGets(sandbox)).toEqual([]);
  });
});

describe('a /apis listing past its kept budget on unified storage, a history row pruned since', () => {
  it('reads by GET the dashboard the pages listed again no longer give (their offset moved), and every other from them', async () => {
    // One version kept: a save of d00 after the listing prunes its row at the listing's resourceVersion, which the later
    // pages are read at (listAtRevision), so the rows under the token's offset are one fewer and d04 falls before it.
    const sandbox = await seed({ storage: 'unified', versionsToKeep: 1 });
    const { http, listing } = await listTwoPagesKept(sandbox);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd00', title: 'Dashboard d00 saved again', schemaVersion: 42, panels: [] }, overwrite: true });
    expect(saved.status, saved.text).toBe(200);
    sandbox.clearRequests();

    const titles = await readAll(listing, uids.slice(4));
    await http.close();

    expect([...titles].filter(([uid, title]) => title !== `Dashboard ${uid}`)).toEqual([]);
    expect([...titles.keys()].sort()).toEqual(uids.slice(4));
    expect(dashboardGets(sandbox)).toEqual(['d04']);
    expect(orgListPages(sandbox)).toHaveLength(4);
  });
});
