import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { RequestLogEntry, SandboxHandle } from '../../src/sandbox/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { shareListings } from '../../src/plan/share-listings.js';
import { commitAll } from '../pull/pull-fixture.js';
import { NO_RETRY_WAITS, runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

/**
 * perf-requests-48: `plan --all-envs` opened a port per environment, so environments of one Grafana org with the same
 * credentials each asked for the server's version, the identity, the access check and every listing again. They
 * share one port now; environments of another org, or with other credentials, never do.
 */
const TEAMS = ['team-a', 'team-b'];

type Environment = { orgId?: number; include: string[]; concurrency?: number; timeout?: number };

/** A git repository with a dashboard in each team directory, one environment per team, applied each. */
async function setUp(handle: SandboxHandle, api: 'legacy' | 'k8s' | 'auto', environments: Record<string, Environment>, env: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-env-port-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const team of TEAMS) {
    await mkdir(join(dir, 'dashboards', team), { recursive: true });
    await writeFile(join(dir, 'dashboards', team, `${team}-1.json`), `${JSON.stringify({ uid: `${team}-1`, title: `${team} one`, schemaVersion: 41, panels: [] }, null, 2)}\n`);
  }
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', url: handle.url, api, prune: 'folders', environments }));
  await commitAll(dir);
  for (const name of Object.keys(environments)) {
    const applied = await runCliInProcess(['apply', '--env', name, '--auto-approve'], { cwd: dir, env });
    expect(applied.code, applied.stderr).toBe(0);
  }
  return dir;
}

/** `plan --all-envs --format json`: each environment's summary, and the requests the run sent. */
async function planAll(handle: SandboxHandle, dir: string, env: Record<string, string>): Promise<{ summaries: Record<string, number>[]; requests: RequestLogEntry[] }> {
  handle.clearRequests();
  const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env });
  expect([planned.code, planned.stderr]).toEqual([0, '']);
  const { plans, errors } = JSON.parse(planned.stdout) as { plans: { summary: Record<string, number> }[]; errors: unknown[] };
  expect(errors).toEqual([]);
  return { summaries: plans.map((plan) => plan.summary), requests: handle.requests() };
}

/** How many GETs of each of these kinds the run sent, in each org (0: `/api/health`, which asks for no credentials). */
function countByOrg(requests: RequestLogEntry[], kinds: Record<string, RegExp>): Record<string, Record<number, number>> {
  const counts: Record<string, Record<number, number>> = {};
  for (const [kind, pattern] of Object.entries(kinds)) {
    counts[kind] = {};
    for (const request of requests) if (request.method === 'GET' && pattern.test(decodeURIComponent(request.path))) counts[kind][request.orgId] = (counts[kind][request.orgId] ?? 0) + 1;
  }
  return counts;
}

const NO_CHANGE = { create: 0, update: 0, delete: 0 };
const ADMIN = { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
const ONE_ORG = { a: { include: ['team-a'] }, b: { include: ['team-b'] } };

/** What every plan reads of Grafana before its own dashboards: the same for every environment of one org and credentials. */
const LEGACY_RUN_READS = {
  health: /^\/api\/health$/,
  folderList: /^\/api\/search\?.*type=dash-folder/,
  dashboardList: /^\/api\/search\?.*type=dash-db/,
};
const K8S_RUN_READS = {
  discovery: /^\/apis$/,
  identity: /^\/api\/user$/,
  // The first page of the metadata listing, which is the access check too (the listing takes the page the check asked for).
  accessCheck: /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards\?limit=500$/,
  folderList: /^\/apis\/folder\.grafana\.app\/[^/]+\/namespaces\/default\/folders\?/,
};

describe('plan --all-envs: environments of one Grafana org with the same credentials share one port', () => {
  it('on /api (Grafana 12), the server, the folder list and the dashboard listing are read once for both (each naming org 1 itself)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle, 'legacy', { a: { orgId: 1, include: ['team-a'] }, b: { orgId: 1, include: ['team-b'] } }, ADMIN);

    const { summaries, requests } = await planAll(handle, dir, ADMIN);

    expect(summaries).toEqual([expect.objectContaining(NO_CHANGE), expect.objectContaining(NO_CHANGE)]);
    expect(countByOrg(requests, LEGACY_RUN_READS)).toEqual({ health: { 0: 1 }, folderList: { 1: 1 }, dashboardList: { 1: 1 } });
  });

  it('on /apis (Grafana 13), discovery, the identity, the access check and the folder list are asked once for both', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await setUp(handle, 'k8s', ONE_ORG, ADMIN);

    const { summaries, requests } = await planAll(handle, dir, ADMIN);

    expect(summaries).toEqual([expect.objectContaining(NO_CHANGE), expect.objectContaining(NO_CHANGE)]);
    expect(countByOrg(requests, K8S_RUN_READS)).toEqual({ discovery: { 1: 1 }, identity: { 1: 1 }, accessCheck: { 1: 1 }, folderList: { 1: 1 } });
  });
});

