import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard } from '../e2e/apply/workspace.js';
import { apiRequest } from '../helpers/sandbox.js';
import { editInUi } from '../pull/pull-fixture.js';

// Several restores through the CLI (in-process) against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';

/** The same sandbox through another name: backups taken through one URL are not this run's by default. */
const otherName = (url: string) => url.replace('127.0.0.1', 'localhost');

/** The commands a refusal names, pasted: its words after `dashsync` (none of them quoted in these cases). */
const commandsIn = (text: string) => [...text.matchAll(/dashsync (restore [^;]*?) (?:takes|puts)/g)].map((match) => match[1]!.split(' '));

/**
 * The example applied through `api`; postgresql-overview pruned, brought back, reworked in Grafana after dashsync's backup,
 * and deleted there: "Recently deleted" holds the rework, its backup the version before. `folder`: another folder of the tree.
 */
async function reworkInTrash(api: 'legacy' | 'auto') {
  const { sandbox, workspace } = await appliedExample('13', api);
  const folder = (await getDashboard(sandbox, 'k8s-cluster-overview')).meta.folderUid as string;
  await pruneAway(workspace, POSTGRES);
  const { name } = await newestBackup(workspace, UID);
  expect((await workspace.cli(['restore', UID, '--api', 'auto'])).code).toBe(0);
  await editInUi(sandbox, UID, 'two days of work');
  expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
  return { sandbox, workspace, folder, backup: `.dashsync/backups/${UID}/${name}` };
}

// fixt-68's leftovers: the "anyway" advice of the trash-not-read and trash-newer refusals dropped the run's --folder (and
// trash-not-read's --api auto command its --backup-source, without which it looks for backups of this URL): pasted, they
// put the dashboard back in its old folder, or found no backup.
describe('restore refusals repeat the run\'s --folder and --backup-source in the commands they advise', () => {
  it('trash-not-read (api "legacy" on 13, backups through another URL): both commands keep --folder, the --api auto one --backup-source; pasted, it takes the rework back into that folder', async () => {
    const { sandbox, workspace, folder, backup } = await reworkInTrash('legacy');
    const here = { GRAFANA_URL: otherName(sandbox.url) };
    const args = ['restore', UID, '--backup-source', sandbox.url, '--folder', folder];
    const run = await workspace.cli(args, here);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `dashsync restore ${UID} --api auto --folder ${folder} --backup-source ${sandbox.url} takes it back from "Recently deleted" if it is there, else puts the backup back; ` +
        `dashsync restore ${UID} --from-backup ${backup} --folder ${folder} puts the backup back anyway\n`,
    );
    const dry = await workspace.cli([...args, '--dry-run'], here);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, run.stderr.trimEnd().replace(/^error: cannot restore /, 'would not restore ')]);

    const [auto] = commandsIn(run.stderr);
    const pasted = await workspace.cli(auto!, here);
    expect([pasted.code, pasted.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from Grafana's "Recently deleted" into folder "[^"]+" \\(${folder}\\)`))]);
    const live = await getDashboard(sandbox, UID);
    expect([live.meta.folderUid, live.dashboard.description]).toEqual([folder, 'two days of work']);
  });

  it('trash-newer (--from-backup through /apis): both commands keep --folder; pasted, the take-back goes into that folder', async () => {
    const { sandbox, workspace, folder, backup } = await reworkInTrash('auto');
    const args = ['restore', UID, '--from-backup', backup, '--folder', folder];
    const run = await workspace.cli(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `dashsync restore ${UID} --folder ${folder} takes it back from "Recently deleted"; dashsync restore ${UID} --from-backup ${backup} --folder ${folder} --over-recently-deleted puts the backup back anyway\n`,
    );
    const dry = await workspace.cli([...args, '--dry-run']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, run.stderr.trimEnd().replace(/^error: cannot restore /, 'would not restore ')]);

    const [takeBack] = commandsIn(run.stderr);
    const pasted = await workspace.cli(takeBack!);
    expect(pasted.code).toBe(0);
    const live = await getDashboard(sandbox, UID);
    expect([live.meta.folderUid, live.dashboard.description]).toEqual([folder, 'two days of work']);
  });
});
