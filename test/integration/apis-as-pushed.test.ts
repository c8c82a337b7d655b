import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/config/types.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { hashContentSettings } from '../../src/plan/hash-content-settings.js';
import { pushedSource } from '../../src/plan/pushed-source.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'as pushed', actor: 'tester' };
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const object = (uid: string, version = 'v1') => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards/${uid}`;
/** Lists read at v0alpha1, which returns each dashboard as stored. */
const LIST = '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards?limit=500';
const changed = (plan: Plan) => plan.actions.filter((a) => a.action !== 'noop').map((a) => `${a.action} ${a.uid}`);
/** The requests that read or wrote dashboards (not folders, not discovery, not the access check's `limit=1`). */
const dashboardRequests = (sandbox: SandboxHandle) =>
  sandbox.requests().filter((r) => (r.path.includes('/dashboard.grafana.app/') && !r.path.endsWith('?limit=1')) || r.path.startsWith('/api/dashboards/'));

interface Applied {
  dir: string;
  settings: Settings;
  plan(overrides?: Partial<Settings>): Promise<Plan>;
}

/** The example tree (10 dashboards, v1 and v2, some with labels and annotations) applied through --api k8s to `url`. */
async function applyExampleTree(sandbox: SandboxHandle, url = sandbox.url): Promise<Applied> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-as-pushed-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(join(REPO, 'dashboards'), join(dir, 'dashboards'), { recursive: true });
  await cp(join(REPO, 'dashsync.config.json'), join(dir, 'dashsync.config.json'));
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = (overrides: Partial<Settings> = {}) => createPlan({ settings: { ...settings, ...overrides }, grafana, git: GIT });
  const result = await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: 0123456789ab as pushed', force: false });
  expect(result).toMatchObject({ conflicts: [], failures: [] });
  expect(result.created).toHaveLength(10);
  sandbox.clearRequests();
  return { dir, settings, plan };
}

describe('plan through /apis of dashboards dashsync pushed (dashsync/pushed-from)', () => {
  it('a no-change plan of an applied tree reads only metadata list pages for dashboards; titles and live state come from the files and the metadata', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const tree = await applyExampleTree(sandbox);
    const plan = await tree.plan();
    expect(changed(plan)).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(dashboardRequests(sandbox).map((r) => [r.method, r.path, r.accept])).toEqual([['GET', LIST, METADATA_LIST]]);
    // The folder list the plan reads also gives the dashboards' folder titles: one request, not two.
    expect(sandbox.requests().filter((r) => r.path.includes('/folder.grafana.app/') && r.path.includes('/folders?'))).toHaveLength(1);
    const redis = dashboardActions(plan).find((a) => a.uid === 'redis-exporter')!;
    const stored = (await apiRequest(sandbox, 'GET', object('redis-exporter'))).body;
    expect(redis.live).toMatchObject({
      title: 'Redis',
      version: stored.metadata.generation,
      revision: `${stored.metadata.generation}/${stored.metadata.uid}/${stored.metadata.resourceVersion}`,
      folderUid: stored.metadata.annotations['grafana.app/folder'],
      apiVersion: 'dashboard.grafana.app/v1',
    });
  });

  it('every real change still shows: a UI save, a file edit, a label change by kubectl, a folder move, a settings change; dashboards outside the tree are read with their titles', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const tree = await applyExampleTree(sandbox);
    const mysql = (await apiRequest(sandbox, 'GET', object('mysql-overview'))).body;
    const databases = mysql.metadata.annotations['grafana.app/folder'];
    // Not in the tree, where the renamed file lands: its summary must carry its real title (a title clash).
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'stranger', title: 'MySQL (new)' }, folderUid: databases });
    const ui = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'platform-overview', spec: { description: 'edited in the UI' } }) });
    expect(ui.status).toBe(200);
    const file = join(tree.dir, 'dashboards/platform/databases/mysql.json');
    const resource = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...resource, spec: { ...resource.spec, title: 'MySQL (new)' } }));
    const patch = { ...adminHeaders(), 'content-type': 'application/merge-patch+json' };
    // checkout-slo is a v2 dashboard: patched at its own version (a patch at v1 would store it as v1).
    const kubectl = await apiRequest(sandbox, 'PATCH', object('checkout-slo', 'v2beta1'), { metadata: { labels: { team: 'checkout' } } }, patch);
    expect(kubectl.status).toBe(200);
    const moved = await apiRequest(sandbox, 'PATCH', object('checkout-logs'), { metadata: { annotations: { 'grafana.app/folder': databases } } }, patch);
    expect(moved.status).toBe(200);

    sandbox.clearRequests();
    const plan = await tree.plan();
    expect(changed(plan).sort()).toEqual(['move checkout-logs', 'update checkout-slo', 'update mysql-overview', 'update platform-overview']);
    const byUid = new Map(dashboardActions(plan).map((a) => [a.uid, a]));
    // With the fields Grafana's migration rewrote (README: the first change to a migrated dashboard lists them).
    expect(byUid.get('platform-overview')!.changes.map((c) => c.path)).toContain('description');
    expect(byUid.get('checkout-slo')!.changes).toEqual([{ path: 'metadata.labels.team', kind: 'changed', before: 'checkout', after: 'payments' }]);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ kind: 'title-clash', uid: 'mysql-overview', otherUid: 'stranger' }));
    // The stranger and the dashboards that are no longer as pushed: read by GET (fewer than 20; a v2 one at its
    // stored version after the listing's), after the one metadata page.
    const gets = dashboardRequests(sandbox).filter((r) => r.method === 'GET' && !r.path.includes('?')).map((r) => r.path.split('/').pop()!);
    expect(dashboardRequests(sandbox).filter((r) => r.path.includes('?limit=500')).map((r) => r.accept)).toEqual([METADATA_LIST]);
    expect([...new Set(gets)].sort()).toEqual(['checkout-logs', 'checkout-slo', 'mysql-overview', 'platform-overview', 'stranger']);

    // Settings that shape the pushed content (inputs, as an environment resolves them) make every record stale.
    sandbox.clearRequests();
    const rewired = await tree.plan({ inputs: { DS_PROMETHEUS: 'prometheus-2' } });
    expect(changed(rewired)).toEqual(expect.arrayContaining(['update redis-exporter', 'update checkout-slo']));
    // No record matches these settings: every dashboard is read in full (one GET each: fewer than 20).
    const reread = new Set(dashboardRequests(sandbox).filter((r) => r.method === 'GET' && !r.path.includes('?')).map((r) => r.path.split('/').pop()!));
    expect(reread.size).toBe(11);
  });

  it('a record made by another dashsync release, or from other settings, is not trusted: the dashboard is read and compared in full', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const tree = await applyExampleTree(sandbox);
    const file = join(tree.dir, 'dashboards/platform/databases/redis.json');
    const { createHash } = await import('node:crypto');
    const contentHash = `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;
    const write = { api: 'k8s' as const, apiVersion: 'dashboard.grafana.app/v1' };
    const settingsHash = hashContentSettings(tree.settings);
    // Rewrite the records as a push would have made them (13 keeps dashboards in unified storage: an annotation-only PATCH keeps the generation).
    const record = async (uid: string, from: string) => {
      const current = (await apiRequest(sandbox, 'GET', object(uid))).body;
      const annotations = { 'dashsync/pushed-from': from, 'dashsync/pushed-generation': String(current.metadata.generation) };
      const patched = await apiRequest(sandbox, 'PATCH', object(uid), { metadata: { annotations } }, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
      expect(patched.body.metadata.generation).toBe(current.metadata.generation);
    };
    await record('redis-exporter', pushedSource(contentHash, settingsHash, write, '0.0.1'));
    await record('checkout-api-red', pushedSource('sha256:another-file', settingsHash, write));
    await record('mysql-overview', pushedSource(contentHash.replace(/.$/, '0'), settingsHash, write));
    const postgres = join(tree.dir, 'dashboards/platform/databases/postgresql.json');
    const postgresHash = `sha256:${createHash('sha256').update(await readFile(postgres)).digest('hex')}`;
    // This one's record is this release's, for this file and these settings: still trusted after the PATCH.
    await record('postgresql-overview', pushedSource(postgresHash, settingsHash, write));
    sandbox.clearRequests();

    const plan = await tree.plan();
    expect(changed(plan)).toEqual([]);
    const gets = dashboardRequests(sandbox).filter((r) => r.method === 'GET' && !r.path.includes('?')).map((r) => r.path.split('/').pop());
    expect(gets.sort()).toEqual(['checkout-api-red', 'mysql-overview', 'redis-exporter']);
  });

  it.each([
    { mode: 'strip' as const, what: 'does not transform the metadata request (it answers the full list): that one answer is used' },
    { mode: 'refuse' as const, what: 'refuses the metadata request (406): the full list is asked for instead' },
  ])('a proxy that $what', async ({ mode }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const proxy = await startAcceptProxy(sandbox.url, mode);
    const tree = await applyExampleTree(sandbox, proxy);
    const plan = await tree.plan();
    expect(changed(plan)).toEqual([]);
    // One full listing reached Grafana. As without the fast path, only the v2 dashboards that Grafana 13
    // listed converted to v1 are read again, at their stored version.
    expect(dashboardRequests(sandbox).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET ${LIST}`,
      'GET /apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/checkout-slo',
      'GET /apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/k8s-workloads',
    ]);
  });
});

/**
 * A reverse proxy in front of the sandbox: `strip` sends every request on with `Accept: application/json`,
 * as some gateways normalize it (the server then never sees the metadata-only request); `refuse` answers
 * 406 itself to an Accept with media type parameters, as a strict gateway may.
 */
async function startAcceptProxy(target: string, mode: 'strip' | 'refuse'): Promise<string> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    if (mode === 'refuse' && (incoming.headers.accept ?? '').includes(';')) {
      incoming.resume();
      outgoing.writeHead(406, { 'content-type': 'text/plain' }).end('Not Acceptable');
      return;
    }
    const headers = { ...incoming.headers, ...(mode === 'strip' ? { accept: 'application/json' } : {}), host: upstream.host };
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
