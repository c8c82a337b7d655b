import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * audit-ux-4 F4: `git mv platform/databases platform/datastores` plans a new folder and the moves into it (and, with prune,
 * the old folder's delete): Grafana's folder, its uid and permissions are not carried over. One note says how to keep them.
 */
const DATABASES = deriveFolderUid('platform/databases');
const DATASTORES = deriveFolderUid('platform/datastores');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });
const RENAME_NOTE =
  `  folder "datastores" (${DATASTORES}) looks like a rename of "databases" (${DATABASES}): to keep its uid (and its permissions) ` +
  `add dashboards/platform/datastores/_folder.json {"uid":"${DATABASES}","title":"datastores"}`;

describe.each(GRAFANA_VERSIONS)('a folder directory renamed, Grafana %s', (grafanaVersion) => {
  it('the plan notes the rename and the _folder.json that keeps the old uid; with it, the folder is retitled instead', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/platform/databases/mysql.json', board('mysql', 'MySQL'));
    await writeJson(dir, 'dashboards/platform/databases/redis.json', board('redis', 'Redis'));
    await writeJson(dir, 'dashboards/platform/k8s/nodes.json', board('nodes', 'Nodes'));
    await commitAll(dir, 'the tree');
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    await git(dir, 'mv', 'dashboards/platform/databases', 'dashboards/platform/datastores');
    await commitAll(dir, 'rename databases');

    const plan = await dashsync(handle, dir, ['plan']);
    expect(plan.stderr).toBe('');
    expect(lines(plan.stdout).slice(-4)).toEqual(['Notes:', RENAME_NOTE, '', 'Plan: 0 to create, 0 to update, 2 to move, 0 to delete, 1 unchanged. Folders: 1 to create.']);
    const pruned = await dashsync(handle, dir, ['plan', '--prune']);
    expect(pruned.stdout).toContain(`- folder-delete folder "databases" (uid ${DATABASES}); its directory left the tree and it will be empty`);
    expect(lines(pruned.stdout).filter((line) => line.includes('looks like a rename'))).toEqual([RENAME_NOTE]);

    await writeJson(dir, 'dashboards/platform/datastores/_folder.json', { uid: DATABASES, title: 'datastores' });
    const kept = await dashsync(handle, dir, ['plan', '--prune']);
    expect(kept.stderr).toBe('');
    expect(lines(kept.stdout).slice(2)).toEqual([
      `~ folder-update folder "datastores" (uid ${DATABASES}) renamed from "databases"`,
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged. Folders: 1 to update.',
    ]);
  });
});
