import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { editFile, getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';
const POSTGRES = 'dashboards/platform/databases/postgresql.json';

/** A sandbox of this release with the example tree applied through `api` (11.2: "Recently deleted" on unless `trash` is false). */
async function appliedWorkspace(grafanaVersion: GrafanaVersion, api: 'legacy' | 'auto' | 'k8s', trash = true, release?: string) {
  const stock11 = !trash && grafanaVersion === '11.2';
  return appliedExample({ grafanaVersion, release, ...(stock11 ? { features: { dashboardRestore: false } } : {}) }, api);
}

/** Applies the example tree, edits redis and postgresql, saves a plan, then deletes redis in Grafana. */
async function planThenDelete(grafanaVersion: GrafanaVersion, api: 'legacy' | 'auto', trash = true, release?: string) {
  const { sandbox, workspace } = await appliedWorkspace(grafanaVersion, api, trash, release);
  await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
  await editFile(workspace, POSTGRES, (model) => (model.description = 'also from git'));
  const planned = await workspace.cli(['plan', '--out', 'plan.json']);
  expect(planned.stdout).toContain('Plan: 0 to create, 2 to update');
  const live = await getDashboard(sandbox, 'redis-exporter');
  expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
  sandbox.clearRequests();
  return { sandbox, workspace, plannedVersion: live.meta.version as number };
}

const conflictLine = (version: number) =>
  `conflict: redis-exporter "Redis" (${REDIS}) was deleted in Grafana after the plan (planned version ${version}); not created again. ` +
  'Run dashsync plan to review: apply then creates it from the file; to keep it deleted, remove the file\n';

/** The saves apply sent for a uid through /api. */
const postsFor = (requests: { method: string; path: string; status: number; body?: unknown }[], uid: string) =>
  requests.filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db' && (entry.body as any)?.dashboard?.uid === uid);

// Apply reads each update's dashboard before its save (a save since under the planned version number, after a database
// restore, only the read tells), and that read finds it gone: no POST. Grafana 12, and 11 with "Recently deleted" off (a
// stock 11.2), also refuse a posted id that no dashboard has (404) whatever the uid, so the other saves still carry the id
// the plan read (`idSent`); 13.1 on creates a new dashboard for a uid it does not find (13.0.x refuses as 12 does, known
// by release dates only, and is read first too), and 11 with the trash on finds a dashboard in "Recently deleted" by its
// id and updates it there, so on those the read alone guards.
const CASES = [
  { grafanaVersion: '11.2', release: undefined, api: 'legacy', trash: true, idSent: false },
  { grafanaVersion: '11.2', release: undefined, api: 'legacy', trash: false, idSent: true },
  { grafanaVersion: '12', release: undefined, api: 'legacy', trash: false, idSent: true },
  { grafanaVersion: '12', release: undefined, api: 'auto', trash: false, idSent: true },
  { grafanaVersion: '13', release: undefined, api: 'legacy', trash: false, idSent: false },
  { grafanaVersion: '13', release: undefined, api: 'auto', trash: false, idSent: false },
  { grafanaVersion: '13', release: '13.2.0', api: 'legacy', trash: false, idSent: false },
  { grafanaVersion: '13', release: '13.2.0', api: 'auto', trash: false, idSent: false },
] as const;

describe.each(CASES)('a dashboard deleted in Grafana after the plan: Grafana $grafanaVersion $release, api $api, "Recently deleted" on $trash', ({ grafanaVersion, release, api, trash, idSent }) => {
  it('is a conflict that says so (exit 1), is not created again, and the other update is applied', async () => {
    const { sandbox, workspace, plannedVersion } = await planThenDelete(grafanaVersion, api, trash, release);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(conflictLine(plannedVersion));
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 moved, 0 deleted; 1 conflict\n');
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
    expect((await getDashboard(sandbox, 'postgresql-overview')).dashboard.description).toBe('also from git');

    expect(postsFor(sandbox.requests(), 'redis-exporter')).toEqual([]);
    // The update of the dashboard that is still there carries its own id (or null where the read decides).
    const other = postsFor(sandbox.requests(), 'postgresql-overview');
    expect(other.map((entry) => entry.status)).toEqual([200]);
    const otherId = (other[0]!.body as any).dashboard.id;
    if (idSent) expect(otherId).toBe((await getDashboard(sandbox, 'postgresql-overview')).dashboard.id);
    else expect(otherId).toBeNull();
  });
});

describe('a plan saved by a dashsync that did not record ids', () => {
  it.each(['11.2', '12'] as const)('still refuses on Grafana %s: the dashboard is read right before the write', async (grafanaVersion) => {
    const { sandbox, workspace, plannedVersion } = await planThenDelete(grafanaVersion, 'legacy');
    const path = join(workspace.dir, 'plan.json');
    const plan = JSON.parse(await readFile(path, 'utf8'));
    for (const action of plan.actions) if (action.live) delete action.live.internalId;
    // Nor the digests of its dashboard actions (recorded since): such a plan is held to the tree instead.
    delete plan.dashboardActionsSha256;
    await writeFile(path, JSON.stringify(plan));

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(conflictLine(plannedVersion));
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 moved, 0 deleted; 1 conflict\n');
    expect(postsFor(sandbox.requests(), 'redis-exporter')).toEqual([]);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
    expect((await getDashboard(sandbox, 'postgresql-overview')).dashboard.description).toBe('also from git');
  });
});

describe('--force after a delete in Grafana', () => {
  it.each([
    ['11.2', 'legacy'],
    ['12', 'legacy'],
    ['13', 'auto'],
  ] as const)('creates the dashboard again from the file, and says created, not updated (Grafana %s, api %s)', async (grafanaVersion, api) => {
    // 11.2 as stock, "Recently deleted" off: the delete was for good (with it on, see the next test).
    const { sandbox, workspace } = await planThenDelete(grafanaVersion, api, false);
    const applied = await workspace.cli(['apply', 'plan.json', '--force']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe('from git');
    const lines = applied.stdout.split('\n');
    expect(lines.filter((line) => line.includes('redis-exporter'))).toEqual([expect.stringMatching(new RegExp(`^created: redis-exporter "Redis" \\(${REDIS}\\)`))]);
    expect(lines).toContain('Applied: 1 created, 1 updated, 0 moved, 0 deleted');
  });
});

describe('--force after a delete into Grafana 11\'s "Recently deleted"', () => {
  it('is refused with what to do, instead of an overwrite that would update the dashboard where nobody sees it (Grafana 11.2, api legacy)', async () => {
    const { sandbox, workspace } = await planThenDelete('11.2', 'legacy');
    const applied = await workspace.cli(['apply', 'plan.json', '--force']);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('dashboard redis-exporter is in Grafana\'s "Recently deleted", which keeps its uid taken in Grafana 11');
    const posts = postsFor(sandbox.requests(), 'redis-exporter');
    expect(posts.map((entry) => [entry.status, (entry.body as any).overwrite])).toEqual([[412, false]]);
    expect((await getDashboard(sandbox, 'postgresql-overview')).dashboard.description).toBe('also from git');
  });
});

describe('a dashboard another manager lets dashsync save, deleted after the plan (/apis)', () => {
  it('is a conflict, not created again (Grafana 13, api k8s)', async () => {
    const { sandbox, workspace } = await appliedWorkspace('13', 'k8s');
    const before = await getDashboard(sandbox, 'redis-exporter');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
    await sandbox.provisionDashboard({ dashboard: { ...before.dashboard, id: null, version: undefined }, folderUid: before.meta.folderUid, allowUiUpdates: true, externalId: 'team/redis.json' });
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).stdout).toContain('to update');
    const planned = await getDashboard(sandbox, 'redis-exporter');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(conflictLine(planned.meta.version));
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
  });
});