// fixd-70 (trash-69's cost on 12.0.x, where the trash's sight is judged from the permissions too): environments of one Grafana
// org with the same credentials but other connection settings plan through ports of their own, which read the credentials'
// permissions once for the run; environments of two orgs read them once each.
describe('plan --all-envs: the permissions read is shared by the ports that ask as the same credentials', () => {
  const PERMISSIONS = { permissions: /^\/api\/access-control\/user\/permissions$/, health: /^\/api\/health$/ };
  /** Both team files changed, so that each environment's plan writes (and judges its credentials' write access). */
  const changeBoth = async (dir: string) => {
    for (const team of TEAMS) await writeFile(join(dir, 'dashboards', team, `${team}-1.json`), `${JSON.stringify({ uid: `${team}-1`, title: `${team} one, renamed`, schemaVersion: 41, panels: [] }, null, 2)}\n`);
    await commitAll(dir);
  };

  it('two environments of org 1 differing in concurrency (a port each): one read', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle, 'legacy', { a: { include: ['team-a'], concurrency: 2 }, b: { include: ['team-b'], concurrency: 3 } }, ADMIN);
    await changeBoth(dir);

    const { summaries, requests } = await planAll(handle, dir, ADMIN);

    expect(summaries).toEqual([expect.objectContaining({ ...NO_CHANGE, update: 1 }), expect.objectContaining({ ...NO_CHANGE, update: 1 })]);
    // Two ports (each asks for the server's version), one permissions read.
    expect(countByOrg(requests, PERMISSIONS)).toEqual({ permissions: { 1: 1 }, health: { 0: 2 } });
  });

  it('two orgs: one read in each', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await apiRequest(handle, 'POST', '/api/orgs', { name: 'Second' });
    const dir = await setUp(handle, 'legacy', { a: { orgId: 1, include: ['team-a'] }, b: { orgId: 2, include: ['team-b'] } }, ADMIN);
    await changeBoth(dir);

    const { requests } = await planAll(handle, dir, ADMIN);

    expect(countByOrg(requests, PERMISSIONS).permissions).toEqual({ 1: 1, 2: 1 });
  });

  // rev-70b L1: a read that failed says something of the port that asked (here its short timeout), not of the credentials:
  // the next environment asks for itself, and a Viewer's token is judged read-only there (it was handed the failure: unknown).
  it('a read that timed out in one environment (timeout 0.5 s) is not handed to another (the default timeout): it asks, and judges its write access', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle, 'legacy', { a: { include: ['team-a'], timeout: 0.5 }, b: { include: ['team-b'] } }, ADMIN);
    await changeBoth(dir);
    const account = await apiRequest(handle, 'POST', '/api/serviceaccounts', { name: 'ci viewer', role: 'Viewer' });
    const token = await apiRequest(handle, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
    handle.setFaults({ pathPrefix: '/api/access-control/user/permissions', latencyMs: 1500 });
    handle.clearRequests();

    const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env: { GRAFANA_TOKEN: token.body.key, ...NO_RETRY_WAITS } });

    expect(planned.code, planned.stderr).toBe(0);
    const { plans } = JSON.parse(planned.stdout) as { plans: { target: { environment: string }; warnings: { kind: string }[] }[] };
    const readOnly = Object.fromEntries(plans.map((plan) => [plan.target.environment, plan.warnings.some((warning) => warning.kind === 'read-only')]));
    expect(readOnly).toEqual({ a: false, b: true });
    const reads = handle.requests().filter((request) => request.path === '/api/access-control/user/permissions');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.at(-1)!.status).toBe(200);
  });
});

