import { describe, expect, it, vi } from 'vitest';
import { appliedExample, folderOf, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard, writes } from '../e2e/apply/workspace.js';

// Several restores through the CLI (in-process) against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const UID = 'redis-exporter';

/**
 * Grafana 11.2 (its "Recently deleted" on: the sandbox's default), the example applied; its databases directory pruned, so
 * redis-exporter waits in "Recently deleted" (which keeps its uid taken) and its folder is gone. `backup`: its backup, as typed.
 */
async function prunedOn112() {
  const { sandbox, workspace } = await appliedExample('11.2');
  const folderUid = (await getDashboard(sandbox, UID)).meta.folderUid as string;
  await pruneAway(workspace, 'dashboards/platform/databases');
  expect((await folderOf(sandbox, folderUid)).status).toBe(404);
  const { name } = await newestBackup(workspace, UID);
  const editor = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
  return { sandbox, workspace, folderUid, backup: `.dashsync/backups/${UID}/${name}`, editor };
}

const folderWrites = (sandbox: Parameters<typeof writes>[0]) => writes(sandbox).filter((entry) => entry.path.startsWith('/api/folders')).map((entry) => `${entry.method} ${entry.path}`);

// rev-68c M2: on 11.2 the dry run of `restore <uid> --from-backup FILE` said it would restore (its folder "created again from
// the backup"), while the run made that folder, met Grafana's refusal (the trashed row keeps the uid taken) and deleted the
// folder again. Both now tell it before any write, with the same words and exit code.
describe('restore --from-backup on Grafana 11.2, the uid in "Recently deleted"', () => {
  it('an org Admin: the dry run and the run refuse alike, before any write; the pasted advice takes it back', async () => {
    const { sandbox, workspace, folderUid, backup } = await prunedOn112();
    const why =
      `Grafana's "Recently deleted" holds ${UID}, and Grafana 11 keeps its uid taken there, so its backup ${backup} cannot go in while it is there (Grafana refuses the save); ` +
      `dashsync restore ${UID} takes it back from there, with its id and version history; ` +
      `or delete it for good on Grafana's "Recently deleted" page, then run dashsync restore ${UID} --from-backup ${backup} again`;
    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, `would not restore ${UID}: ${why}`]);
    const run = await workspace.cli(['restore', UID, '--from-backup', backup]);
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', `error: cannot restore ${UID}: ${why}\n`]);
    // No folder made and removed: nothing written at all.
    expect(writes(sandbox)).toEqual([]);
    const json = await workspace.cli(['restore', UID, '--from-backup', backup, '--format', 'json']);
    const failed = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'failed');
    expect(failed).toMatchObject({ uid: UID, reason: 'trash-keeps-uid', backup, text: `error: cannot restore ${UID}: ${why}` });

    const advised = await workspace.cli(['restore', UID]);
    expect([advised.code, advised.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "Redis" from Grafana's "Recently deleted" into folder "[^"]+" \\(${folderUid}\\)`))]);
  });

  it('an Editor, to whom 11.2 lists none of it: the dry run and the run refuse alike, before any write; --over-recently-deleted tries the backup', async () => {
    const { sandbox, workspace, backup, editor } = await prunedOn112();
    const why =
      `Grafana 11's "Recently deleted" lists dashboards, and gives them back, to org Admins only, so whether it holds ${UID} cannot be told with these credentials; ` +
      `while it does, it keeps the uid taken, and Grafana refuses its backup ${backup}; run restore with an org Admin's credentials ` +
      `(the dashboard is then taken back from there with its id and version history, or the backup put back where it is not there), ` +
      `or dashsync restore ${UID} --from-backup ${backup} --over-recently-deleted to try the backup all the same (refused while the dashboard is there)`;
    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run'], editor);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, `would not restore ${UID}: ${why}`]);
    const run = await workspace.cli(['restore', UID, '--from-backup', backup], editor);
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', `error: cannot restore ${UID}: ${why}\n`]);
    expect(writes(sandbox)).toEqual([]);
    const json = await workspace.cli(['restore', UID, '--from-backup', backup, '--format', 'json'], editor);
    const failed = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'failed');
    expect(failed).toMatchObject({ uid: UID, reason: 'trash-hidden', trashSeen: 'admin-only', backup });

    // Told to try all the same: Grafana refuses the save (the row is there), and the folder made for it is deleted again.
    const tried = await workspace.cli(['restore', UID, '--from-backup', backup, '--over-recently-deleted'], editor);
    // In restore's words (review-70a L2): nothing to apply after an Admin's restore, no file to give another uid.
    expect([tried.code, tried.stderr.split('; deleted again the folder')[0]]).toEqual([
      1,
      `error: cannot restore ${UID}: dashboard ${UID} is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11, and only an org Admin may take it back: ` +
        `run dashsync restore ${UID} with an Admin's token (Grafana's copy comes back, with its id and version history), or have an Admin delete it for good on Grafana's "Recently deleted" page, then run this restore again`,
    ]);
    expect(folderWrites(sandbox)).toHaveLength(2);
  });

  it('restore --all: an Admin\'s dry run and run take it back from "Recently deleted"; an Editor\'s both refuse it before any folder is made', async () => {
    const { sandbox, workspace, editor } = await prunedOn112();
    const editorDry = await workspace.cli(['restore', '--all', '--dry-run'], editor);
    expect(editorDry.code).toBe(1);
    expect(editorDry.stdout).toContain(`\nwould not restore ${UID}: Grafana 11's "Recently deleted" lists dashboards, and gives them back, to org Admins only`);
    sandbox.clearRequests();
    const editorRun = await workspace.cli(['restore', '--all'], editor);
    expect(editorRun.code).toBe(1);
    expect(editorRun.stdout.split('\n')[0]).toBe(editorDry.stdout.split('\n')[0]);
    expect(editorRun.stderr).toContain(`error: cannot restore ${UID}: Grafana 11's "Recently deleted" lists dashboards, and gives them back, to org Admins only`);
    expect(folderWrites(sandbox)).toEqual([]);

    const adminDry = await workspace.cli(['restore', '--all', '--dry-run']);
    expect([adminDry.code, adminDry.stdout]).toEqual([0, expect.stringMatching(new RegExp(`\\nwould restore ${UID} "Redis" into .* from Grafana's "Recently deleted"`))]);
    const adminRun = await workspace.cli(['restore', '--all']);
    expect([adminRun.code, adminRun.stdout]).toEqual([0, expect.stringMatching(new RegExp(`\\nrestored ${UID} "Redis" from Grafana's "Recently deleted"`))]);
  });
});
