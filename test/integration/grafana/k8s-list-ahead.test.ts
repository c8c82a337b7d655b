import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { ConfigError } from '../../../src/errors.js';
import { createRequester } from '../../../src/grafana/http/request.js';
import { chooseVersions } from '../../../src/grafana/k8s/choose-versions.js';
import { createK8sPort } from '../../../src/grafana/k8s/create-k8s-port.js';
import { discoverApis } from '../../../src/grafana/k8s/discover-apis.js';
import type { DashboardRead, ExpectedSource, GrafanaPort } from '../../../src/grafana/port.js';
import { readListHead } from '../../../src/grafana/k8s/read-list-head.js';
import { askFirstNow } from '../../../src/plan/ask-first-now.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { exampleTreeSettings } from '../../helpers/example-tree-settings.js';
import { startRewritingProxy } from '../../helpers/rewriting-proxy.js';
import { adminHeaders, apiRequest, requestsHeld, startTestSandbox } from '../../helpers/sandbox.js';
import { startSplitListProxy } from '../../helpers/split-list-proxy.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'list ahead', actor: 'tester' };
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

/** A k8s port of two items a page (metadata pages then hold eight), discovery and the namespace already read; `url`: the sandbox's, or a proxy's in front of it. */
async function smallPagePort(sandbox: Pick<SandboxHandle, 'url'>): Promise<GrafanaPort> {
  const grafana = await uncheckedSmallPagePort(sandbox);
  await grafana.checkAccess();
  return grafana;
}

/** smallPagePort before its access check; `orgId`: the org the requests select (default: the credentials' own). */
async function uncheckedSmallPagePort(sandbox: Pick<SandboxHandle, 'url'>, orgId?: number): Promise<GrafanaPort> {
  const http = createRequester({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, orgId, timeoutMs: 120_000, concurrency: 4, retry: { maxAttempts: 1 } });
  const versions = chooseVersions((await discoverApis(http))!)!;
  return createK8sPort(http, { orgId, versions, classicWritesThroughLegacy: false, pageSize: 2 });
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

/** Every read of the k8s port, as `uid` (as pushed) or `uid (read in full)`, in the order they came; the org's index (onSummary) taken along. */
async function readAll(grafana: GrafanaPort, uids: string[], pushedFrom: Map<string, ExpectedSource>): Promise<{ reads: string[]; summaries: string[] }> {
  const reads: string[] = [];
  const summaries: string[] = [];
  const onSummary = (summary: { uid: string }) => void summaries.push(summary.uid);
  for await (const read of grafana.readDashboards(uids, { concurrency: 4, pushedFrom, onSummary })) reads.push('asPushed' in read ? read.uid : `${read.uid} (read in full)`);
  return { reads, summaries: summaries.sort() };
}

const isMetadataList = (body: string) => body.startsWith('{"kind":"PartialObjectMetadataList"');
const pageRequests = (sandbox: SandboxHandle) =>
  sandbox.requests().filter((r) => r.path.includes('/dashboards?limit=')).map((r) => [new URL(r.path, sandbox.url).searchParams.get('limit'), r.accept === undefined ? 'full' : 'metadata', r.status]);

/** Five dashboards as pushed, read through a proxy that rewrites each metadata list answer: what the reader yields and indexes, and the sandbox. */
async function readThroughRewrite(rewrite: (metadataList: string) => string) {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
  const rewritten: string[] = [];
  const answer = (body: string) => {
    if (!isMetadataList(body)) return body;
    rewritten.push(rewrite(body));
    return rewritten.at(-1)!;
  };
  const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path, answer });
  const grafana = await smallPagePort(proxy);
  onTestFinished(() => grafana.close());
  sandbox.clearRequests();
  const { reads, summaries } = await readAll(grafana, uids, pushedFrom);
  // The metadata pages (2 + 8 items hold the 5; a page asked for ahead may be answered too) went through the rewrite:
  // a sandbox answer of another form would test nothing.
  expect(rewritten.length).toBeGreaterThanOrEqual(2);
  return { sandbox, uids, reads: reads.sort(), summaries, rewritten };
}