// perf-v8-50 (stop 49's note, §19.1): on /apis each plan's tree read paged through the org again (a metadata page per
// further environment on 13 `--api k8s`, a full page on `--api auto`); a whole listing is now kept for the next plans.
describe('plan --all-envs on /apis: the dashboard list pages each plan reads are read once for the environments of one org', () => {
  /** The LIST pages of the org's dashboards (not the access check's `limit=1`, nor a history's), by whether they asked for metadata only. */
  const treeReads = (requests: RequestLogEntry[]) => {
    const pages = requests.filter((request) => request.method === 'GET' && /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards\?limit=(?!1(&|$))\d+(&continue=[^&]+)?$/.test(request.path));
    return { metadata: pages.filter((page) => page.accept?.includes('as=PartialObjectMetadataList')).length, full: pages.filter((page) => !page.accept?.includes('as=PartialObjectMetadataList')).length };
  };

  it('13, --api k8s: the metadata page, once for both plans, which still find their own dashboards unchanged', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await setUp(handle, 'k8s', ONE_ORG, ADMIN);

    const { summaries, requests } = await planAll(handle, dir, ADMIN);

    expect(summaries).toEqual([expect.objectContaining({ ...NO_CHANGE, unchanged: 1 }), expect.objectContaining({ ...NO_CHANGE, unchanged: 1 })]);
    expect(treeReads(requests)).toEqual({ metadata: 1, full: 0 });
  });

  it('13, --api auto: the full page, once for both plans; each plan sees its own dashboard changed in its file', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await setUp(handle, 'auto', ONE_ORG, ADMIN);
    for (const team of TEAMS) await writeFile(join(dir, 'dashboards', team, `${team}-1.json`), `${JSON.stringify({ uid: `${team}-1`, title: `${team} one, renamed`, schemaVersion: 41, panels: [] }, null, 2)}\n`);
    await commitAll(dir);

    const { summaries, requests } = await planAll(handle, dir, ADMIN);

    expect(summaries).toEqual([expect.objectContaining({ ...NO_CHANGE, update: 1 }), expect.objectContaining({ ...NO_CHANGE, update: 1 })]);
    expect(treeReads(requests)).toEqual({ metadata: 0, full: 1 });
  });

  it('two orgs share no page: each reads its own', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await apiRequest(handle, 'POST', '/api/orgs', { name: 'Second' });
    const dir = await setUp(handle, 'auto', { a: { orgId: 1, include: ['team-a'] }, b: { orgId: 2, include: ['team-b'] } }, ADMIN);

    const { requests } = await planAll(handle, dir, ADMIN);

    const pages = requests.filter((request) => request.method === 'GET' && /\/dashboards\?limit=(?!1(&|$))\d+(&continue=[^&]+)?$/.test(request.path));
    expect(pages.map((page) => page.path.split('/')[5])).toEqual(['default', 'org-2']);
  });
});

// review-14 LOW-4/LOW-3: what a shared port says once is said for each environment; its listings cannot be changed by a plan.
describe('plan --all-envs: a shared port, as each environment sees it', () => {
  it('--insecure is warned for each environment, not only the first to open the port', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle, 'legacy', ONE_ORG, ADMIN);

    const planned = await runCliInProcess(['plan', '--all-envs', '--insecure', '--format', 'json'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr.split('\n').filter((line) => line.includes('--insecure'))).toEqual(Array(2).fill('warning: --insecure: TLS certificates of Grafana are not verified'));
  });

  it('a listing item one plan changes throws, and the next plan sees it as Grafana listed it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await setUp(handle, 'legacy', ONE_ORG, ADMIN);
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: handle.url, ...ADMIN }, cwd: tmpdir() });
    const grafana = shareListings(await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} }));
    onTestFinished(() => grafana.close());

    const [first] = await grafana.listFolders();
    expect(first).toBeDefined();
    const title = first!.title;
    expect(() => Object.assign(first!, { title: 'changed by a plan' })).toThrow(TypeError);
    expect((await grafana.listFolders())[0]!.title).toBe(title);
  });
});

