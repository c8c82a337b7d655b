import { writeFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard } from '../e2e/apply/workspace.js';
import { apiRequest } from '../helpers/sandbox.js';
import { editInUi } from '../pull/pull-fixture.js';

// Several restores through the CLI (in-process) against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';

// walk-66 H2: through /apis, `restore <uid> --from-backup FILE` never asked "Recently deleted": it put an older backup over
// the copy deleted there after it (a person's rework), which Grafana then listed no more.
describe('restore --from-backup on Grafana 13 through /apis, "Recently deleted" holding a copy deleted after the backup', () => {
  it('refuses before any write, in the run and its dry run, naming both deletes; plain restore takes the copy back; --over-recently-deleted puts the backup back', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, POSTGRES);
    const { name, backup: written } = await newestBackup(workspace, UID);
    const backup = `.dashsync/backups/${UID}/${name}`;
    const backupDeletedAt = written.deletedAt as string;
    // Brought back, reworked in Grafana after dashsync's backup, then deleted there: "Recently deleted" holds the rework.
    expect((await workspace.cli(['restore', UID])).code).toBe(0);
    await editInUi(sandbox, UID, 'two days of work');
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    // The plain restore's dry run dates the entry by its own delete, and the backup by its: not one delete.
    const plainDry = await workspace.cli(['restore', UID, '--dry-run']);
    expect(plainDry.stdout.split('\n')[0]).toMatch(
      new RegExp(`^would restore ${UID} "PostgreSQL" into .* from Grafana's "Recently deleted" \\(deleted \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ by "admin"; with its id; [^)]*\\); its newest backup: taken ${escape(backupDeletedAt)}$`),
    );
    sandbox.clearRequests();

    const why = new RegExp(
      `^Grafana's "Recently deleted" holds ${UID} with other content than its backup ${escape(backup)} \\(taken when dashsync deleted it, ${escape(backupDeletedAt)}\\), ` +
        `deleted at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ by "admin", after that backup: it may hold ${UID} as edited in Grafana since, with .*; putting the backup back would take that copy's place for good; ` +
        `dashsync restore ${UID} takes it back from "Recently deleted"; dashsync restore ${UID} --from-backup ${escape(backup)} --over-recently-deleted puts the backup back anyway$`,
    );
    const dry = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout.split('\n')[0]!.replace(`would not restore ${UID}: `, '')).toMatch(why);
    const run = await workspace.cli(['restore', UID, '--from-backup', backup]);
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr.replace(`error: cannot restore ${UID}: `, '').trimEnd()).toMatch(why);
    const json = await workspace.cli(['restore', UID, '--from-backup', backup, '--format', 'json']);
    const failed = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'failed');
    expect(failed).toMatchObject({ kind: 'dashboard', uid: UID, reason: 'trash-newer', backup, deletedAt: backupDeletedAt, trashDeletedBy: 'admin' });
    // Nothing was written: the reworked copy is still there to take back.
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);

    const plain = await workspace.cli(['restore', UID]);
    expect([plain.code, plain.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from Grafana's "Recently deleted" `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).toBe('two days of work');

    // Told to: the backup goes back over the copy deleted after it.
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    const over = await workspace.cli(['restore', UID, '--from-backup', backup, '--over-recently-deleted']);
    expect([over.code, over.stderr, over.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from ${escape(backup)} into `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).not.toBe('two days of work');
  });

  // review-67a L1: the backup is dated by the client's clock, the entry by Grafana's: a client clock ahead let the rework go.
  it('a backup dated by a clock ahead of Grafana\'s: the rework deleted after it is still kept', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, POSTGRES);
    const { path, name, backup: written } = await newestBackup(workspace, UID);
    // As if the prune had run on a machine whose clock is ten minutes ahead.
    const ahead = new Date(Date.parse(written.deletedAt as string) + 10 * 60_000).toISOString();
    await writeFile(path, `${JSON.stringify({ ...written, deletedAt: ahead }, null, 2)}\n`);
    expect((await workspace.cli(['restore', UID])).code).toBe(0);
    await editInUi(sandbox, UID, 'two days of work');
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    const backup = `.dashsync/backups/${UID}/${name}`;

    const run = await workspace.cli(['restore', UID, '--from-backup', backup]);
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toContain(
      `by "admin", an hour or less before that backup as Grafana's clock and this machine's date them, which may differ by that much, so it may have been deleted after it: it may hold ${UID} as edited in Grafana since`,
    );
    const plain = await workspace.cli(['restore', UID]);
    expect(plain.code).toBe(0);
    expect((await getDashboard(sandbox, UID)).dashboard.description).toBe('two days of work');
  });

  it("a backup whose own delete is all the trash holds (same content) goes back as before", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, POSTGRES);
    const { name } = await newestBackup(workspace, UID);
    const run = await workspace.cli(['restore', UID, '--from-backup', `.dashsync/backups/${UID}/${name}`]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect((await getDashboard(sandbox, UID)).dashboard.uid).toBe(UID);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// rev-67c L5: the run and its dry run listed the whole "Recently deleted" (every page, full objects) twice, up to three times.
describe('restore --from-backup on Grafana 13 through /apis, "Recently deleted" holding the backup\'s own delete', () => {
  it('lists "Recently deleted" once in the dry run and once in the run, and puts the backup back', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, POSTGRES);
    const { name } = await newestBackup(workspace, UID);
    const backup = `.dashsync/backups/${UID}/${name}`;
    const trashLists = () => sandbox.requests().filter((entry) => entry.method === 'GET' && decodeURIComponent(entry.path).includes('get-trash=true')).length;

    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^would restore ${UID} "PostgreSQL" .*from ${escape(backup)}`))]);
    expect(trashLists()).toBe(1);
    sandbox.clearRequests();
    const run = await workspace.cli(['restore', UID, '--from-backup', backup]);
    expect([run.code, run.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from ${escape(backup)} into `))]);
    expect(trashLists()).toBe(1);
  });
});

