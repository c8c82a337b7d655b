import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { commitAll } from '../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * perf-readback-12: a single dashboard read on `/apis` names its folder's title, which only the folder list tells. Each
 * read listed every folder; now a run lists them once and keeps the list until it writes a folder itself.
 */
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const OUTSIDE = 5;

const folderLists = (paths: string[]) => paths.filter((path) => /^\/apis\/folder\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/folders(\?|$)/.test(path)).length;

describe('the folder list on /apis (Grafana 13), once per run', () => {
  it('a plan in a git repository reads each dashboard another tool may have pushed, with one folder list for all', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-folder-list-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'team', 'mine.json'), `${JSON.stringify({ uid: 'mine', title: 'Mine', schemaVersion: 42, panels: [] }, null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'k8s', prune: 'folders' }));
    await commitAll(dir);
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const run = async () => {
      const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
      onTestFinished(() => grafana.close());
      return createPlan({ settings, grafana, git: GIT });
    };
    await applyPlan({ plan: await run(), settings, grafana: await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} }), message: 'first', force: false });
    // Made by hand in the tree's folder: prune reads each to learn whether another repository's dashsync pushed it.
    for (let i = 0; i < OUTSIDE; i += 1) {
      const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `outside-${i}`, title: `Outside ${i}` }, folderUid: deriveFolderUid('team') });
      expect(made.status).toBe(200);
    }
    sandbox.clearRequests();

    const planned = await run();

    const deletes = planned.actions.filter((action) => action.action === 'delete');
    expect(deletes.map((action) => [action.uid, action.title])).toEqual([...Array(OUTSIDE).keys()].map((i) => [`outside-${i}`, `Outside ${i}`]));
    const paths = sandbox.requests().map((request) => request.path);
    // Each once: prune's candidate read is the foreign-push read (perf-requests-47; test/integration/outside-read-once.test.ts).
    expect(paths.filter((path) => /\/dashboards\/outside-\d$/.test(path))).toHaveLength(OUTSIDE);
    expect(folderLists(paths)).toBe(1);
  });
});
