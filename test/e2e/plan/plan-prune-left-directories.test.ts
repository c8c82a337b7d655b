import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, saveLive, writeJson } from './plan-fixture.js';

/**
 * The plan's line for a folder pruned on git history's evidence (the commit's sha and date vary: matched). A removal older than
 * HEAD is a warning (another tree may deploy that folder by now); one by HEAD or the working tree is what the operator just did: a note.
 */
const prunedOnHistory = (title: string, uid: string, rootPath: string, removed: 'older' | 'head' | 'working') => {
  const name = `folder "${title}" (${uid})`;
  // Named under the root as shown, as every other line names a tree's path (walk-71 L4).
  const path = `dashboards/${rootPath}`;
  if (removed === 'older') {
    return expect.stringMatching(new RegExp(`^  ! ${escapeRegExp(name)} is pruned because this tree's git history held ${escapeRegExp(path)}, removed in [0-9a-f]{12} on \\d{4}-\\d{2}-\\d{2}; if another tree deploys it now, list its uid under "externalFolders" in dashsync.config.json$`));
  }
  if (removed === 'head') return expect.stringMatching(new RegExp(`^  ${escapeRegExp(name)} is pruned: the planned commit \\([0-9a-f]{12}\\) removed ${escapeRegExp(path)}$`));
  return `  ${name} is pruned: HEAD holds ${path}, which the working tree no longer has (removed, not committed yet)`;
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Issue 10, item 2: a directory that left the tree is seen by prune even when nothing of its
 * path is left to derive its folder uid from — below a directory that now holds only its
 * `_folder.json`, or with a `_folder.json` uid of its own — and a folder someone made by hand
 * next to it is never taken for one of dashsync's.
 */
const SVC = deriveFolderUid('team-a/svc');
const TEAM_C = deriveFolderUid('team-c');
const KUBERNETES = deriveFolderUid('platform/kubernetes');
const DATABASES = deriveFolderUid('platform/databases');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

describe.each(GRAFANA_VERSIONS)('prune of a directory that left the tree, Grafana %s', (grafanaVersion) => {
  it('team-a/_folder.json + team-a/svc/api.json applied, then rm -r team-a/svc: plan --prune deletes the dashboard and the emptied folder', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/team-a/_folder.json', { uid: 'team-a', title: 'Team A' });
    await writeJson(dir, 'dashboards/team-a/svc/api.json', board('api', 'API'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    // Committed, then removed from the working tree only: HEAD shows the directory was this tree's.
    await commitAll(dir, 'the tree');

    await rm(join(dir, 'dashboards/team-a/svc'), { recursive: true });
    handle.clearRequests();
    const plan = await dashsync(handle, dir, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      `- folder-delete folder "svc" (uid ${SVC}); its directory left the tree and it will be empty`,
      '- delete        "API" (uid api, live version 1) in "svc"; no file in the tree (backed up before delete)',
      '',
      // team-a keeps its _folder.json alone: its folder stays as Grafana has it, and the plan says why.
      'Warnings:',
      '  ! dashboards/team-a/_folder.json: folder "Team A" (uid team-a) holds no dashboard or library panel file, so plan and apply neither create nor change it ' +
        'until one is added here (a folder of this uid made in Grafana, e.g. to set its permissions ahead of its dashboards, is left as it is) (folder-holds-nothing)',
      '',
      'Notes:',
      prunedOnHistory('svc', SVC, 'team-a/svc', 'working'),
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 1 to delete, 0 unchanged. Folders: 1 to delete.',
    ]);
    expect(plan.code).toBe(2);
    expect(handle.requests().filter((request) => request.method !== 'GET')).toEqual([]);

    const applied = await dashsync(handle, dir, ['apply', '--prune']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/api')).status).toBe(404);
    expect((await apiRequest(handle, 'GET', `/api/folders/${SVC}`)).status).toBe(404);
    // Its directory is still there (with only _folder.json in it): kept.
    expect((await apiRequest(handle, 'GET', '/api/folders/team-a')).status).toBe(200);
  });

  it('a subdirectory with a _folder.json uid of its own is seen by who saved its dashboards; a folder made by hand beside it is kept', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/team-a/_folder.json', { uid: 'team-a', title: 'Team A' });
    await writeJson(dir, 'dashboards/team-a/overview.json', board('overview', 'Overview'));
    await writeJson(dir, 'dashboards/team-a/svc/_folder.json', { uid: 'svc-custom', title: 'Services' });
    await writeJson(dir, 'dashboards/team-a/svc/api.json', board('api', 'API'));
    await writeJson(dir, 'dashboards/team-a/svc/db.json', board('db', 'DB'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    // Someone else, in the UI: a folder of their own inside team-a, with a dashboard of their own.
    const editor = bearerHeaders(await handle.createToken('Editor'));
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'scratch', title: 'Scratch', parentUid: 'team-a' }, editor)).status).toBe(200);
    await saveLive(handle, board('scratch-board', 'Scratch board'), 'scratch', 'trying things', editor);
    await commitAll(dir, 'the tree');
    await git(dir, 'rm', '-q', '-r', 'dashboards/team-a/svc');
    await commitAll(dir, 'svc leaves');

    await rm(join(dir, 'dashboards/team-a/svc'), { recursive: true, force: true });
    const plan = await dashsync(handle, dir, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      '- folder-delete folder "Services" (uid svc-custom); its directory left the tree and it will be empty',
      '- delete        "API" (uid api, live version 1) in "Services"; no file in the tree (backed up before delete)',
      '- delete        "DB" (uid db, live version 1) in "Services"; no file in the tree (backed up before delete)',
      '',
      'Notes:',
      prunedOnHistory('Services', 'svc-custom', 'team-a/svc/_folder.json', 'head'),
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 1 unchanged. Folders: 1 to delete.',
    ]);
    expect(plan.code).toBe(2);
  });

  // rev-68c (noticed): the example tree's platform/ (a _folder.json uid of its own, "Platform Team", only subdirectories in
  // it) removed with kubernetes/ and databases/: the plan said nothing of their dashboards (not deleted, not counted, no line).
  it('a directory holding only subdirectories, with a _folder.json uid of its own, removed with them: plan and apply --prune delete their dashboards, their folders, then it', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/platform/_folder.json', { uid: 'platform-team', title: 'Platform Team' });
    await writeJson(dir, 'dashboards/platform/kubernetes/nodes.json', board('nodes', 'Nodes'));
    await writeJson(dir, 'dashboards/platform/databases/redis.json', board('redis', 'Redis'));
    await writeJson(dir, 'dashboards/home.json', board('home', 'Home'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    await commitAll(dir, 'the tree');
    await rm(join(dir, 'dashboards/platform'), { recursive: true });

    const plan = await dashsync(handle, dir, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      `- folder-delete folder "databases" (uid ${DATABASES}); its directory left the tree and it will be empty`,
      `- folder-delete folder "kubernetes" (uid ${KUBERNETES}); its directory left the tree and it will be empty`,
      '- folder-delete folder "Platform Team" (uid platform-team); its directory left the tree and it will be empty',
      '- delete        "Nodes" (uid nodes, live version 1) in "kubernetes"; no file in the tree (backed up before delete)',
      '- delete        "Redis" (uid redis, live version 1) in "databases"; no file in the tree (backed up before delete)',
      '',
      'Notes:',
      prunedOnHistory('databases', DATABASES, 'platform/databases', 'working'),
      prunedOnHistory('kubernetes', KUBERNETES, 'platform/kubernetes', 'working'),
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 1 unchanged. Folders: 3 to delete.',
    ]);
    expect(plan.code).toBe(2);
    const json = JSON.parse((await dashsync(handle, dir, ['plan', '--prune', '--format', 'json'])).stdout);
    expect(json.summary).toMatchObject({ delete: 2, unchanged: 1 });

    const applied = await dashsync(handle, dir, ['apply', '--prune']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    for (const uid of ['nodes', 'redis']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(404);
    for (const uid of [KUBERNETES, DATABASES, 'platform-team']) expect((await apiRequest(handle, 'GET', `/api/folders/${uid}`)).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/home')).status).toBe(200);
  });

  it('top-level directories git held removed (a _folder.json uid of its own, committed or only gone from the working tree; a derived uid retitled in Grafana): plan and apply --prune delete their dashboards and folders, someone else\'s top-level folder stays', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/team-a/_folder.json', { uid: 'team-a', title: 'Team A\u001b[2J' });
    await writeJson(dir, 'dashboards/team-a/overview.json', board('overview', 'Overview'));
    await writeJson(dir, 'dashboards/team-a/svc/api.json', board('api', 'API'));
    await writeJson(dir, 'dashboards/team-b/_folder.json', { uid: 'team-b', title: 'Team B' });
    await writeJson(dir, 'dashboards/team-b/b.json', board('b', 'B'));
    await writeJson(dir, 'dashboards/team-c/c.json', board('c', 'C'));
    await writeJson(dir, 'dashboards/home.json', board('home', 'Home'));
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    await commitAll(dir, 'the tree');
    // Retitled in Grafana: its derived uid cannot be found again from its title.
    expect((await apiRequest(handle, 'PUT', `/api/folders/${TEAM_C}`, { title: 'Team C (old)', overwrite: true })).status).toBe(200);
    await git(dir, 'rm', '-q', '-r', 'dashboards/team-b', 'dashboards/team-c');
    await commitAll(dir, 'team-b and team-c leave');
    // A commit since: their removal is no longer the one being applied.
    await commitAll(dir, 'later');
    await rm(join(dir, 'dashboards/team-a'), { recursive: true });
    // Someone else's top-level folder, never in the tree: not touched, not named.
    const editor = bearerHeaders(await handle.createToken('Editor'));
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'scratch', title: 'Scratch' }, editor)).status).toBe(200);
    await saveLive(handle, board('scratch-board', 'Scratch board'), 'scratch', 'trying things', editor);

    const plan = await dashsync(handle, dir, ['plan', '--prune', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(2)).toEqual([
      `- folder-delete folder "svc" (uid ${SVC}); its directory left the tree and it will be empty`,
      `- folder-delete folder "Team C (old)" (uid ${TEAM_C}); its directory left the tree and it will be empty`,
      '- folder-delete folder "Team A\\x1b[2J" (uid team-a); its directory left the tree and it will be empty',
      '- folder-delete folder "Team B" (uid team-b); its directory left the tree and it will be empty',
      '- delete        "API" (uid api, live version 1) in "svc"; no file in the tree (backed up before delete)',
      '- delete        "B" (uid b, live version 1) in "Team B"; no file in the tree (backed up before delete)',
      '- delete        "C" (uid c, live version 1) in "Team C (old)"; no file in the tree (backed up before delete)',
      '- delete        "Overview" (uid overview, live version 1) in "Team A\\x1b[2J"; no file in the tree (backed up before delete)',
      '',
      'Warnings:',
      prunedOnHistory('Team C (old)', TEAM_C, 'team-c', 'older'),
      prunedOnHistory('Team B', 'team-b', 'team-b/_folder.json', 'older'),
      '',
      'Notes:',
      prunedOnHistory('svc', SVC, 'team-a/svc', 'working'),
      prunedOnHistory('Team A\\x1b[2J', 'team-a', 'team-a/_folder.json', 'working'),
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 4 to delete, 1 unchanged. Folders: 4 to delete.',
    ]);
    expect(plan.code).toBe(2);

    const applied = await dashsync(handle, dir, ['apply', '--prune']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    for (const uid of ['overview', 'api', 'b', 'c']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(404);
    for (const uid of ['team-a', SVC, 'team-b', TEAM_C]) expect((await apiRequest(handle, 'GET', `/api/folders/${uid}`)).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/scratch-board')).status).toBe(200);
    expect((await apiRequest(handle, 'GET', '/api/folders/scratch')).status).toBe(200);
    expect(lines((await dashsync(handle, dir, ['plan', '--prune'])).stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });
});