describe('k8s port: the next metadata page asked for from a page\'s first bytes', () => {
  it('is asked for before the rest of the page has come, and the reads and the index are those read without the split', { timeout: 60_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 20);
    const direct = await smallPagePort(sandbox);
    const unsplit = await readAll(direct, uids, pushedFrom);
    await direct.close();
    // Pages of 2, 8, 8, 2: the first three name a next page, and each one's rest waits for that page's request (or 5 s).
    const proxy = await startSplitListProxy(sandbox.url, 5_000);
    const grafana = await smallPagePort(proxy);
    onTestFinished(() => grafana.close());
    const { reads, summaries } = await readAll(grafana, uids, pushedFrom);
    expect(proxy.split).toBe(3);
    expect(proxy.heldToTheEnd).toBe(0);
    expect(reads.sort()).toEqual([...uids].sort());
    expect([reads, summaries]).toEqual([unsplit.reads.sort(), unsplit.summaries]);
  });
});

describe('k8s port: a list answer whose head the parsed page contradicts (the parse wins)', () => {
  it('a head naming another continue token than the page\'s own: its early request is not taken, nothing is read twice or left out', async () => {
    // Before the page's own metadata, a first one whose token starts the listing over (JSON.parse keeps the last member of a name; the head reads the first).
    const { uids, reads, summaries, rewritten } = await readThroughRewrite((body) => `{"metadata":{"continue":"org:1/start:0/folder:"},${body.slice(1)}`);
    expect(readListHead(Buffer.from(rewritten[0]!))).toMatchObject({ next: 'org:1/start:0/folder:' });
    expect(reads).toEqual(uids);
    expect(summaries).toEqual(uids);
  });

  it('a head that cannot be read (items before the metadata): the pages are read one after another, each once', async () => {
    const { sandbox, uids, reads, summaries, rewritten } = await readThroughRewrite((body) => {
      const { items, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return JSON.stringify({ items, ...rest });
    });
    expect(readListHead(Buffer.from(rewritten[0]!))).toBeNull();
    expect(reads).toEqual(uids);
    expect(summaries).toEqual(uids);
    expect(pageRequests(sandbox)).toEqual([['2', 'metadata', 200], ['8', 'metadata', 200]]);
  });
});

describe('k8s port: metadata pages refused with 406 (a proxy that takes the metadata form for a foreign one)', () => {
  it('asks for the full list at the page size, not at the metadata pages\' four times it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const grafana = await smallPagePort(sandbox);
    sandbox.clearRequests();
    // The first metadata page is answered; the second (eight items) is refused.
    sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/', methods: ['GET'], script: [{ kind: 'delay', ms: 0 }, { kind: 'status', status: 406 }] });
    const { reads, summaries } = await readAll(grafana, uids, pushedFrom);
    await grafana.close();
    expect(summaries).toEqual(uids);
    // The first page's two as pushed, the other three from the full pages.
    expect(reads.map((read) => read.replace(' (read in full)', '')).sort()).toEqual(uids);
    expect(reads.filter((read) => read.endsWith('(read in full)'))).toHaveLength(3);
    expect(pageRequests(sandbox)).toEqual([['2', 'metadata', 200], ['8', 'metadata', 406], ['2', 'full', 200], ['2', 'full', 200]]);
  });
});

describe('askFirstNow over the k8s port: a caller that fails before its loop', () => {
  it('ends the first page still on its way, so the pool closes without it being answered', { timeout: 30_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const grafana = await smallPagePort(sandbox);
    sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/', methods: ['GET'], script: [{ kind: 'hold' }] });
    const end = new AbortController();
    const ahead = askFirstNow(grafana.readDashboards(uids, { concurrency: 4, pushedFrom, signal: end.signal }), () => end.abort());
    expect((await requestsHeld(sandbox, 1)).map((r) => listed(r.path))).toEqual(['dashboard dashboards?limit=2']);
    expect(() => ahead.stopOn(new Error('the folder list failed'))).toThrow('the folder list failed');
    // The held page is never released: before, close() waited for it (a generator awaiting a page sees no return() until it settles).
    await grafana.close();
  });
});

