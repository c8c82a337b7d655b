import { describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/sandbox.js';
import { appliedExample, pruneAway } from '../e2e/apply/restore-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';

const REDIS = 'dashboards/platform/databases/redis.json';

describe('restore into a folder the tree does not hold, then the pull its line advised (review-6 #19)', () => {
  it('says that pull would claim the folder for the tree and a prune of folders would then take the dashboards there: both true', async () => {
    const { workspace, sandbox } = await appliedExample('12');
    await pruneAway(workspace, REDIS);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Theirs', panels: [] }, folderUid: 'elsewhere' })).status).toBe(200);

    const restored = await workspace.cli(['restore', 'redis-exporter', '--folder', 'elsewhere']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout.split('\n').slice(1)).toEqual([
      "redis-exporter has no file in the tree, and folder elsewhere, where it now is, is not one of the tree's: a prune of the whole org (--prune all) deletes it again. " +
        'dashsync pull redis-exporter would write it with a _folder.json that makes this tree manage folder elsewhere, and a prune of folders would then delete every dashboard there that no file holds; ' +
        "to keep it in this tree, pull it, move its file into one of the tree's directories and delete that _folder.json before you apply",
      '',
    ]);

    // What the line warns of: pulled as it is, the folder is the tree's, and prune of folders takes someone else's dashboard there.
    await commitAll(workspace.dir);
    const pulled = await workspace.cli(['pull', 'redis-exporter']);
    expect(pulled.stdout).toContain('wrote    dashboards/elsewhere/_folder.json');
    expect((await workspace.cli(['plan', '--prune', 'folders'])).stdout).toMatch(/^- delete +"Theirs" \(uid theirs, live version 1\) in "Elsewhere"/m);
  });

  it("restored into one of the tree's folders, the line stays the short one", async () => {
    const { workspace } = await appliedExample('12');
    await pruneAway(workspace, REDIS);
    const restored = await workspace.cli(['restore', 'redis-exporter', '--folder', 'platform-team']);
    expect(restored.stdout.split('\n').slice(1)).toEqual(['redis-exporter has no file in the tree: a prune that covers it deletes it again; run dashsync pull redis-exporter to write it', '']);
  });
});
