import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { canonical, exampleWorkspace, getDashboard, readJson, writes, useApi } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';

async function trashUids(sandbox: { url: string }): Promise<string[]> {
  const response = await apiRequest(sandbox, 'GET', '/api/search?deleted=true');
  // Releases without a trash ignore `deleted=true`: only hits marked isDeleted are in the trash.
  return Array.isArray(response.body) ? response.body.filter((hit: { isDeleted?: boolean }) => hit.isDeleted === true).map((hit: { uid: string }) => hit.uid) : [];
}

const NO_ENTRY =
  'Grafana\'s "Recently deleted" has no entry for it (where this Grafana has one: 11.x with the dashboardRestore feature toggle, 12 with restoreDashboards, 13)';

describe.each(GRAFANA_VERSIONS)('prune and restore on Grafana %s', (grafanaVersion) => {
  it('backs up the live JSON before the delete, and restore brings the dashboard back identical', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const before = await getDashboard(sandbox, 'redis-exporter');
    await rm(join(workspace.dir, REDIS));

    const plan = await workspace.cli(['plan', '--prune']);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 1 to delete, 6 unchanged.');
    expect(plan.stdout).toContain('redis-exporter');

    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', '--prune']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 1 deleted\n');
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['DELETE /api/dashboards/uid/redis-exporter']);

    const backupDir = join(workspace.dir, '.dashsync/backups/redis-exporter');
    const files = await readdir(backupDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z-v${before.meta.version}\\.json$`));
    expect(applied.stdout).toContain(`backup: .dashsync/backups/redis-exporter/${files[0]}`);
    const backup = await readJson(join(backupDir, files[0]!));
    expect(backup).toMatchObject({ kind: 'dashsync-backup', formatVersion: 1, uid: 'redis-exporter', version: before.meta.version, folderUid: before.meta.folderUid });
    expect(backup.source).toEqual({ url: sandbox.url, orgId: null });
    expect(backup.dashboard).toEqual(before.dashboard);

    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
    expect(await trashUids(sandbox)).toEqual(grafanaVersion === '11.2' ? ['redis-exporter'] : []);

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toEqual(
      grafanaVersion === '11.2'
        ? 'restored redis-exporter from Grafana\'s "Recently deleted"\n'
        : expect.stringMatching(new RegExp(`^restored redis-exporter from \\.dashsync/backups/redis-exporter/${files[0]!.replace(/\./g, '\\.')} into folder ${before.meta.folderUid}, now version 1\n$`)),
    );
    const after = await getDashboard(sandbox, 'redis-exporter');
    expect(after.status).toBe(200);
    expect(after.meta.folderUid).toBe(before.meta.folderUid);
    expect(canonical(after.dashboard)).toEqual(canonical(before.dashboard));

    const again = await workspace.cli(['restore', 'redis-exporter']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: redis-exporter exists in Grafana \(version \d+\); nothing to restore\n$/);
  });

  it('deleteMode hard leaves no "Recently deleted" entry; restore then re-posts the backup', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const before = await getDashboard(sandbox, 'redis-exporter');
    await rm(join(workspace.dir, REDIS));

    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', '--prune', '--delete-mode', 'hard']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const deletes = writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    expect(deletes).toEqual(
      grafanaVersion === '11.2'
        ? ['DELETE /api/dashboards/uid/redis-exporter 200', 'DELETE /api/dashboards/uid/redis-exporter/trash 200']
        : ['DELETE /api/dashboards/uid/redis-exporter 200'],
    );
    expect(await trashUids(sandbox)).toEqual([]);

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^restored redis-exporter from \.dashsync\/backups\/redis-exporter\/.*\.json into folder /);
    expect(canonical((await getDashboard(sandbox, 'redis-exporter')).dashboard)).toEqual(canonical(before.dashboard));
  });

  it('restore says so clearly when there is neither a trash entry nor a backup, and whether this Grafana has a "Recently deleted" at all', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    const result = await workspace.cli(['restore', 'never-existed']);
    expect(result.code).toBe(1);
    // 11.x serves its trash routes on /api; 12 and later have none there.
    const trash = grafanaVersion === '11.2' ? NO_ENTRY : 'this Grafana has no "Recently deleted" on /api';
    expect(result.stderr).toBe(`error: cannot restore never-existed: ${trash}, and there is no backup of it from ${sandbox.url} in .dashsync/backups\n`);
    expect(result.stdout).toBe('');
  });
});

describe('restore: what to give it, and where nothing is found', () => {
  it('without a uid: one usage line saying what to give, and no request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    const result = await workspace.cli(['restore']);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, '', 'error: name at least one uid to restore: dashsync restore <uid…>\n']);
    expect(sandbox.requests()).toEqual([]);
  });

  it('through /apis (Grafana 12, restoreDashboards off by default), the line cannot know whether "Recently deleted" is on, and says where it is', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    const result = await workspace.cli(['restore', 'never-existed', '--backup-dir', 'elsewhere/backups']);
    expect(result.stderr).toBe(`error: cannot restore never-existed: ${NO_ENTRY}, and there is no backup of it from ${sandbox.url} in elsewhere/backups\n`);
    expect(result.code).toBe(1);
  });
});
