import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../../pull/pull-fixture.js';
import { servicesWorkspace } from '../services-workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// What main (2d4be22f) asked with this test's trees, before perf-67a: each dashboard's versions list, and in git its first
// version again (the not-in-branch check's commit, and the restore check's note). Now one history read each.
const MAIN_CHANGED_IN_GIT = 125;
const MAIN_PRUNED_IN_GIT = 86;
const MAIN_CHANGED_OUTSIDE_GIT = 85;
const MAIN_APPLY_IN_GIT = 165;
const MAIN_APPLY_OUTSIDE_GIT = 125;
// Measured on main (a3dfcdf3) with this test's tree: a no-change plan outside git (fixl-67's outside-git read adds none).
const BASELINE_UNCHANGED_OUTSIDE_GIT = 44;

const COUNT = 40;
const model = (n: number, description = '') => ({ uid: `svc-${n}`, title: `Service ${n}`, description, schemaVersion: 39, panels: [] });

/** The requests of one run, by path: the history reads (a first version's own, the versions list) apart, and GETs made twice. */
function requestsOf(sandbox: SandboxHandle) {
  const paths = sandbox.requests().map((entry) => `${entry.method} ${entry.path}`);
  return {
    total: paths.length,
    firstVersions: paths.filter((path) => /^GET \S+\/versions\/1$/.test(path)).length,
    lists: paths.filter((path) => /^GET \S+\/versions\?/.test(path)).length,
    repeated: paths.filter((path, index) => path.startsWith('GET') && paths.indexOf(path) !== index),
  };
}

/**
 * A plan through `/api` reads the newest save of each dashboard it updates or deletes (drift), and in git the commit that
 * save names (not-in-branch) and whether it is dashsync's restore (review-65b L4). `/api`'s versions list shows a first
 * version's message as "Initial save", so that message is read from the version itself: for a dashboard still at version 1
 * (its GET says so) that one read is the history read (perf-67a), and answers all three checks.
 */
describe('a plan through /api of dashboards dashsync created and never saved again (version 1)', () => {
  async function createdByDashsync(git: boolean) {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, write, cli } = await servicesWorkspace(sandbox, COUNT, git);
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    return { sandbox, dir, cli, write };
  }

  it('in git, all changed: each dashboard\'s first version is read once, and nothing else of its history', async () => {
    const { sandbox, dir, cli, write } = await createdByDashsync(true);
    sandbox.clearRequests();
    const same = await cli(['plan']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${COUNT} unchanged.`);
    const unchanged = requestsOf(sandbox);
    expect(unchanged.firstVersions + unchanged.lists).toBe(0);

    for (let n = 0; n < COUNT; n++) await write(n, 'changed in git');
    await commitAll(dir, 'services: description');
    sandbox.clearRequests();
    const changed = await cli(['plan']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout.match(/^~ update +dashboards\/services\/svc-\d+\.json/gm)).toHaveLength(COUNT);
    expect(changed.stdout).not.toContain('drift');
    const requests = requestsOf(sandbox);
    // One read of each dashboard's first version: the drift check's, shared with the not-in-branch and restore checks.
    expect(requests.firstVersions).toBe(COUNT);
    expect(requests.lists).toBe(0);
    expect(requests.repeated).toEqual([]);
    expect(requests.total).toBe(MAIN_CHANGED_IN_GIT - COUNT);
  });

  it('in git, half of them pruned: one history read per delete', async () => {
    const { sandbox, dir, cli } = await createdByDashsync(true);
    for (let n = 0; n < COUNT / 2; n++) await rm(join(dir, `dashboards/services/svc-${n}.json`));
    await commitAll(dir, 'services: half removed');
    sandbox.clearRequests();
    const pruned = await cli(['plan', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout.match(/^- delete /gm)).toHaveLength(COUNT / 2);
    const requests = requestsOf(sandbox);
    expect(requests.firstVersions + requests.lists).toBe(COUNT / 2);
    expect(requests.repeated).toEqual([]);
    expect(requests.total).toBe(MAIN_PRUNED_IN_GIT - COUNT / 2);
  });

  it('outside git, no changes and all changed: one history read each (the version itself), no more requests than before', async () => {
    const { sandbox, cli, write } = await createdByDashsync(false);
    sandbox.clearRequests();
    const same = await cli(['plan']);
    expect(same.code, same.stderr).toBe(0);
    expect(requestsOf(sandbox).firstVersions).toBe(0);
    expect(requestsOf(sandbox).total).toBe(BASELINE_UNCHANGED_OUTSIDE_GIT);
    for (let n = 0; n < COUNT; n++) await write(n, 'changed');
    sandbox.clearRequests();
    const changed = await cli(['plan']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout.match(/^~ update +dashboards\/services\/svc-\d+\.json/gm)).toHaveLength(COUNT);
    const requests = requestsOf(sandbox);
    expect(requests.firstVersions).toBe(COUNT);
    expect(requests.lists).toBe(0);
    expect(requests.repeated).toEqual([]);
    expect(requests.total).toBe(MAIN_CHANGED_OUTSIDE_GIT);
  });

  it.each([
    ['in git', true, MAIN_APPLY_IN_GIT - COUNT],
    ['outside git', false, MAIN_APPLY_OUTSIDE_GIT],
  ])('apply --auto-approve %s, all changed: one history read per update before its save', async (_where, git, expected) => {
    const { sandbox, dir, cli, write } = await createdByDashsync(git);
    for (let n = 0; n < COUNT; n++) await write(n, 'changed');
    if (git) await commitAll(dir, 'services: description');
    sandbox.clearRequests();
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout.match(/^updated: svc-\d+ .*, now version 2$/gm)).toHaveLength(COUNT);
    const requests = requestsOf(sandbox);
    expect(requests.firstVersions).toBe(COUNT);
    expect(requests.lists).toBe(0);
    expect(requests.total).toBe(expected);
  });

  // fixl-67: outside git a restore's note is read where a backup directory holds backups of the dashboard (a restore from a
  // backup found one there), and nowhere else.
  it('outside git, one of them pruned with dave\'s edit and restored from its backup (11.2): its message alone is read, and the edit is drift', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: false } });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/services'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api: 'legacy' }, null, 2)}\n`);
    const write = (n: number, description = '') => writeFile(join(dir, `dashboards/services/svc-${n}.json`), `${JSON.stringify(model(n, description), null, 2)}\n`);
    for (let n = 0; n < COUNT; n++) await write(n);
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const edited = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'svc-0', user: 'dave', spec: { description: 'tuned by dave' } }) });
    expect(edited.status).toBe(200);
    await rm(join(dir, 'dashboards/services/svc-0.json'));
    expect((await cli(['apply', '--prune', '--force'])).code).toBe(0);
    const restored = await cli(['restore', 'svc-0']);
    expect(restored.stderr).toBe('');
    for (let n = 0; n < COUNT; n++) await write(n, 'changed');

    sandbox.clearRequests();
    const changed = await cli(['plan']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/! drift: svc-0 "Service 0" holds what dave saved in Grafana at \S+ \(version \d+ before its delete\), not a push of dashsync's; dashsync's restore took it back from a backup at /);
    const requests = requestsOf(sandbox);
    // Each one's history is its first version's own read (perf-67a), whose message the restore check of svc-0 takes too.
    expect(requests.firstVersions).toBe(COUNT);
    expect(requests.lists).toBe(0);
    expect(requests.repeated).toEqual([]);
  });
});
