import { writeFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, requestsHeld } from '../../helpers/sandbox.js';
import { deletedFileLine, noFileElsewhereLine, noFileLine, REDIS_FILE } from '../../helpers/restore-lines.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { appliedExample, folderOf, newestBackup, pruneAway } from './restore-fixture.js';
import { getDashboard, writes, type Workspace } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

/**
 * Releases where restore re-posts the backup: 11.2 with "Recently deleted" off (a stock 11.2), 12 (off by
 * default; through `/api`, and through `/apis`, whose folders are folder.grafana.app) and 13 through `/api`
 * (its trash answers on `/apis` only) with --from-backup.
 */
const BACKUP_PATH = [
  { grafanaVersion: '11.2', features: { dashboardRestore: false }, api: 'legacy' },
  { grafanaVersion: '12', features: {}, api: 'legacy' },
  { grafanaVersion: '12', features: {}, api: 'auto' },
  { grafanaVersion: '13', features: {}, api: 'legacy' },
] as const;

type Release = (typeof BACKUP_PATH)[number];

/**
 * The restore of `uid`: on 13 through `/api`, whose "Recently deleted" only `/apis` reads, restore puts a backup back only
 * where --from-backup names it (nl-62: test/integration/restore-legacy-trash-not-read.test.ts).
 */
async function restoreArgs({ grafanaVersion }: Release, workspace: Workspace, uid: string, ...rest: string[]): Promise<string[]> {
  return grafanaVersion === '13' ? ['restore', uid, '--from-backup', (await newestBackup(workspace, uid)).path, ...rest] : ['restore', uid, ...rest];
}

const appliedRelease = ({ grafanaVersion, api, features }: Release) => appliedExample(grafanaVersion, api, features);
const pruneDatabases = (workspace: Workspace) => pruneAway(workspace, 'dashboards/platform/databases');

/** The folder writes the sandbox saw, as `POST ok` (either API: /api/folders or folder.grafana.app). */
function folderWrites(sandbox: SandboxHandle): string[] {
  return writes(sandbox)
    .filter((entry) => entry.path.startsWith('/api/folders') || entry.path.startsWith('/apis/folder.grafana.app/'))
    .map((entry) => `${entry.method} ${entry.status >= 200 && entry.status < 300 ? 'ok' : entry.status}`);
}

