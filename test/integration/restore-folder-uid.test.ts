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
          // Its uid is derived from its directory: no _folder.json ever made it, so none is named (review-67a L3).
          `dashsync restore( \\S+)+ brings them back\\n`,
      ),
    );
    const pasted = run.stdout.match(/: (dashsync restore [^;]+) brings them back/)![1]!.split(' ').slice(1);
    const restored = await workspace.cli(pasted);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await folderOf(sandbox, databases.uid)).status).toBe(200);
  });

  // review-67a L3: a folder still in Grafana is not "created again", and the dry run says so too.
  it('of a folder that still exists: the note says so, in the run and its dry run', async () => {
    const { sandbox, workspace, databases } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases/postgresql.json');
    expect((await folderOf(sandbox, databases.uid)).status).toBe(200);
    const note = `note: ${databases.uid} is folder "${databases.title}", which exists in Grafana, not a dashboard: restore brings back dashboards, not folders; dashsync restore postgresql-overview brings the 1 dashboard backed up from it (postgresql-overview) back into it`;

    const dry = await workspace.cli(['restore', databases.uid, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout.split('\n')).toContain(note);
    expect(dry.stdout).not.toContain('says what can be done');

    const run = await workspace.cli(['restore', databases.uid]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toContain(note);
    expect(run.stdout).not.toContain('creates it again');
  });
});
