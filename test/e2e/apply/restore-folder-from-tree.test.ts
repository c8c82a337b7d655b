import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { folderOf, pruneAway } from './restore-fixture.js';
import { exampleWorkspace, getDashboard, useApi } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

// walk-60 M2: a folder deleted in the UI takes its dashboards to "Recently deleted"; no backup of dashsync's names that
// folder, but the tree's `_folder.json` does (uid, title, and its parents as the directories above).
async function folderDeletedInTheUi() {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, 'auto');
  await writeFile(join(workspace.dir, 'dashboards/platform/databases/_folder.json'), `${JSON.stringify({ uid: 'team-db', title: 'Team DB' }, null, 2)}\n`);
  expect((await workspace.cli(['apply'])).code).toBe(0);
  expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('team-db');
  expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);
  expect((await folderOf(sandbox, 'team-db')).status).toBe(404);
  return { sandbox, workspace };
}

const AGAIN =
  'into folder "Team DB" (team-db) under "Platform Team" (platform-team), which no longer existed and was created again from ' +
  'dashboards/platform/databases/_folder.json, as was "Platform Team" (platform-team)';

describe('restore on Grafana 13: a folder deleted in the UI is created again from the tree\'s _folder.json', () => {
  it('restore <uid> creates the folder and its parent from the tree, then takes the dashboard back from "Recently deleted" into it', async () => {
    const { sandbox, workspace } = await folderDeletedInTheUi();
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toBe(`restored redis-exporter "Redis" from Grafana's "Recently deleted" ${AGAIN}, now version 1\n`);
    expect(await folderOf(sandbox, 'platform-team')).toEqual({ status: 200, title: 'Platform Team', parentUid: undefined });
    expect(await folderOf(sandbox, 'team-db')).toEqual({ status: 200, title: 'Team DB', parentUid: 'platform-team' });
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('team-db');
  });

  it('--dry-run says the same with "would", and creates nothing', async () => {
    const { sandbox, workspace } = await folderDeletedInTheUi();
    const dry = await workspace.cli(['restore', 'redis-exporter', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout.split('\n')[0]!.replace(/ \(deleted \S+ by "admin"; with its id;/, ' (with its id;')).toBe(
      'would restore redis-exporter into folder "Team DB" (team-db) under "Platform Team" (platform-team), which no longer exists and would be created again from ' +
        'dashboards/platform/databases/_folder.json from Grafana\'s "Recently deleted" (with its id; its version history starts again, without the versions before the delete)',
    );
    const json = await workspace.cli(['restore', 'redis-exporter', '--dry-run', '--format', 'json']);
    const would = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'would-restore');
    expect(would).toEqual(expect.objectContaining({ uid: 'redis-exporter', folderUid: 'team-db', folderTitle: 'Team DB', folderGone: 'created-again', from: 'recently-deleted' }));
    expect((await folderOf(sandbox, 'team-db')).status).toBe(404);
    expect((await folderOf(sandbox, 'platform-team')).status).toBe(404);
  });
});

// nl-61: the run that brings back several dashboards of gone folders creates each folder once, and its summary counts them.
describe('restore on Grafana 13: several dashboards of folders deleted in the UI', () => {
  it('restore --all names them and the command; that command creates each folder once, and its summary counts the folders', async () => {
    const { sandbox, workspace } = await folderDeletedInTheUi();
    const all = await workspace.cli(['restore', '--all']);
    expect([all.code, all.stderr], all.stdout).toEqual([0, '']);
    const command = /; (dashsync restore [^;]+) brings them back/.exec(all.stdout)?.[1];
    expect(command, all.stdout).toBe('dashsync restore k8s-cluster-overview k8s-node-resources postgresql-overview redis-exporter');
    const uids = command!.split(' ').slice(2);

    const dry = await workspace.cli(['restore', ...uids, '--dry-run']);
    expect([dry.code, dry.stderr], dry.stdout).toEqual([0, '']);
    for (const uid of ['postgresql-overview', 'redis-exporter']) {
      expect(dry.stdout).toContain(`would restore ${uid} into folder "Team DB" (team-db) under "Platform Team" (platform-team), which no longer exists and would be created again from dashboards/platform/databases/_folder.json`);
    }
    // A directory without a `_folder.json` is the folder of the uid derived from its path.
    const kubernetes = deriveFolderUid('platform/kubernetes');
    for (const uid of ['k8s-cluster-overview', 'k8s-node-resources']) {
      expect(dry.stdout).toContain(`would restore ${uid} into folder "kubernetes" (${kubernetes}) under "Platform Team" (platform-team), which no longer exists and would be created again from dashboards/platform/kubernetes/`);
    }

    sandbox.clearRequests();
    const restored = await workspace.cli(['restore', ...uids]);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const creates = sandbox.requests().filter((entry) => entry.method === 'POST' && /\/folders(\?|$)/.test(entry.path) && entry.status < 300);
    const folders = restored.stdout.trimEnd().split('\n').at(-1);
    expect(folders).toBe(`Restore: 4 restored, ${creates.length} folders created again`);
    // Platform Team, Team DB and the kubernetes directory's folder: each created once, though two dashboards went into each of the last two.
    expect(creates).toHaveLength(3);
    expect(restored.stdout).toContain(`restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "Team DB" (team-db), now version 1`);
    expect(restored.stdout).toContain(`into folder "kubernetes" (${kubernetes}) under "Platform Team" (platform-team), which no longer existed and was created again from dashboards/platform/kubernetes/`);
    expect(await folderOf(sandbox, kubernetes)).toEqual({ status: 200, title: 'kubernetes', parentUid: 'platform-team' });
    for (const uid of uids) expect((await getDashboard(sandbox, uid)).status, uid).toBe(200);
  });

  it('restore --all of pruned dashboards whose folders were deleted since: each folder created once from the backups, and counted', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'auto');
    await writeFile(join(workspace.dir, 'dashboards/platform/databases/_folder.json'), `${JSON.stringify({ uid: 'team-db', title: 'Team DB' }, null, 2)}\n`);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await pruneAway(workspace, 'dashboards/platform/databases');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/platform-team')).status).toBe(200);

    sandbox.clearRequests();
    const all = await workspace.cli(['restore', '--all']);
    expect([all.code, all.stderr], all.stdout).toEqual([0, '']);
    expect(all.stdout).toContain('as was "Platform Team" (platform-team), now version 1');
    expect(all.stdout.trimEnd().split('\n').at(-1)).toBe('Restore: 2 restored, 2 folders created again');
    expect(sandbox.requests().filter((entry) => entry.method === 'POST' && /\/folders(\?|$)/.test(entry.path) && entry.status < 300)).toHaveLength(2);
  });
});
