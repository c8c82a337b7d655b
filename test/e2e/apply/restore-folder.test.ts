import { writeFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { asPattern, deletedFileLine, noFileElsewhereLine, REDIS_FILE } from '../../helpers/restore-lines.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { appliedExample, folderOf, newestBackup, pruneAway } from './restore-fixture.js';
import { exampleWorkspace, getDashboard, writes } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';

// The example tree nests "databases" under "Platform Team" (platform-team): a prune of the databases directory
// deletes that nested folder, a prune of platform/ both. Grafana gives a dashboard back from "Recently deleted"
// only into a folder that exists (11: 400 "Restoring folder not found"; /apis: 404 for the folder).
// On 13 (restoreDashboards on) entries in "Recently deleted" outlive their folder as on 11 (the store's folder delete
// has `deleted IS NULL`), and the /apis re-create into the gone folder is the admission's 404 for it. (With api: legacy
// 13 has no trash routes: the backup is re-posted.)
describe.each([
  ['11.2', 'legacy'],
  ['13', 'auto'],
] as const)('restore on Grafana %s (api: %s): a nested folder that is gone comes back under its old parents', (grafanaVersion, api) => {
  it('the backup records the folders above; with the parent gone too, both are created again, parent first', async () => {
    const { sandbox, workspace, databases } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, 'dashboards/platform/databases');
    // Then someone deletes the parent at the UI (its dashboards go to "Recently deleted" too).
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);
    const { backup } = await newestBackup(workspace, 'redis-exporter');
    expect([backup.folderUid, backup.folderParents]).toEqual([databases.uid, [{ uid: 'platform-team', title: 'Platform Team' }]]);

    sandbox.clearRequests();
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "${databases.title}" (${databases.uid}) under "Platform Team" (platform-team), ` +
        `which no longer existed and was created again from the backup, as was "Platform Team" (platform-team), now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect(await folderOf(sandbox, 'platform-team')).toEqual({ status: 200, title: 'Platform Team', parentUid: undefined });
    expect(await folderOf(sandbox, databases.uid)).toEqual({ status: 200, title: databases.title, parentUid: 'platform-team' });
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe(databases.uid);
    const folderWrites = writes(sandbox).filter((entry) => entry.path.includes('folder'));
    expect(folderWrites.map((entry) => entry.method)).toEqual(['POST', 'POST']);
    expect(folderWrites.every((entry) => entry.status >= 200 && entry.status < 300)).toBe(true);
  });

  it('a trash restore that fails after the folders were created for it deletes them again, deepest first, while empty; the line says so', async () => {
    const { sandbox, workspace, databases } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, 'dashboards/platform/databases');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);
    // The first ask answers "folder gone" as Grafana does; the one after the folders were created fails.
    const restoreRequest = grafanaVersion === '11.2' ? { methods: ['PATCH'], pathPrefix: '/api/dashboards/uid/redis-exporter/trash' } : { methods: ['POST'], pathPrefix: '/apis/dashboard.grafana.app' };
    sandbox.setFaults({ ...restoreRequest, script: [{ kind: 'delay', ms: 0 }, { kind: 'status', status: 500 }] });

    const failed = await workspace.cli(['restore', 'redis-exporter']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(
      new RegExp(
        `^error: cannot restore redis-exporter: (PATCH|POST) [^ ]+ failed: HTTP 500[^\\n]*; deleted again the folders this restore had created for it, still empty: ` +
          `"${databases.title}" \\(${databases.uid}\\), "Platform Team" \\(platform-team\\)\n$`,
      ),
    );
    expect((await folderOf(sandbox, databases.uid)).status).toBe(404);
    expect((await folderOf(sandbox, 'platform-team')).status).toBe(404);

    // Nothing was lost: "Recently deleted" still holds it, and the next run takes it back.
    sandbox.setFaults(undefined);
    const again = await workspace.cli(['restore', 'redis-exporter']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe(databases.uid);
  });

  it('a parent that still exists is used as it is (not renamed, not moved); only the missing folder is created under it', async () => {
    const { sandbox, workspace, databases } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, 'dashboards/platform/databases');
    // Someone renames the parent at the UI after the prune: restore keeps their title.
    const parent = await apiRequest(sandbox, 'GET', '/api/folders/platform-team');
    expect((await apiRequest(sandbox, 'PUT', '/api/folders/platform-team', { title: 'Platform (renamed)', version: parent.body.version })).status).toBe(200);

    sandbox.clearRequests();
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "${databases.title}" (${databases.uid}) under "Platform Team" (platform-team), ` +
        `which no longer existed and was created again from the backup, now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect(await folderOf(sandbox, 'platform-team')).toEqual({ status: 200, title: 'Platform (renamed)', parentUid: undefined });
    expect(await folderOf(sandbox, databases.uid)).toEqual({ status: 200, title: databases.title, parentUid: 'platform-team' });
    expect(writes(sandbox).filter((entry) => entry.path.includes('folder')).map((entry) => entry.method)).toEqual(['POST']);
  });

  it('a backup written before dashsync recorded the chain restores as before, at the top level, and the line says why', async () => {
    const { sandbox, workspace, databases } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, 'dashboards/platform/databases');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);
    const { path, backup } = await newestBackup(workspace, 'redis-exporter');
    delete backup.folderParents;
    await writeFile(path, JSON.stringify(backup));

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.stdout).toBe(
      `restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "${databases.title}" (${databases.uid}), which no longer existed and was created again from the backup ` +
        `at the top level (the backup records no folders above it: it was written before dashsync recorded them), now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`,
    );
    expect(restored.code).toBe(0);
    expect(await folderOf(sandbox, databases.uid)).toEqual({ status: 200, title: databases.title, parentUid: undefined });
    expect((await folderOf(sandbox, 'platform-team')).status).toBe(404);
  });
});

