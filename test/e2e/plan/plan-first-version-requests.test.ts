import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

// Measured on main (36b6d6d9) with this test's trees: what a plan asked before the restore check.
const BASELINE_CHANGED_IN_GIT = 125;
const BASELINE_OUTSIDE_GIT = 85;
const BASELINE_PRUNED_IN_GIT = 86;
// Measured on main (a3dfcdf3) with this test's tree: a no-change plan outside git (fixl-67's outside-git read adds none).
const BASELINE_UNCHANGED_OUTSIDE_GIT = 44;

const COUNT = 40;
const model = (n: number, description = '') => ({ uid: `svc-${n}`, title: `Service ${n}`, description, schemaVersion: 39, panels: [] });

/** The requests of one run, by path (GETs of a first version's own message apart: what a restore's note costs). */
function requestsOf(sandbox: SandboxHandle) {
  const paths = sandbox.requests().map((entry) => `${entry.method} ${entry.path}`);
  return { total: paths.length, firstVersions: paths.filter((path) => /\/versions\/1$/.test(path)).length, repeated: paths.filter((path, index) => path.startsWith('GET') && paths.indexOf(path) !== index) };
}

/**
 * review-65b L4: a plan through `/api` learns of dashsync's restore from a first version's own message (the versions list shows
 * "Initial save"). That read must cost nothing where nothing was restored: the plan reads that message already, to name the
 * commit dashsync pushed each dashboard from, where git has a HEAD (the not-in-branch check), and nowhere else.
 */
describe('a plan through /api of dashboards dashsync created and never saved again (version 1)', () => {
  async function createdByDashsync(git: boolean) {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/services'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api: 'legacy' }, null, 2)}\n`);
    const write = (n: number, description = '') => writeFile(join(dir, `dashboards/services/svc-${n}.json`), `${JSON.stringify(model(n, description), null, 2)}\n`);
    for (let n = 0; n < COUNT; n++) await write(n);
    if (git) await commitAll(dir, 'services');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    return { sandbox, dir, cli, write };
  }

  it('in git, all changed: each first version\'s message is read once, and no more requests than before', async () => {
    const { sandbox, dir, cli, write } = await createdByDashsync(true);
    sandbox.clearRequests();
    const same = await cli(['plan']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${COUNT} unchanged.`);
    const unchanged = requestsOf(sandbox);
    expect(unchanged.firstVersions).toBe(0);

    for (let n = 0; n < COUNT; n++) await write(n, 'changed in git');
    await commitAll(dir, 'services: description');
    sandbox.clearRequests();
    const changed = await cli(['plan']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout.match(/^~ update +dashboards\/services\/svc-\d+\.json/gm)).toHaveLength(COUNT);
    expect(changed.stdout).not.toContain('drift');
    const requests = requestsOf(sandbox);
    // One read of each dashboard's first version (the not-in-branch check's), shared with the restore check.
    expect(requests.firstVersions).toBe(COUNT);
    expect(requests.repeated).toEqual([]);
    expect(requests.total).toBe(BASELINE_CHANGED_IN_GIT);
  });

  it('in git, half of them pruned: no more requests than before', async () => {
    const { sandbox, dir, cli } = await createdByDashsync(true);
    for (let n = 0; n < COUNT / 2; n++) await rm(join(dir, `dashboards/services/svc-${n}.json`));
    await commitAll(dir, 'services: half removed');
    sandbox.clearRequests();
    const pruned = await cli(['plan', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout.match(/^- delete /gm)).toHaveLength(COUNT / 2);
    const requests = requestsOf(sandbox);
    expect(requests.repeated).toEqual([]);
    expect(requests.total).toBe(BASELINE_PRUNED_IN_GIT);
  });

  it('outside git, no changes and all changed: no first version\'s message is read, and no more requests than before', async () => {
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
    expect(requests.firstVersions).toBe(0);
    expect(requests.repeated).toEqual([]);
    expect(requests.total).toBe(BASELINE_OUTSIDE_GIT);
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
    expect(requests.firstVersions).toBe(1);
    expect(requests.repeated).toEqual([]);
  });
});