describe('plan through /apis: a list page that fails', () => {
  it('fails the plan with that page\'s error (nothing unhandled, no page left in flight)', { timeout: 60_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { settings } = await exampleTreeSettings(sandbox.url, 'dashsync-list-ahead-');
    const grafana = await smallPagePort(sandbox);
    const plan = () => createPlan({ settings, grafana, git: GIT });
    expect((await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: list ahead', force: false })).failures).toEqual([]);
    // The first page is answered; the second page fails (the port checked its access once, before the first plan).
    sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/', methods: ['GET'], script: [{ kind: 'delay', ms: 0 }, { kind: 'status', status: 500, message: 'storage unavailable' }] });
    sandbox.clearRequests();
    await expect(plan()).rejects.toThrow(/^GET \/apis\/dashboard\.grafana\.app\/v0alpha1\/namespaces\/default\/dashboards\?limit=8&continue=\S+ failed: HTTP 500: storage unavailable$/);
    await grafana.close();
    const pages = sandbox.requests().filter((r) => r.path.includes('/dashboards?limit=') && !r.path.endsWith('limit=1'));
    expect(pages.map((r) => [new URL(r.path, sandbox.url).searchParams.get('limit'), r.status])).toEqual([['2', 200], ['8', 500]]);
  });
});

describe('k8s port: the access check of a plan is its listing\'s first metadata page', () => {
  it('asks for no page of its own: the listing takes the page the check asked for, and reads and indexes as after a check of one dashboard', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const checkedFirst = await smallPagePort(sandbox);
    const plain = await readAll(checkedFirst, uids, pushedFrom);
    await checkedFirst.close();
    sandbox.clearRequests();
    const grafana = await uncheckedSmallPagePort(sandbox);
    onTestFinished(() => grafana.close());
    await grafana.checkAccess({ listingFollows: true });
    expect(pageRequests(sandbox)).toEqual([['2', 'metadata', 200]]);
    const { reads, summaries } = await readAll(grafana, uids, pushedFrom);
    expect(reads).toEqual(plain.reads);
    expect(summaries).toEqual(plain.summaries);
    expect(reads.every((read) => !read.endsWith('(read in full)'))).toBe(true);
    // The first page once (the check's), then the listing's next page; no `limit=1` of a check of its own.
    expect(pageRequests(sandbox)).toEqual([['2', 'metadata', 200], ['8', 'metadata', 200]]);
  });

  it('is never taken by a later listing: one of another request lets it go, and the plan\'s reads ask for their first page again', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const grafana = await uncheckedSmallPagePort(sandbox);
    onTestFinished(() => grafana.close());
    await grafana.checkAccess({ listingFollows: true });
    // A dashboard made after the check: a page kept since would not show it.
    const late = await apiRequest(sandbox, 'POST', COLLECTION, { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'late' }, spec: { title: 'late' } });
    expect(late.status).toBe(201);
    const listedFirst: string[] = [];
    for await (const summary of grafana.listDashboards()) listedFirst.push(summary.uid);
    expect(listedFirst.sort()).toEqual([...uids, 'late'].sort());
    sandbox.clearRequests();
    const { reads, summaries } = await readAll(grafana, uids, pushedFrom);
    expect(reads).toEqual(uids);
    expect(summaries).toEqual([...uids, 'late'].sort());
    expect(pageRequests(sandbox)[0]).toEqual(['2', 'metadata', 200]);
  });

  it('refused in the metadata form (406): the check asks for one dashboard as without a listing, and the listing reads as ever', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { uids, pushedFrom } = await seedAsPushed(sandbox, 5);
    const grafana = await uncheckedSmallPagePort(sandbox);
    onTestFinished(() => grafana.close());
    sandbox.clearRequests();
    sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/', methods: ['GET'], script: [{ kind: 'status', status: 406 }] });
    await grafana.checkAccess({ listingFollows: true });
    const { reads, summaries } = await readAll(grafana, uids, pushedFrom);
    expect(reads).toEqual(uids);
    expect(summaries).toEqual(uids);
    expect(pageRequests(sandbox)).toEqual([['2', 'metadata', 406], ['1', 'full', 200], ['2', 'metadata', 200], ['8', 'metadata', 200]]);
  });

  it('refused (403: an org the credentials are no member of): the same one line as the check of one dashboard', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const refusal = async (check?: { listingFollows: boolean }) => {
      const grafana = await uncheckedSmallPagePort(sandbox, 77);
      onTestFinished(() => grafana.close());
      return grafana.checkAccess(check).then(() => null, (error: unknown) => error);
    };
    const plain = await refusal();
    const first = await refusal({ listingFollows: true });
    expect(first).toBeInstanceOf(ConfigError);
    expect((first as ConfigError).message).toMatch(/^org 77 \(.+\): these credentials may not read its dashboards/);
    expect((first as ConfigError).message).toBe((plain as ConfigError).message);
  });
});