/** What each release's restore says when it takes redis-exporter into folder `elsewhere` ("Else\x1bwhere"). */
const INTO_ELSEWHERE: Record<string, RegExp> = {
  '11.2': new RegExp(String.raw`^restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "Else\\x1bwhere" \(elsewhere\), now version \d+\n` + asPattern(noFileElsewhereLine('redis-exporter', 'elsewhere')) + '$'),
  '12': new RegExp(String.raw`^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/[^ ]+\.json into folder "Else\\x1bwhere" \(elsewhere\), now version 1\n` + asPattern(noFileElsewhereLine('redis-exporter', 'elsewhere')) + '$'),
  '13': new RegExp(String.raw`^restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "Else\\x1bwhere" \(elsewhere\), now version \d+\n` + asPattern(noFileElsewhereLine('redis-exporter', 'elsewhere')) + '$'),
};

const INTO_GENERAL: Record<string, RegExp> = {
  '11.2': /^restored redis-exporter "Redis" from Grafana's "Recently deleted" into its old folder \(Grafana 11 gives it back into a folder only\) and moved it to the General level, now version \d+\nredis-exporter has no file in the tree: a prune that covers it deletes it again; run dashsync pull redis-exporter to write it\n$/,
  '12': /^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/[^ ]+\.json into the General level, now version 1\nredis-exporter has no file in the tree: a prune that covers it deletes it again; run dashsync pull redis-exporter to write it\n$/,
  '13': /^restored redis-exporter "Redis" from Grafana's "Recently deleted" into the General level, now version \d+\nredis-exporter has no file in the tree: a prune that covers it deletes it again; run dashsync pull redis-exporter to write it\n$/,
};

describe.each(GRAFANA_VERSIONS)('restore --folder on Grafana %s', (grafanaVersion) => {
  // 13 restores through /apis (its trash); 11.2 through the /api trash; 12 has no trash on by default: the backup.
  const api = grafanaVersion === '13' ? 'auto' : 'legacy';

  it('puts the dashboard into the folder named, whatever folder it was deleted from; the folder title is escaped', async () => {
    const { sandbox, workspace, databases } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, REDIS);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Else\u001bwhere' })).status).toBe(200);

    const restored = await workspace.cli(['restore', 'redis-exporter', '--folder', 'elsewhere']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(INTO_ELSEWHERE[grafanaVersion]!);
    expect(restored.code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('elsewhere');
    expect((await folderOf(sandbox, databases.uid)).status).toBe(200);
  });

  it('--folder general puts it at the General level', async () => {
    const { sandbox, workspace } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, REDIS);
    const restored = await workspace.cli(['restore', 'redis-exporter', '--folder', 'general']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(INTO_GENERAL[grafanaVersion]!);
    expect(restored.code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('');
  });

  it('a folder that does not exist stops the run before anything is written, in one line saying what to do', async () => {
    const { sandbox, workspace, databases } = await appliedExample(grafanaVersion, api);
    await pruneAway(workspace, REDIS);
    sandbox.clearRequests();
    const result = await workspace.cli(['restore', 'redis-exporter', '--folder', 'nope']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      `error: folder nope does not exist in ${sandbox.url}: create it first, or give --folder an existing folder's uid ("general" = the General level); nothing was restored\n`,
    ]);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
    expect((await folderOf(sandbox, databases.uid)).status).toBe(200);
  });
});

describe('restore --folder: what it refuses', () => {
  it('a --folder that is not a uid is one usage line, before any request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    const result = await workspace.cli(['restore', 'redis-exporter', '--folder', '../x']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      'error: --folder "../x" is not a folder uid (letters, digits, "-" and "_", at most 40; "general" = the General level); nothing was restored\n',
    ]);
    expect(sandbox.requests()).toEqual([]);
  });

  it('Grafana 11.2: --folder general when the folder it was deleted from is gone says why and what to do, and creates nothing', async () => {
    const { sandbox, workspace } = await appliedExample('11.2');
    await pruneAway(workspace, 'dashboards/platform/databases');
    sandbox.clearRequests();
    const result = await workspace.cli(['restore', 'redis-exporter', '--folder', 'general']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      'error: cannot restore redis-exporter into the General level: Grafana 11 gives a dashboard back from "Recently deleted" only into a folder, ' +
        'and the folder it was deleted from no longer exists; run restore with --folder <uid of an existing folder>, then move it\n',
    ]);
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['PATCH /api/dashboards/uid/redis-exporter/trash 400']);
  });
});
