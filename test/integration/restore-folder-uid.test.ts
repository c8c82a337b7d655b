import { describe, expect, it } from 'vitest';
import { appliedExample, folderOf, pruneAway } from '../e2e/apply/restore-fixture.js';

// walk-66 L2: `restore <folder uid>` of a folder the same prune deleted answered as for a dashboard nobody backed up,
// which reads as if the folder were gone for good; restoring a dashboard that was in it creates it again.
describe('restore of a folder uid a prune deleted', () => {
  it('fails as before, and a note says it is a folder, which dashboards restore it, and how', async () => {
    const { sandbox, workspace, databases } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases');
    expect((await folderOf(sandbox, databases.uid)).status).toBe(404);

    const run = await workspace.cli(['restore', databases.uid]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: cannot restore ${databases.uid}: `));
    expect(run.stdout).toMatch(
      new RegExp(
        `^note: ${databases.uid} is folder "${databases.title}", not a dashboard: restore keeps no backup of folders; restoring the \\d+ dashboards backed up from it \\((\\S+, )+\\S+\\) creates it again: ` +
          `dashsync restore( \\S+)+ brings them back; or git revert the commit that removed its _folder.json, then dashsync apply makes it from that file\\n`,
      ),
    );
    const pasted = run.stdout.match(/: (dashsync restore [^;]+) brings them back/)![1]!.split(' ').slice(1);
    const restored = await workspace.cli(pasted);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await folderOf(sandbox, databases.uid)).status).toBe(200);
  });
});
