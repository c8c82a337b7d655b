import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import type { ApiMode } from '../../src/config/types.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * perf-per-run-4: `--prune folders` names a General-level dashboard without a file another tool keeps as that tool's.
 * On /apis the tree read's listing
 * already shows `grafana.app/managedBy` (a read of each says the same); on /api only each dashboard's own read does.
 */
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const LOOSE = 4;

async function setUp(grafanaVersion: '12' | '13', api: ApiMode) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-general-level-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  await writeFile(join(dir, 'dashboards', 'team', 'mine.json'), `${JSON.stringify({ uid: 'mine', title: 'Mine', schemaVersion: 42, panels: [] }, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), '{"root": "dashboards", "prune": "folders"}\n');
  for (let i = 0; i < LOOSE; i += 1) expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `loose-${i}`, title: `Loose ${i}` } })).status).toBe(200);
  const provisioned = { dashboard: { uid: 'prov', title: 'Provisioned', panels: [] }, externalId: 'ops/prov.json' };
  expect((await apiRequest(sandbox, 'POST', '/__sandbox/provision', provisioned)).status).toBe(200);
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  return { sandbox, plan };
}

const GENERAL_LEVEL = `${LOOSE} not pruned (at the General level, which --prune folders never deletes; --prune all deletes those no other tool owns): loose-0 "Loose 0", loose-1 "Loose 1", loose-2 "Loose 2", loose-3 "Loose 3"`;
const OWNED = '1 dashboard another tool manages has no file here; prune leaves it: file provisioning 1: prov';
// Through /api on 12+ (api "legacy"), which shows file provisioning only (own-62): both lines say what that run cannot see.
const GENERAL_LEVEL_LEGACY = GENERAL_LEVEL.replace('those no other tool owns', 'those dashsync saved last (api "legacy" does not see which tool manages the others)');
const OWNED_LEGACY = OWNED.replace('prune leaves it:', 'prune leaves it (api "legacy" sees file provisioning only):');
/** The requests that name one of the General level's dashboards, or list the org's dashboards. */
const generalLevelReads = (paths: string[]) => paths.filter((path) => /(loose-\d|prov)(\?|$)/.test(path));
/** List pages of the org's dashboards (not the access check's `limit=1`, nor a history list). */
const dashboardLists = (paths: string[]) => paths.filter((path) => /\/dashboards\?/.test(path) && !/[?&]limit=1$/.test(path) && !path.includes('labelSelector'));

describe('--prune folders at the General level', () => {
  // 12's legacy SQL storage keeps no push record: its tree read is the full pages (perf-requests-48), which carry the titles.
  it.each([['13', 'k8s', LOOSE + 1], ['12', 'k8s', 0]] as const)('Grafana %s over /apis: owners from the tree read\'s listing, no second listing', async (grafanaVersion, api, titleReads) => {
    const { sandbox, plan } = await setUp(grafanaVersion, api);
    expect((await plan()).summary).toMatchObject({ create: 1 });
    sandbox.clearRequests();

    const planned = await plan();

    const messages = planned.warnings.map(describeWarning);
    expect(messages).toContain(GENERAL_LEVEL);
    expect(messages).toContain(OWNED);
    expect(planned.actions.filter((action) => action.action === 'delete')).toEqual([]);
    const paths = sandbox.requests().map((request) => request.path);
    // The metadata pages leave out the titles: this plan creates a dashboard, so each one outside the tree is read once
    // for its title (a look-alike of the create). Before, the whole org was then listed again for the General level's owners.
    expect(dashboardLists(paths)).toHaveLength(1);
    expect(generalLevelReads(paths)).toHaveLength(titleReads);
    expect(new Set(generalLevelReads(paths)).size).toBe(titleReads);
  });

  it('Grafana 12 over /api: the search does not say who keeps a dashboard; each is read once', async () => {
    const { sandbox, plan } = await setUp('12', 'legacy');
    await plan();
    sandbox.clearRequests();

    const planned = await plan();

    const messages = planned.warnings.map(describeWarning);
    expect(messages).toContain(GENERAL_LEVEL_LEGACY);
    expect(messages).toContain(OWNED_LEGACY);
    expect(generalLevelReads(sandbox.requests().map((request) => request.path)).sort()).toEqual([...[0, 1, 2, 3].map((i) => `/api/dashboards/uid/loose-${i}`), '/api/dashboards/uid/prov']);
  });
});

/**
 * audit-ux-19 F-1: a library panel at the General level without a file is kept by `--prune folders` as a dashboard there
 * is, and said with it: it had been left out without a word (in text and plan JSON), though `--prune all` deletes it.
 */
describe('--prune folders keeps a General-level library panel without a file', () => {
  it('names it in the General level warning and counts it in summary.generalLevel', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-general-panel-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'team', 'mine.json'), `${JSON.stringify({ uid: 'mine', title: 'Mine', schemaVersion: 42, panels: [] }, null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), '{"root": "dashboards", "prune": "folders"}\n');
    const panel = { uid: 'lp-cpu', name: 'CPU usage (all)', kind: 1, folderUid: '', model: { type: 'stat', title: 'CPU' } };
    expect((await apiRequest(sandbox, 'POST', '/api/library-elements', panel)).status).toBe(200);
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const planned = await createPlan({ settings, grafana, git: GIT });

    expect(planned.warnings.map(describeWarning)).toContain(
      '1 not pruned (at the General level, which --prune folders never deletes; --prune all deletes those no other tool owns): library panel lp-cpu "CPU usage (all)"',
    );
    expect(planned.summary.generalLevel).toBe(1);
    expect(planned.actions.filter((action) => action.action === 'delete')).toEqual([]);
  });
});