// review-14 LOW-4(c): a port shared past a successful plan named the first environment's orgId source in a later one's refusal.
describe('plan --all-envs: a refusal on a shared port is worded for the environment it refuses', () => {
  it('names where that environment\'s own orgId came from, not the first environment\'s', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const env = { GRAFANA_TOKEN: await handle.createToken('Admin') };
    const dir = await setUp(handle, 'legacy', ONE_ORG, env);
    // a names org 1 in its own block, b takes it from the top level: one org, one token, one port.
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', url: handle.url, api: 'legacy', prune: 'folders', orgId: 1, environments: { a: { orgId: 1, include: ['team-a'] }, b: { include: ['team-b'] } } }));
    // Grafana's 401 for a token of another org, met first by b's own read (a's plan went through).
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/team-b-1', script: [{ kind: 'status', status: 401, message: 'API key does not belong to the requested organization' }] });

    const planned = await runCliInProcess(['plan', '--all-envs'], { cwd: dir, env });

    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain('dashsync plan for environment a: ');
    const refusal = planned.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toContain('environment b');
    expect(refusal[0]).toContain('(org 1, from "orgId" in dashsync.config.json, is not the org of the token in GRAFANA_TOKEN');
    expect(refusal[0]).not.toContain('environment "a"');
  });

  // env-54 (stop 53 §11.4): the hint of a 401 named the environment that opened the port, whose own variable is not the one to set.
  it('a 401 names the environment that took GRAFANA_TOKEN being planned then, and its own variable, not the first environment\'s', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const env = { GRAFANA_TOKEN: await handle.createToken('Admin') };
    const dir = await setUp(handle, 'legacy', ONE_ORG, env);
    // The token stops working after a's plan went through: b's own read is refused.
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/team-b-1', script: [{ kind: 'status', status: 401, message: 'Invalid API key' }] });

    const planned = await runCliInProcess(['plan', '--all-envs'], { cwd: dir, env });

    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain('dashsync plan for environment a: ');
    expect(planned.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
      'error: environment b: GET /api/dashboards/uid/team-b-1 failed: HTTP 401: Invalid API key (check GRAFANA_TOKEN, which environment b takes because its own GRAFANA_TOKEN_B is not set: ' +
        "credentials of this Grafana and org, not expired; or set GRAFANA_TOKEN_B to credentials of b's Grafana, which b then uses first)",
    ]);
  });
});

describe('plan --all-envs: environments of other orgs or credentials never share', () => {
  it('two orgs: each environment reads its own org', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(handle, 'POST', '/api/orgs', { name: 'Second' })).status).toBe(200);
    const dir = await setUp(handle, 'legacy', { a: { orgId: 1, include: ['team-a'] }, b: { orgId: 2, include: ['team-b'] } }, ADMIN);

    const { summaries, requests } = await planAll(handle, dir, ADMIN);

    // Shared across orgs, b would have planned its dashboard from org 1's listing (no create) and pruned nothing of org 2.
    expect(summaries).toEqual([expect.objectContaining(NO_CHANGE), expect.objectContaining(NO_CHANGE)]);
    expect(countByOrg(requests, LEGACY_RUN_READS)).toEqual({ health: { 0: 2 }, folderList: { 1: 1, 2: 1 }, dashboardList: { 1: 1, 2: 1 } });
  });

  it('one org, other credentials: each environment asks with its own', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const env = { ...ADMIN, GRAFANA_TOKEN_B: await handle.createToken('Admin') };
    const dir = await setUp(handle, 'legacy', ONE_ORG, env);

    const { summaries, requests } = await planAll(handle, dir, env);

    expect(summaries).toEqual([expect.objectContaining(NO_CHANGE), expect.objectContaining(NO_CHANGE)]);
    expect(countByOrg(requests, LEGACY_RUN_READS)).toEqual({ health: { 0: 2 }, folderList: { 1: 2 }, dashboardList: { 1: 2 } });
  });

  it('an org refused to the credentials: each environment says where its own orgId came from', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-env-port-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', 'team-a'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'team-a', 'a.json'), `${JSON.stringify({ uid: 'a', title: 'A', panels: [] }, null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', url: handle.url, api: 'legacy', environments: { a: { orgId: 9 }, b: { orgId: 9 } } }));

    const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env: ADMIN });

    expect(planned.code).toBe(1);
    const { errors } = JSON.parse(planned.stdout) as { errors: { environment: string; message: string }[] };
    expect(errors.map(({ environment, message }) => [environment, message])).toEqual(
      ['a', 'b'].map((name) => [name, `org 9 ("orgId" of environment "${name}" in dashsync.config.json): this user is not a member of it or it does not exist; the user belongs to org 1`]),
    );
  });
});