describe.each(BACKUP_PATH)('restore from a backup on Grafana $grafanaVersion (api $api): a folder that is gone comes back where it was', (release) => {
  it('with its parent gone too, both are created again from the backup, parent first, and the dashboard goes into its old folder', async () => {
    const { sandbox, workspace, databases } = await appliedRelease(release);
    await pruneDatabases(workspace);
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);
    const { name, backup } = await newestBackup(workspace, 'redis-exporter');
    expect([backup.folderUid, backup.folderParents]).toEqual([databases.uid, [{ uid: 'platform-team', title: 'Platform Team' }]]);

    sandbox.clearRequests();
    const restored = await workspace.cli(await restoreArgs(release, workspace, 'redis-exporter'));
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from .dashsync/backups/redis-exporter/${name} into folder "${databases.title}" (${databases.uid}) under "Platform Team" (platform-team), ` +
        `which no longer existed and was created again from the backup, as was "Platform Team" (platform-team), now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect(await folderOf(sandbox, 'platform-team')).toEqual({ status: 200, title: 'Platform Team', parentUid: undefined });
    expect(await folderOf(sandbox, databases.uid)).toEqual({ status: 200, title: databases.title, parentUid: 'platform-team' });
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe(databases.uid);
    expect(folderWrites(sandbox)).toEqual(['POST ok', 'POST ok']);
  });

  it('a parent that still exists is used as it is (not renamed, not moved); only the missing folder is created under it', async () => {
    const { sandbox, workspace, databases } = await appliedRelease(release);
    await pruneDatabases(workspace);
    const parent = await apiRequest(sandbox, 'GET', '/api/folders/platform-team');
    expect((await apiRequest(sandbox, 'PUT', '/api/folders/platform-team', { title: 'Platform (renamed)', version: parent.body.version })).status).toBe(200);
    const { name } = await newestBackup(workspace, 'redis-exporter');

    sandbox.clearRequests();
    const restored = await workspace.cli(await restoreArgs(release, workspace, 'redis-exporter'));
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from .dashsync/backups/redis-exporter/${name} into folder "${databases.title}" (${databases.uid}) under "Platform Team" (platform-team), ` +
        `which no longer existed and was created again from the backup, now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect(await folderOf(sandbox, 'platform-team')).toEqual({ status: 200, title: 'Platform (renamed)', parentUid: undefined });
    expect(await folderOf(sandbox, databases.uid)).toEqual({ status: 200, title: databases.title, parentUid: 'platform-team' });
    expect(folderWrites(sandbox)).toEqual(['POST ok']);
  });

  it('a backup that records no parents goes to the General level as before, creates no folder, and the line says why', async () => {
    const { sandbox, workspace, databases } = await appliedRelease(release);
    await pruneDatabases(workspace);
    const { path, name, backup } = await newestBackup(workspace, 'redis-exporter');
    delete backup.folderParents;
    await writeFile(path, JSON.stringify(backup));

    sandbox.clearRequests();
    const restored = await workspace.cli(await restoreArgs(release, workspace, 'redis-exporter'));
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from .dashsync/backups/redis-exporter/${name} into the General level, now version 1 ` +
        `(its folder ${databases.title} (${databases.uid}) was not found or is not readable with these credentials, and the backup records no folders above it to create it again under: ` +
        `it was written before dashsync recorded them, or they could not be read then)\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('');
    expect((await folderOf(sandbox, databases.uid)).status).toBe(404);
    expect(folderWrites(sandbox)).toEqual([]);
  });

  it('--folder still wins: the dashboard goes where it names, and no folder of the backup is created', async () => {
    const { sandbox, workspace, databases } = await appliedRelease(release);
    await pruneDatabases(workspace);
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' })).status).toBe(200);

    sandbox.clearRequests();
    const into = await workspace.cli(await restoreArgs(release, workspace, 'redis-exporter', '--folder', 'elsewhere'));
    expect([into.code, into.stderr]).toEqual([0, '']);
    expect(into.stdout).toMatch(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/[^ ]+\.json into folder "Elsewhere" \(elsewhere\), now version 1[;\n]/);
    expect(into.stdout.endsWith(`now version 1\n${noFileElsewhereLine('redis-exporter', 'elsewhere')}`)).toBe(true);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('elsewhere');

    const general = await workspace.cli(await restoreArgs(release, workspace, 'postgresql-overview', '--folder', 'general'));
    expect([general.code, general.stderr]).toEqual([0, '']);
    expect(general.stdout).toMatch(/^restored postgresql-overview "PostgreSQL" from \.dashsync\/backups\/postgresql-overview\/[^ ]+\.json into the General level, now version 1[;\n]/);
    expect(general.stdout.endsWith(`now version 1\n${noFileLine('postgresql-overview')}`)).toBe(true);
    expect((await getDashboard(sandbox, 'postgresql-overview')).meta.folderUid).toBe('');
    expect(folderWrites(sandbox)).toEqual([]);
    for (const uid of ['platform-team', databases.uid]) expect((await folderOf(sandbox, uid)).status).toBe(404);
  });
});

describe.each(BACKUP_PATH.filter((release) => release.grafanaVersion === '12'))('restore from a backup on Grafana 12 (api $api) while someone else creates the folder', (release) => {
  it('a create that meets the folder made in between (409) uses that folder, as it is, and the dashboard goes into it', async () => {
    const { sandbox, workspace, databases } = await appliedRelease(release);
    await pruneDatabases(workspace);
    const { name } = await newestBackup(workspace, 'redis-exporter');
    // Restore's folder create is held: it has read the folder as gone, and cannot send its create before the test says so.
    const createPath = release.api === 'legacy' ? '/api/folders' : '/apis/folder.grafana.app/';
    sandbox.setFaults({ pathPrefix: createPath, methods: ['POST'], script: [{ kind: 'hold' }] });
    sandbox.clearRequests();
    const restoring = workspace.cli(['restore', 'redis-exporter']);
    await requestsHeld(sandbox, 1);
    const theirs = await apiRequest(sandbox, 'POST', '/api/folders', { uid: databases.uid, title: 'Made by someone else', parentUid: 'platform-team' });
    expect(theirs.status).toBe(200);
    expect(sandbox.releaseHeld()).toBe(1);

    const restored = await restoring;
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from .dashsync/backups/redis-exporter/${name} into folder "${databases.title}" (${databases.uid}) under "Platform Team" (platform-team), now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect(await folderOf(sandbox, databases.uid)).toEqual({ status: 200, title: 'Made by someone else', parentUid: 'platform-team' });
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe(databases.uid);
    expect(folderWrites(sandbox)).toEqual(['POST 409', 'POST ok']);
  });
});