describe('a search index that does not show a dashboard yet (Grafana 12, /api)', () => {
  it.each(['legacy', 'auto'] as const)('refuses its id though it is there as planned: apply (api %s) sends the update again without the id, and it lands', async (api) => {
    const { sandbox, workspace } = await appliedWorkspace('12', api);
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).stdout).toContain('Plan: 0 to create, 1 to update');
    const planned = await getDashboard(sandbox, 'redis-exporter');
    sandbox.setFaults({ searchMisses: ['redis-exporter'] });
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`updated: redis-exporter "Redis" (${REDIS}), now version ${planned.meta.version + 1}`);
    const posts = postsFor(sandbox.requests(), 'redis-exporter');
    expect(posts.map((entry) => [entry.status, (entry.body as any).dashboard.id])).toEqual([
      [404, planned.dashboard.id],
      [200, null],
    ]);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe('from git');
  });
});

// A folder deleted after the plan (another run's prune): Grafana refuses a create into it (`/api`: 400 "folder not
// found"; `/apis`: the admission's 404 for folders.folder.grafana.app). Apply says which folder went, as the plan named
// it (title and uid, the title escaped like every outside string), not the raw refusal.
describe.each([
  { grafanaVersion: '11.2', api: 'legacy' },
  { grafanaVersion: '12', api: 'legacy' },
  { grafanaVersion: '13', api: 'auto' },
] as const)('a create into a folder deleted in Grafana after the plan: Grafana $grafanaVersion, api $api', ({ grafanaVersion, api }) => {
  it('is a conflict naming the folder by title and uid (exit 1), and nothing is created', async () => {
    const { sandbox, workspace } = await appliedWorkspace(grafanaVersion, api, false);
    // A folder whose title carries a right-to-left override, which could reorder the line on a terminal.
    await mkdir(join(workspace.dir, 'dashboards/payments'));
    await writeFile(join(workspace.dir, 'dashboards/payments/_folder.json'), JSON.stringify({ uid: 'payments', title: 'Payments \u202eevil' }) + '\n');
    const copy = async (file: string, uid: string, title: string) => {
      const model = JSON.parse(await readFile(join(workspace.dir, REDIS), 'utf8'));
      await writeFile(join(workspace.dir, file), JSON.stringify({ ...model, uid, title, id: null }, null, 2) + '\n');
    };
    await copy('dashboards/payments/ledger.json', 'ledger', 'Ledger');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const file = 'dashboards/payments/newb.json';
    await copy(file, 'newb', 'New B');
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('Plan: 1 to create, 0 to update');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/payments')).status).toBe(200);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.stderr).toBe(
      'conflict: folder "Payments \\u202eevil" (payments) was deleted in Grafana after the plan (by another run?); ' +
        `newb "New B" (${file}) not created. Run dashsync plan to review: apply then creates the folder again from the tree\n`,
    );
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict\n');
    expect((await getDashboard(sandbox, 'newb')).status).toBe(404);
  });
});
