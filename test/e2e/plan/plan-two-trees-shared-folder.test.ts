import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * audit-ux-4 F3/F18: two repositories deploy to one org, and a directory without `_folder.json` has the
 * same path below each root: both derive the same folder uid. Neither may re-parent that folder nor
 * prune the other's dashboards in it: the plan stops, naming the folder, the other repository's commit
 * and the fix (a `_folder.json` with a uid of its own).
 */
const DATASTORES = deriveFolderUid('platform/datastores');
const PLATFORM = deriveFolderUid('platform');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

/** Tree 1: `platform/` has a `_folder.json` (uid platform-team), `platform/datastores/` none. */
async function treeOne(): Promise<string> {
  const dir = await emptyWorkspace();
  await writeJson(dir, 'dashboards/platform/_folder.json', { uid: 'platform-team', title: 'Platform team' });
  await writeJson(dir, 'dashboards/platform/datastores/mysql.json', board('mysql-overview', 'MySQL Overview'));
  await writeJson(dir, 'dashboards/platform/datastores/redis.json', board('redis', 'Redis'));
  await commitAll(dir, 'tree 1');
  return dir;
}

/** Tree 2: the same path `platform/datastores/`, no `_folder.json` anywhere. */
async function treeTwo(): Promise<string> {
  const dir = await emptyWorkspace();
  await writeJson(dir, 'dashboards/platform/datastores/cache.json', board('team2-cache', 'Team2 cache'));
  await writeJson(dir, 'dashboards/shared/home.json', board('team2-home', 'Team2 home'));
  await commitAll(dir, 'tree 2');
  return dir;
}

const head = async (dir: string) => (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
const writes = (handle: SandboxHandle) => handle.requests().filter((request) => request.method !== 'GET' && !request.path.includes('/search'));
const stopped = (dashboards: number, sha: string, would: string) =>
  `dashboards/platform/datastores: error: folder ${DATASTORES} (directory dashboards/platform/datastores) holds ${dashboards === 1 ? '1 dashboard' : `${dashboards} dashboards`} another repository deploys: ` +
  `dashsync pushed ${dashboards === 1 ? 'it' : 'them'} from commit ${sha}, which this repository does not have, and the uid derived from this path is the same in every tree. This plan would ${would}: ` +
  `to share the org, give this directory a _folder.json with a uid of its own ({"uid":"…","title":"datastores"}) and plan again; the other repository keeps ${DATASTORES} ` +
  `(list it under "externalFolders" then, and prune here leaves it alone). If this repository replaces the other one, take the folder over instead: ` +
  `a _folder.json {"uid":"${DATASTORES}","title":"datastores"} (docs/migrating.md) (folder-of-another-repository)`;
const NOTHING_WRITTEN = 'error: 1 error in the dashboards tree; nothing was written to Grafana. Fix the files above and run again.';

describe.each(GRAFANA_VERSIONS)('two repositories, one derived folder path, Grafana %s', (grafanaVersion) => {
  it("tree 2 neither re-parents tree 1's folder nor prunes its dashboards: the plan stops until tree 2's directory has a uid of its own", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const one = await treeOne();
    expect((await dashsync(handle, one, ['apply'])).stderr).toBe('');
    const shaOne = await head(one);
    const two = await treeTwo();

    handle.clearRequests();
    const plan = await dashsync(handle, two, ["plan"]);
    expect(lines(plan.stderr)).toEqual([stopped(2, shaOne, 'move it under another parent'), NOTHING_WRITTEN]);
    expect(plan.code).toBe(1);
    const pruned = await dashsync(handle, two, ['apply', '--prune', 'folders']);
    expect(lines(pruned.stderr)).toEqual([stopped(2, shaOne, 'move it under another parent and delete 2 dashboards in it that no file here holds'), NOTHING_WRITTEN]);
    expect(pruned.code).toBe(1);
    expect(writes(handle)).toEqual([]);
    expect((await apiRequest(handle, 'GET', `/api/folders/${DATASTORES}`)).body.parentUid).toBe('platform-team');

    await writeJson(two, 'dashboards/platform/datastores/_folder.json', { uid: 'team2-datastores', title: 'datastores' });
    await commitAll(two, 'tree 2: a uid of its own');
    const applied = await dashsync(handle, two, ['apply', '--prune', 'folders']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).not.toContain('deleted:');
    for (const uid of ['mysql-overview', 'redis', 'team2-cache']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    expect((await apiRequest(handle, 'GET', `/api/folders/${DATASTORES}`)).body.parentUid).toBe('platform-team');
    const again = await dashsync(handle, one, ['plan', '--prune', 'folders', '--detailed-exitcode']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  });

  it("tree 1's prune does not take tree 2's dashboard in the shared folder, nor tree 2's platform folder as one its history 'removed'", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const two = await treeTwo();
    expect((await dashsync(handle, two, ['apply'])).stderr).toBe('');
    const shaTwo = await head(two);
    const one = await treeOne();

    handle.clearRequests();
    const plan = await dashsync(handle, one, ['plan', '--prune', 'folders']);
    expect(lines(plan.stderr)).toEqual([stopped(1, shaTwo, 'move it under another parent and delete 1 dashboard in it that no file here holds'), NOTHING_WRITTEN]);
    expect(plan.code).toBe(1);
    expect(writes(handle)).toEqual([]);

    await writeJson(one, 'dashboards/platform/datastores/_folder.json', { uid: 'team1-datastores', title: 'datastores' });
    await commitAll(one, 'tree 1: a uid of its own');
    const fixed = await dashsync(handle, one, ['plan', '--prune', 'folders']);
    expect(fixed.stderr).toBe('');
    expect(fixed.stdout).not.toContain('- delete');
    expect(fixed.stdout).not.toContain('- folder-delete');
    expect(fixed.stdout).not.toContain('removed since');
    expect(fixed.stdout).toContain(`folder "platform" (${PLATFORM})`);
  });
});
