import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { deletedFileLine, REDIS_FILE } from '../../helpers/restore-lines.js';
import { canonical, getDashboard, writes } from './workspace.js';
import { commitAll } from '../../pull/pull-fixture.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

async function trashUids(sandbox: { url: string }): Promise<string[]> {
  const response = await apiRequest(sandbox, 'GET', '/api/search?deleted=true');
  return (response.body as { uid: string }[]).map((hit) => hit.uid).sort();
}

// Grafana 11 with dashboardRestore: a folder delete moves the folder's dashboards to "Recently deleted" and keeps their
// folder, and a restore into a folder that is gone answers 400 "Restoring folder not found" (src/sandbox/README.md).
describe('Grafana 11.2 "Recently deleted" and folders', () => {
  it('a prune of a folder with its dashboards leaves them in "Recently deleted"; restore creates the folder again and takes them back', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    const live = await getDashboard(sandbox, 'redis-exporter');
    const folderUid = live.meta.folderUid as string;
    const uids = (await apiRequest(sandbox, 'GET', `/api/search?folderUIDs=${folderUid}`)).body.map((hit: { uid: string }) => hit.uid).sort();
    expect(uids.length).toBeGreaterThan(1);
    await commitAll(workspace.dir); // prune's evidence that the directory was this tree's
    await rm(join(workspace.dir, 'dashboards/platform/databases'), { recursive: true });

    const applied = await workspace.cli(['apply', '--prune']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(writes(sandbox).some((entry) => entry.method === 'DELETE' && entry.path === `/api/folders/${folderUid}`)).toBe(true);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${folderUid}`)).status).toBe(404);
    expect(await trashUids(sandbox)).toEqual(uids);

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // The example tree nests the folder in "Platform Team", which the prune left: the folder goes back under it.
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "${live.meta.folderTitle}" (${folderUid}) under "Platform Team" (platform-team), ` +
        `which no longer existed and was created again from the backup, now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    const after = await getDashboard(sandbox, 'redis-exporter');
    expect([after.status, after.meta.folderUid, after.meta.folderTitle]).toEqual([200, folderUid, live.meta.folderTitle]);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${folderUid}`)).body.parentUid).toBe('platform-team');
    expect(after.dashboard.id).toBe(live.dashboard.id);
    expect(canonical(after.dashboard)).toEqual(canonical(live.dashboard));

    // The folder is back: the next one goes straight in.
    const next = uids.find((uid: string) => uid !== 'redis-exporter')!;
    const titles: Record<string, string> = { 'mysql-overview': 'MySQL Overview', 'postgresql-overview': 'PostgreSQL' };
    const second = await workspace.cli(['restore', next]);
    // Its file went with the directory, not committed: the line names the git command that gives it back.
    const file = `dashboards/platform/databases/${next.replace(/-overview$/, '')}.json`;
    expect([second.code, second.stdout]).toEqual([0, `restored ${next} "${titles[next]}" from Grafana's "Recently deleted" into folder "${live.meta.folderTitle}" (${folderUid}), now version 1\n${deletedFileLine(next, file)}`]);
  });

  it('without a backup naming the folder, restore says where the dashboard is and what to do', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    const folderUid = (await getDashboard(sandbox, 'redis-exporter')).meta.folderUid as string;
    // Deleted at the UI: no backup.
    expect((await apiRequest(sandbox, 'DELETE', `/api/folders/${folderUid}`)).status).toBe(200);
    const result = await workspace.cli(['restore', 'redis-exporter']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot restore redis-exporter: Grafana's "Recently deleted" holds it, but the folder it was deleted from no longer exists, ` +
        `and no backup of it from ${sandbox.url} in .dashsync/backups names that folder; run restore with --folder <uid of an existing folder>, or take it back on Grafana's "Recently deleted" page, choosing a folder\n`,
    );
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${folderUid}`)).status).toBe(404);
  });

  it('apply of a dashboard whose uid is in "Recently deleted" says what to do instead of a conflict that no plan resolves; after restore it applies', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    // Someone deletes it at the UI; the file stays (and changes), so the plan creates it.
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
    const file = join(workspace.dir, 'dashboards/platform/databases/redis.json');
    const model = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, `${JSON.stringify({ ...model, description: 'from git' }, null, 2)}\n`);
    expect((await workspace.cli(['plan'])).stdout).toContain('Plan: 1 to create, 0 to update');

    // apply-52: both commands it names carry the run's flags (main: `dashsync restore redis-exporter and apply again`).
    const refused = await workspace.cli(['apply', '--api', 'legacy']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain(
      `dashboard redis-exporter is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11: ` +
        `take it back with dashsync restore --api legacy redis-exporter, then run dashsync apply --api legacy; or delete it for good on Grafana's "Recently deleted" page`,
    );
    expect(await trashUids(sandbox)).toEqual(['redis-exporter']);

    expect((await workspace.cli(['restore', '--api', 'legacy', 'redis-exporter'])).code).toBe(0);
    const applied = await workspace.cli(['apply', '--api', 'legacy']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe('from git');
    expect(await trashUids(sandbox)).toEqual([]);
  });

  it('restore by an Editor, whom the trash refuses, names the trash and the role instead of re-posting a backup Grafana would refuse', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const token = await sandbox.createToken('Editor');
    sandbox.clearRequests();
    const result = await workspace.cli(['restore', 'redis-exporter'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: cannot restore redis-exporter: Grafana 11's "Recently deleted" lists dashboards, and gives them back, to org Admins only, so whether it holds redis-exporter cannot be told with these credentials; .* run restore with an org Admin's credentials /,
    );
    // The take-back Grafana refused, and nothing else: the backup is not sent where the trash may keep its uid taken (rev-68c M2).
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['PATCH /api/dashboards/uid/redis-exporter/trash 403']);
  });

  it('restore --over-recently-deleted by an Editor of a dashboard whose folder was pruned too: the folder created for it is deleted again when Grafana refuses the save, and the line says so', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    const live = await getDashboard(sandbox, 'redis-exporter');
    const folderUid = live.meta.folderUid as string;
    await commitAll(workspace.dir); // prune's evidence that the directory was this tree's
    await rm(join(workspace.dir, 'dashboards/platform/databases'), { recursive: true });
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${folderUid}`)).status).toBe(404);

    const token = await sandbox.createToken('Editor');
    sandbox.clearRequests();
    // Without the flag refused before any folder is made (the case above); with it, the backup is tried all the same.
    const result = await workspace.cli(['restore', 'redis-exporter', '--over-recently-deleted'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: cannot restore redis-exporter: dashboard redis-exporter is in Grafana's "Recently deleted", which keeps its uid taken and gives it back to org Admins only (HTTP 403): ` +
        `run restore with an org Admin's credentials; deleted again the folder this restore had created for it, still empty: "${live.meta.folderTitle}" (${folderUid})\n`,
    );
    expect(result.code).toBe(1);
    // Created, refused, deleted: nothing of this run is left, and the trash still holds the dashboard.
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'PATCH /api/dashboards/uid/redis-exporter/trash 403',
      'POST /api/folders 200',
      'POST /api/dashboards/db 412',
      `DELETE /api/folders/${folderUid} 200`,
    ]);
    expect((await apiRequest(sandbox, 'GET', `/api/folders/${folderUid}`)).status).toBe(404);
    expect(await trashUids(sandbox)).toContain('redis-exporter');

    // An org Admin then takes it back, into the folder created again.
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe(folderUid);
  });
});
