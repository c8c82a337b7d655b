import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { GitInfo } from '../../src/config/read-git-info.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * perf-per-run-3: what the not-in-branch check asks Grafana for. The drift check's history read of each update is
 * not read again; outside a git repository (nothing to compare a commit with) no save's message is read at all.
 */
const COUNT = 4;
const NO_REPOSITORY: GitInfo = { sha: null, subject: null, actor: null };

async function workspace(grafanaVersion: '12' | '13', api: 'legacy' | 'k8s') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-not-in-branch-requests-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const tree = join(dir, 'dashboards');
  writeDashboardTree(tree, { count: COUNT, seed: 3 });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = (gitInfo: GitInfo) => createPlan({ settings, grafana, git: gitInfo });
  const apply = async (message: string) => applyPlan({ plan: await plan(NO_REPOSITORY), settings, grafana, message, force: false });
  const editAll = () => writeDashboardTree(tree, { count: COUNT, seed: 3, mutate: { fraction: 1, seed: 7 } });
  const editOnOther = () => writeDashboardTree(tree, { count: COUNT, seed: 3, mutate: { fraction: 1, seed: 5 } });
  return { sandbox, dir, plan, apply, editAll, editOnOther };
}

/** The history requests of `/api`: version lists and single versions, each named by its kind. */
const legacyHistoryReads = (paths: string[]) =>
  paths.flatMap((path) => (/\/versions\?limit=/.test(path) ? ['list'] : /\/versions\/\d+$/.test(path) ? ['version'] : []));

describe('the not-in-branch check outside a git repository', () => {
  it('/api: a plan of all-changed dashboards reads each one\'s history once (the drift check), no save message', async () => {
    const { sandbox, plan, apply, editAll } = await workspace('12', 'legacy');
    expect((await apply('dashsync: 0123456789ab first')).created).toHaveLength(COUNT);
    editAll();
    sandbox.clearRequests();

    const planned = await plan(NO_REPOSITORY);

    expect(planned.summary).toMatchObject({ update: COUNT });
    expect(planned.warnings.filter((warning) => warning.kind === 'not-in-branch')).toEqual([]);
    // Before: a second version list and the first version's own read for each (three history requests, not one). Each is at
    // version 1: its history read is that version itself (perf-67a; it was the list).
    expect(legacyHistoryReads(sandbox.requests().map((r) => r.path))).toEqual(Array(COUNT).fill('version'));
  });

  it('/apis: a plan of all-changed dashboards reads no history', async () => {
    const { sandbox, plan, apply, editAll } = await workspace('13', 'k8s');
    expect((await apply('dashsync: 0123456789ab first')).created).toHaveLength(COUNT);
    editAll();
    sandbox.clearRequests();

    const planned = await plan(NO_REPOSITORY);

    expect(planned.summary).toMatchObject({ update: COUNT });
    // A dashboard's history on /apis is a list filtered to it (labelSelector grafana.app/get-history): before, one per update.
    expect(sandbox.requests().filter((r) => r.path.includes('labelSelector='))).toEqual([]);
  });
});

/**
 * Commits the tree on the current branch, then an edit of it on a new branch `other`, and stays there: what an apply makes
 * now is `other`'s content, which no commit of the first branch holds (a push HEAD's history held would revert nothing:
 * no warning, fixp-65). Returns `other`'s commit and the way back to the first branch.
 */
async function commitOnOtherBranch(dir: string, editOnOther: () => void): Promise<{ other: string; back: () => Promise<string> }> {
  await commitAll(dir, 'main');
  await git(dir, 'checkout', '-q', '-b', 'other');
  editOnOther();
  await commitAll(dir, 'other branch');
  const other = (await git(dir, 'rev-parse', 'HEAD')).trim();
  return { other, back: () => git(dir, 'checkout', '-q', '-') };
}

describe('the not-in-branch check in a git repository (/api)', () => {
  it('warns for dashboards created from a commit HEAD does not contain, reading each first version once, for the drift check and its message', async () => {
    const { sandbox, dir, plan, apply, editAll, editOnOther } = await workspace('12', 'legacy');
    const { other, back } = await commitOnOtherBranch(dir, editOnOther);
    // Created from the other branch's commit (version 1: /api's list shows "Initial save" in place of this message).
    expect((await apply(`dashsync: ${other.slice(0, 12)} other branch`)).created).toHaveLength(COUNT);
    await back();
    editAll();
    await commitAll(dir, 'edit all');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
    sandbox.clearRequests();

    const planned = await plan({ sha: head, subject: 'edit all', actor: 'tester' });

    const warned = planned.warnings.filter((warning) => warning.kind === 'not-in-branch');
    expect(warned).toHaveLength(COUNT);
    expect(warned.every((warning) => warning.commit === other.slice(0, 12) && warning.inRepository)).toBe(true);
    // Per dashboard one read: the first version's own, which the drift check makes in place of the list (perf-67a) and whose
    // message names the commit; before fixp-65 the list twice, before perf-67a the list and then that version.
    const reads = legacyHistoryReads(sandbox.requests().map((r) => r.path));
    expect(reads).toEqual(Array(COUNT).fill('version'));
  });
});

describe('the not-in-branch check in a git repository (/apis)', () => {
  it('takes the commit from the push record while a dashboard is as dashsync pushed it; a record of an earlier release costs one history list', async () => {
    const { sandbox, dir, plan, apply, editAll, editOnOther } = await workspace('13', 'k8s');
    const { other, back } = await commitOnOtherBranch(dir, editOnOther);
    expect((await apply(`dashsync: ${other.slice(0, 12)} other branch`)).created).toHaveLength(COUNT);
    await back();
    // One record as an earlier release wrote it: no message in it (an annotation-only patch keeps the generation).
    const listed = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards');
    const oldRecord = (listed.body.items as { metadata: { name: string; resourceVersion: string } }[])[0]!.metadata;
    const unset = { metadata: { resourceVersion: oldRecord.resourceVersion, annotations: { 'dashsync/pushed-message': null } } };
    const patched = await apiRequest(sandbox, 'PATCH', `/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/${oldRecord.name}`, unset, {
      ...adminHeaders(),
      'content-type': 'application/merge-patch+json',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.annotations['dashsync/pushed-message']).toBeUndefined();
    editAll();
    await commitAll(dir, 'edit all');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
    sandbox.clearRequests();

    const planned = await plan({ sha: head, subject: 'edit all', actor: 'tester' });

    const warned = planned.warnings.filter((warning) => warning.kind === 'not-in-branch');
    expect(warned).toHaveLength(COUNT);
    expect(warned.every((warning) => warning.commit === other.slice(0, 12) && warning.subject === 'other branch' && warning.inRepository)).toBe(true);
    // Before: one history list (labelSelector grafana.app/get-history) per changed dashboard; now only the old record's.
    const historyLists = sandbox.requests().filter((r) => r.path.includes('labelSelector='));
    expect(historyLists.map((r) => decodeURIComponent(r.path).includes(`metadata.name=${oldRecord.name}`))).toEqual([true]);
  });
});
