import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { InputError } from '../../src/errors.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/config/types.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { GrafanaPort } from '../../src/grafana/port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { Plan } from '../../src/plan/types.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** Three levels of folders (top / mid / leaf), one dashboard in each and one at the General level. */
const TREE: Record<string, unknown> = {
  'dashboards/home.json': dashboard('home'),
  'dashboards/top/_folder.json': { uid: 'top', title: 'Top' },
  'dashboards/top/top-dash.json': dashboard('top-dash'),
  'dashboards/top/mid/_folder.json': { uid: 'mid', title: 'Mid' },
  'dashboards/top/mid/mid-dash.json': dashboard('mid-dash'),
  'dashboards/top/mid/leaf/_folder.json': { uid: 'leaf', title: 'Leaf' },
  'dashboards/top/mid/leaf/leaf-dash.json': dashboard('leaf-dash'),
};

function dashboard(uid: string) {
  return { uid, title: `Dashboard ${uid}`, schemaVersion: 39, panels: [], time: { from: 'now-6h', to: 'now' } };
}

async function setUp(sandbox: SandboxHandle, api: 'legacy' | 'k8s' = 'legacy'): Promise<{ dir: string; settings: Settings; grafana: GrafanaPort }> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-folder-listing-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [file, value] of Object.entries(TREE)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  }
  const settings = await loadSettings({ flags: { api, root: 'dashboards' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { dir, settings, grafana };
}

/** Applies the tree to a fresh sandbox: every folder and dashboard exists afterwards. */
async function applied(grafanaVersion: (typeof GRAFANA_VERSIONS)[number]) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await setUp(sandbox);
  const plan = await createPlan({ ...workspace, git: GIT });
  expect(plan.summary).toMatchObject({ create: 4, folderCreate: 3 });
  const result = await applyPlan({ plan, ...workspace, message: 'dashsync: test', force: false });
  expect(result).toMatchObject({ conflicts: [], failures: [], stoppedBy: null });
  return { sandbox, ...workspace };
}

const folderActions = (plan: Plan) =>
  plan.actions.filter((action) => action.kind === 'folder').map((action) => `${action.action} ${action.uid}`).sort();
const paths = (sandbox: SandboxHandle) => sandbox.requests().map((entry) => `${entry.method} ${entry.path.split('?')[0]}${entry.path.includes('type=dash-folder') ? '?type=dash-folder' : ''}`);

describe.each(GRAFANA_VERSIONS)('the folder listing on /api, Grafana %s', (grafanaVersion) => {
  it('a nested tree of three levels plans no change from one folder search, without a request per folder or level', async () => {
    const { sandbox, settings, grafana } = await applied(grafanaVersion);
    sandbox.clearRequests();

    const plan = await createPlan({ settings, grafana, git: GIT });

    expect(plan.summary).toMatchObject({ create: 0, update: 0, move: 0, unchanged: 4, folderCreate: 0, folderUpdate: 0 });
    expect(folderActions(plan)).toEqual(['noop leaf', 'noop mid', 'noop top']);
    const requests = paths(sandbox);
    expect(requests.filter((path) => path === 'GET /api/search?type=dash-folder')).toHaveLength(1);
    expect(requests.filter((path) => path.startsWith('GET /api/folders'))).toEqual([]);
  });
});

describe('a search index that lags behind writes (unified storage), Grafana 13', () => {
  it('a tree folder the search does not show yet is read, found, and not planned as a create; apply creates nothing twice', async () => {
    const { sandbox, settings, grafana } = await applied('13');
    sandbox.setFaults({ searchMisses: ['mid', 'leaf'] });
    sandbox.clearRequests();

    const plan = await createPlan({ settings, grafana, git: GIT });

    expect(folderActions(plan)).toEqual(['noop leaf', 'noop mid', 'noop top']);
    expect(plan.summary).toMatchObject({ create: 0, move: 0, unchanged: 4, folderCreate: 0 });
    expect(paths(sandbox).filter((path) => path.startsWith('GET /api/folders')).sort()).toEqual(['GET /api/folders/leaf', 'GET /api/folders/mid']);
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result).toMatchObject({ conflicts: [], failures: [], foldersCreated: [] });
  });

  it('a folder missing from the search and from Grafana (404) is planned as a create, and one renamed in the tree as an update at its read version', async () => {
    const { sandbox, dir, settings, grafana } = await applied('13');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/leaf')).status).toBe(200);
    await writeFile(join(dir, 'dashboards/top/mid/_folder.json'), JSON.stringify({ uid: 'mid', title: 'Middle' }));
    sandbox.setFaults({ searchMisses: ['mid', 'leaf'] });

    const plan = await createPlan({ settings, grafana, git: GIT });

    expect(folderActions(plan)).toEqual(['create leaf', 'noop top', 'update mid']);
    const mid = await apiRequest(sandbox, 'GET', '/api/folders/mid');
    expect(plan.actions.find((action) => action.uid === 'mid')).toMatchObject({ live: { title: 'Mid', parentUid: 'top', revision: String(mid.body.version) } });
  });

  it('a tree folder the search misses whose read is refused (403) is planned as a create with a warning (Grafana refuses a non-Admin a missing folder too); if it exists, hidden, Grafana refuses the create and nothing is overwritten', async () => {
    const { sandbox, settings, grafana } = await applied('13');
    const before = await apiRequest(sandbox, 'GET', '/api/folders/mid');
    // The token's user lost access to mid: search leaves it out, and reading it is refused.
    sandbox.setFaults({ searchMisses: ['mid', 'leaf'], pathPrefix: '/api/folders/mid', methods: ['GET'], script: [{ kind: 'status', status: 403 }] });
    sandbox.clearRequests();

    const plan = await createPlan({ settings, grafana, git: GIT });

    expect(folderActions(plan)).toEqual(['create mid', 'noop leaf', 'noop top']);
    expect(plan.warnings).toContainEqual({
      kind: 'other',
      uid: 'mid',
      message:
        "folder mid is not in Grafana's folder search and a read of it was refused (HTTP 403), which Grafana answers a non-Admin " +
        'for a folder that does not exist as for one hidden from it: planned as a create, which Grafana refuses if it exists',
    });
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(result.foldersCreated).toEqual([]);
    sandbox.setFaults({});
    const after = await apiRequest(sandbox, 'GET', '/api/folders/mid');
    expect(after.body).toMatchObject({ uid: 'mid', title: 'Mid', version: before.body.version });
  });

  it('apply of a saved plan: a folder to update that these credentials can no longer read fails on one line naming it and what to do; nothing is written', async () => {
    const { sandbox, dir, settings, grafana } = await applied('13');
    await writeFile(join(dir, 'dashboards/top/mid/_folder.json'), JSON.stringify({ uid: 'mid', title: 'Middle' }));
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(folderActions(plan)).toEqual(['noop leaf', 'noop top', 'update mid']);
    sandbox.setFaults({ errorRate: 1, errorStatus: 403, methods: ['GET'], pathPrefix: '/api/folders/mid' });
    sandbox.clearRequests();

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });

    expect(result.failures).toEqual([
      {
        uid: 'mid',
        title: 'Middle',
        action: 'folder-update',
        message:
          "folder mid exists in Grafana, but these credentials cannot read it (GET /api/folders/mid: HTTP 403): grant the token's user or service account Edit on that folder, " +
          'or move it back where the tree has it (a folder moved to the top level in Grafana keeps no role grants of its own)',
        folderHidden: true,
      },
    ]);
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('on /apis (listed from storage, not a search) a folder to create is read once, to tell a hidden one (403) from a missing one', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await setUp(sandbox, 'k8s');
    sandbox.clearRequests();

    const plan = await createPlan({ ...workspace, git: GIT });

    expect(folderActions(plan)).toEqual(['create leaf', 'create mid', 'create top']);
    const reads = sandbox.requests().filter((entry) => /\/folders\/(top|mid|leaf)\b/.test(entry.path));
    expect(reads.map((entry) => `${entry.method} ${entry.path.split('/').pop()} ${entry.status}`).sort()).toEqual(['GET leaf 404', 'GET mid 404', 'GET top 404']);
    expect(plan.warnings.filter((warning) => warning.kind === 'other' && warning.message.includes('cannot see it'))).toEqual([]);
  });

  it.each([
    { grafanaVersion: '11.2' as const, reads: [] },
    { grafanaVersion: '12' as const, reads: ['GET /api/folders/leaf', 'GET /api/folders/mid', 'GET /api/folders/top'] },
  ])('a first plan on Grafana $grafanaVersion: folders to create are read first only where the search may lag (12 and later)', async ({ grafanaVersion, reads }) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await setUp(sandbox);
    sandbox.clearRequests();

    const plan = await createPlan({ ...workspace, git: GIT });

    expect(folderActions(plan)).toEqual(['create leaf', 'create mid', 'create top']);
    expect(paths(sandbox).filter((path) => path.startsWith('GET /api/folders')).sort()).toEqual(reads);
  });
});
