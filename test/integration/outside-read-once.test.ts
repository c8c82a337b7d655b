import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { commitAll } from '../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * unreviewed-56: a delete someone else saved last is looked at once more, for a push of dashsync's under that save
 * (readEditedSincePush: an edit a delete would take along is held back in an unreviewed apply), but not one at its first
 * version, as these are (made by hand, never saved again): `earlierPush`, never.
 *
 * perf-requests-47: with prune on in a git repository, a dashboard outside the tree in a managed folder was read by the
 * foreign-push check, read again as a delete candidate, and its newest save read again by the not-in-branch check
 * (on `/api` the first version's own message too). A plan now reads each once. And on `/apis` an apply that makes its
 * own plan checked its access to the namespace twice (the plan's check, then apply's): once now.
 */
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const OUTSIDE = 3;

async function setUp(options: SandboxOptions, api: 'legacy' | 'k8s') {
  const sandbox = await startTestSandbox(options);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-outside-once-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  await writeFile(join(dir, 'dashboards', 'team', 'mine.json'), `${JSON.stringify({ uid: 'mine', title: 'Mine', schemaVersion: 41, panels: [] }, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api, prune: 'folders' }));
  await commitAll(dir);
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const port = async () => {
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    return grafana;
  };
  await runApply({ settings, grafana: await port(), env: {}, force: false });
  return { sandbox, settings, port };
}

/** Made by hand in the tree's folder: prune's candidates, which the foreign-push check reads first. */
async function makeOutside(sandbox: Awaited<ReturnType<typeof startTestSandbox>>) {
  for (let i = 0; i < OUTSIDE; i += 1) {
    const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `outside-${i}`, title: `Outside ${i}` }, folderUid: deriveFolderUid('team'), message: 'by hand' });
    expect(made.status).toBe(200);
  }
}

/** How many times each outside dashboard's path was asked for, by kind of read. */
function readsOfOutside(paths: string[], kinds: Record<string, RegExp>): Record<string, number[]> {
  const decoded = paths.map((path) => decodeURIComponent(path));
  return Object.fromEntries(Object.entries(kinds).map(([kind, pattern]) => [kind, [...Array(OUTSIDE).keys()].map((i) => decoded.filter((path) => pattern.test(path) && path.includes(`outside-${i}`)).length)]));
}

const CASES: { name: string; options: SandboxOptions; api: 'legacy' | 'k8s'; kinds: Record<string, RegExp>; unasked: string[] }[] = [
  {
    name: 'Grafana 12, /api',
    options: { grafanaVersion: '12' },
    api: 'legacy',
    // Each is at version 1: its newest save is that version's own read, which gives its message too (perf-67a), no list.
    unasked: ['newestSave', 'earlierPush'],
    kinds: {
      dashboard: /^\/api\/dashboards\/uid\/[^/?]+$/,
      newestSave: /^\/api\/dashboards\/uid\/[^/]+\/versions\?limit=1$/,
      firstMessage: /^\/api\/dashboards\/uid\/[^/]+\/versions\/1$/,
      earlierPush: /^\/api\/dashboards\/uid\/[^/]+\/versions\?limit=10$/,
    },
  },
  {
    name: 'Grafana 13, /apis',
    options: { grafanaVersion: '13' },
    api: 'k8s',
    unasked: ['earlierPush'],
    kinds: {
      dashboard: /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\/[^/?]+$/,
      newestSave: /\/dashboards\?limit=1&.*get-history=true.*metadata\.name=outside-\d$/,
      earlierPush: /\/dashboards\?limit=10&.*get-history=true.*metadata\.name=outside-\d$/,
    },
  },
];

describe('a dashboard outside the tree in a managed folder, read once per plan (prune, git)', () => {
  for (const { name, options, api, kinds, unasked } of CASES) {
    it(`${name}: the foreign-push check, prune and not-in-branch share one read of it and of its newest save`, async () => {
      const { sandbox, settings, port } = await setUp(options, api);
      await makeOutside(sandbox);
      sandbox.clearRequests();

      const plan = await createPlan({ settings, grafana: await port(), git: GIT });

      const deletes = plan.actions.filter((action) => action.action === 'delete');
      expect(deletes.map((action) => [action.uid, action.title])).toEqual([...Array(OUTSIDE).keys()].map((i) => [`outside-${i}`, `Outside ${i}`]));
      const paths = sandbox.requests().map((request) => request.path);
      const once = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, Array(OUTSIDE).fill(unasked.includes(kind) ? 0 : 1)]));
      expect(readsOfOutside(paths, kinds)).toEqual(once);
    });
  }
});

describe('the namespace access check on /apis, once per run', () => {
  it("an apply that makes its own plan checks its access once, with its listing's first page (13: no separate one-dashboard check)", async () => {
    const { sandbox, settings, port } = await setUp({ grafanaVersion: '13' }, 'k8s');
    await writeFile(join(settings.root, 'team', 'mine.json'), `${JSON.stringify({ uid: 'mine', title: 'Mine, edited', schemaVersion: 41, panels: [] }, null, 2)}\n`);
    sandbox.clearRequests();

    const applied = await runApply({ settings, grafana: await port(), env: {}, force: false });

    expect(applied.result).toMatchObject({ failures: [], conflicts: [] });
    expect(applied.plan.actions.filter((action) => action.kind === 'dashboard' && action.action === 'update').map((action) => action.uid)).toEqual(['mine']);
    const paths = sandbox.requests().map((request) => request.path);
    expect(paths.filter((path) => /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\?limit=1$/.test(path))).toEqual([]);
    expect(paths.filter((path) => /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\?limit=\d+$/.test(path))).toHaveLength(1);
  });
});
