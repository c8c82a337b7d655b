import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * perf-per-run-5: `/apis` metadata pages carry no titles. The plan reads the title of a dashboard outside the tree only
 * where it shows or compares it; before, it read every one (one GET each, or from 20 on the org's full pages).
 */
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const EACH = 3;

async function setUp(prune: false | 'folders') {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-outside-titles-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  const writeDashboard = (name: string, model: object) => writeFile(join(dir, 'dashboards', 'team', `${name}.json`), `${JSON.stringify({ schemaVersion: 42, panels: [], ...model }, null, 2)}\n`);
  await writeDashboard('mine', { uid: 'mine', title: 'Mine' });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'k8s', prune }));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  await applyPlan({ plan: await plan(), settings, grafana, message: 'first', force: false });
  // Made by hand: EACH in the tree's folder, EACH at the General level.
  const team = deriveFolderUid('team');
  for (let i = 0; i < EACH; i += 1) {
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `in-team-${i}`, title: `Team board ${i}` }, folderUid: team })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `general-${i}`, title: `General board ${i}` } })).status).toBe(200);
  }
  return { sandbox, plan, writeDashboard };
}

/** The requests that name a dashboard outside the tree, without the path before it. */
const outsideReads = (paths: string[]) => paths.filter((path) => /\/(in-team|general)-\d$/.test(path)).map((path) => path.replace(/^.*\//, '')).sort();

describe('the titles of dashboards outside the tree on /apis (Grafana 13)', () => {
  it('a no-change plan reads none of them', async () => {
    const { sandbox, plan } = await setUp(false);
    sandbox.clearRequests();

    const planned = await plan();

    expect(planned.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(planned.warnings).toEqual([]);
    expect(outsideReads(sandbox.requests().map((request) => request.path))).toEqual([]);
  });

  it('a new dashboard reads each title once (a live one of its title may be it under another uid), and warns of the title it shares', async () => {
    const { sandbox, plan, writeDashboard } = await setUp(false);
    await writeDashboard('new', { uid: 'new', title: 'Team board 1' });
    sandbox.clearRequests();

    const planned = await plan();

    expect(planned.summary).toMatchObject({ create: 1 });
    expect(planned.warnings.map(describeWarning)).toContainEqual(expect.stringMatching(/^title clash: new "Team board 1" goes to .*in-team-1/));
    // Each title once; in-team-1, of the created title, compared for its content from that same read (readLookAlikeCreates; perf-requests-47).
    expect(outsideReads(sandbox.requests().map((request) => request.path))).toEqual(['general-0', 'general-1', 'general-2', 'in-team-0', 'in-team-1', 'in-team-2']);
  });

  it('--prune folders: the General level\'s dashboards are named with their titles, the tree folder\'s are deleted with theirs', async () => {
    const { sandbox, plan } = await setUp('folders');
    sandbox.clearRequests();

    const planned = await plan();

    const deletes = planned.actions.filter((action) => action.action === 'delete');
    expect(deletes.map((action) => [action.uid, action.title])).toEqual([0, 1, 2].map((i) => [`in-team-${i}`, `Team board ${i}`]));
    expect(planned.warnings.map(describeWarning)).toContain(
      `${EACH} not pruned (at the General level, which --prune folders never deletes; --prune all deletes those no other tool owns): general-0 "General board 0", general-1 "General board 1", general-2 "General board 2"`,
    );
    // Each once: the deletes' reads give their titles, the General level's named ones are read for theirs. No git here:
    // nothing is read to learn whether another repository pushed the tree folder's dashboards.
    const reads = outsideReads(sandbox.requests().filter((request) => !request.path.includes('labelSelector')).map((request) => request.path));
    expect(reads).toEqual([...[0, 1, 2].map((i) => `general-${i}`), ...[0, 1, 2].map((i) => `in-team-${i}`)]);
  });
});
