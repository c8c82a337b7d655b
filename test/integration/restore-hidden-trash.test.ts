import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { exampleWorkspace, getDashboard, useApi } from '../e2e/apply/workspace.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { appliedExample as appliedWith } from '../helpers/applied-example.js';
import { adminHeaders, apiRequest, bearerHeaders, editorToken, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, editInUi, git } from '../pull/pull-fixture.js';
import { reworkedInTrash } from '../helpers/reworked-in-trash.js';

// Several restores through the CLI (in-process) against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const UID = 'postgresql-overview';
const OVERVIEW = 'dashboards/platform-overview.json';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

const withToken = (token: string) => ({ GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });

// review-67a H1: Grafana 13 lists a "Recently deleted" entry only to its deleter and to those who may set the dashboard's
// permissions. An Editor's token saw no entry of a copy a person reworked and deleted, and restore put the backup in its place.
describe('restore on Grafana 13 with credentials "Recently deleted" shows only their own entries', () => {
  it('refuses a backup where an entry someone else deleted may be hidden, in the run, its dry run and JSON; an Admin takes the copy back; --over-recently-deleted puts the backup back', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    const backup = await reworkedInTrash(sandbox, workspace, POSTGRES, UID, 'two days of work');
    const editor = withToken(await editorToken(sandbox));
    sandbox.clearRequests();

    const why = (anyway: string) =>
      new RegExp(`^${escape(`Grafana's "Recently deleted" shows these credentials only the dashboards they deleted themselves or may set permissions on, and none of ${UID}: a copy someone else deleted after its backup ${backup}, ` +
      `edited in Grafana since, may wait there unseen, with `)}.*${escape(`; putting the backup back would take that copy's place for good; ` +
      `run restore with an org Admin's credentials (they see every entry: the copy is then taken back, or the backup put back where there is none), or ${anyway} to put the backup back anyway`)}$`);
    // The way on names the backup examined (review-68a L1), and the run's --folder where it had one.
    const anyway = `dashsync restore ${UID} --from-backup ${backup} --over-recently-deleted`;
    const dry = await workspace.cli(['restore', UID, '--dry-run'], editor);
    expect([dry.code, dry.stdout.split('\n')[0]!.replace(`would not restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(why(anyway))]);
    const run = await workspace.cli(['restore', UID], editor);
    expect([run.code, run.stdout, run.stderr.split('\n')[0]!.replace(`error: cannot restore ${UID}: `, '')]).toEqual([1, '', expect.stringMatching(why(anyway))]);
    const inGeneral = await workspace.cli(['restore', UID, '--folder', 'general'], editor);
    const inGeneralAnyway = `dashsync restore ${UID} --from-backup ${backup} --folder general --over-recently-deleted`;
    expect([inGeneral.code, inGeneral.stderr.split('\n')[0]!.replace(`error: cannot restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(why(inGeneralAnyway))]);
    const inGeneralDry = await workspace.cli(['restore', UID, '--folder', 'general', '--dry-run'], editor);
    expect([inGeneralDry.code, inGeneralDry.stdout.split('\n')[0]!.replace(`would not restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(why(inGeneralAnyway))]);
    const named = await workspace.cli(['restore', UID, '--from-backup', backup], editor);
    expect([named.code, named.stderr.split('\n')[0]!.replace(`error: cannot restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(why(anyway))]);
    const namedDry = await workspace.cli(['restore', UID, '--from-backup', backup, '--dry-run'], editor);
    expect([namedDry.code, namedDry.stdout.split('\n')[0]!.replace(`would not restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(why(anyway))]);
    const allDry = await workspace.cli(['restore', '--all', '--dry-run'], editor);
    expect([allDry.code, allDry.stdout.split('\n').find((line) => line.startsWith(`would not restore ${UID}: `))?.replace(`would not restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(why(anyway))]);
    const all = await workspace.cli(['restore', '--all'], editor);
    expect([all.code, all.stderr.split('\n').find((line) => line.startsWith(`error: cannot restore ${UID}: `)) !== undefined]).toEqual([1, true]);
    const json = await workspace.cli(['restore', UID, '--format', 'json'], editor);
    const failed = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'failed');
    expect(failed).toMatchObject({ kind: 'dashboard', uid: UID, reason: 'trash-hidden', trashSeen: 'own', backup });
    const jsonDry = await workspace.cli(['restore', UID, '--dry-run', '--format', 'json'], editor);
    // As the run's failed line says it (review-68a L5).
    expect(jsonDry.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.uid === UID)).toMatchObject({ reason: 'trash-hidden', trashSeen: 'own' });
    // Nothing was written: the rework still waits in "Recently deleted".
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);

    // An Admin's credentials see the entry and take the rework back.
    const admin = await workspace.cli(['restore', UID]);
    expect([admin.code, admin.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from Grafana's "Recently deleted" `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).toBe('two days of work');

    // Told to, the Editor puts the backup back over what it cannot see.
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    // The advice of the --folder general run, pasted: that backup goes into the General level.
    const over = await workspace.cli(inGeneralAnyway.split(' ').slice(1), editor);
    expect([over.code, over.stderr, over.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from ${escape(backup)} into `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).not.toBe('two days of work');
    expect((await getDashboard(sandbox, UID)).meta.folderUid ?? '').toBe('');
  });

  it("the Editor's own prune is listed to it: restore takes it back from \"Recently deleted\", and its backup named with --from-backup goes back as before", async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    const editor = withToken(await editorToken(sandbox));
    await pruneAway(workspace, POSTGRES);
    // The prune above ran as admin: this one, of another dashboard, as the Editor.
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    const pruned = await workspace.cli(['apply', '--prune'], editor);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    const own = await workspace.cli(['restore', 'redis-exporter'], editor);
    expect([own.code, own.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^restored redis-exporter "Redis" from Grafana's "Recently deleted" /)]);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter', undefined, bearerHeaders(editor.GRAFANA_TOKEN))).status).toBe(200);
    const { name } = await newestBackup(workspace, 'redis-exporter');
    const named = await workspace.cli(['restore', 'redis-exporter', '--from-backup', `.dashsync/backups/redis-exporter/${name}`], editor);
    expect([named.code, named.stderr]).toEqual([0, '']);
  });
});


// rev-67c H1: Grafana 12's default legacy SQL storage keeps no "Recently deleted" (its /apis trash list answers empty):
// nothing can hide there, and an Editor's restore puts the backup back.
describe('restore on Grafana 12 with its legacy SQL storage, an Editor\'s token', () => {
  it('puts the backup back: no "Recently deleted" to hide anything', async () => {
    const { sandbox, workspace } = await appliedExample('12', 'auto');
    const editor = withToken(await editorToken(sandbox));
    await commitAll(workspace.dir);
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    expect((await workspace.cli(['apply', '--prune'], editor)).code).toBe(0);
    const dry = await workspace.cli(['restore', 'redis-exporter', '--dry-run'], editor);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^would restore redis-exporter "Redis" .* from \.dashsync\/backups\/redis-exporter\//)]);
    const run = await workspace.cli(['restore', 'redis-exporter'], editor);
    expect([run.code, run.stderr, run.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\//)]);
  });
});

/** Grafana 12 (legacy SQL storage) through /apis, the example applied, then every file removed, committed and pruned. */
async function prunedEmptyOrg() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, 'k8s');
  expect((await workspace.cli(['apply'])).code).toBe(0);
  await commitAll(workspace.dir);
  await rm(join(workspace.dir, 'dashboards'), { recursive: true });
  await mkdir(join(workspace.dir, 'dashboards'));
  await commitAll(workspace.dir, 'every dashboard goes');
  return { sandbox, workspace, pruned: await workspace.cli(['apply', '--prune', 'all', '--auto-approve']) };
}

// review-69a M3: through /apis, a prune that emptied the org leaves no dashboard to tell the storage by, and legacy SQL storage
// answers the trash list empty, as unified storage's does. The backup says its delete was for good: nothing waits unseen.
describe('restore on Grafana 12 with its legacy SQL storage through /apis, after a prune that emptied the org, an Editor\'s token', () => {
  it('puts the backup back, dry run and run alike, as the prune said ("the backup is the only copy")', async () => {
    const { sandbox, workspace, pruned } = await prunedEmptyOrg();
    expect([pruned.code, pruned.stdout]).toEqual([0, expect.stringContaining('redis-exporter')]);
    expect(pruned.stdout).toContain('deleted: redis-exporter "Redis"; "Recently deleted" is off in this Grafana: the backup is the only copy');
    expect((await apiRequest(sandbox, 'GET', '/api/search?type=dash-db')).body).toEqual([]);
    const editor = withToken(await editorToken(sandbox));
    const dry = await workspace.cli(['restore', 'redis-exporter', '--dry-run'], editor);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^would restore redis-exporter "Redis" .* from \.dashsync\/backups\/redis-exporter\//)]);
    const { name } = await newestBackup(workspace, 'redis-exporter');
    const namedDry = await workspace.cli(['restore', 'redis-exporter', '--from-backup', `.dashsync/backups/redis-exporter/${name}`, '--dry-run'], editor);
    expect([namedDry.code, namedDry.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^would restore redis-exporter "Redis" /)]);
    const run = await workspace.cli(['restore', 'redis-exporter'], editor);
    expect([run.code, run.stderr, run.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\//)]);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.title).toBe('Redis');
  });

  it('still refuses where the backup does not say its delete was for good (one written before dashsync recorded it)', async () => {
    const { sandbox, workspace, pruned } = await prunedEmptyOrg();
    expect(pruned.code).toBe(0);
    const { name } = await newestBackup(workspace, 'redis-exporter');
    const file = join(workspace.dir, '.dashsync/backups/redis-exporter', name);
    const backup = JSON.parse(await readFile(file, 'utf8'));
    expect(backup.deletedFromLegacySql).toBe(true);
    delete backup.deletedFromLegacySql;
    await writeFile(file, JSON.stringify(backup, null, 2));
    const run = await workspace.cli(['restore', 'redis-exporter'], withToken(await editorToken(sandbox)));
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(/^error: cannot restore redis-exporter: Grafana's "Recently deleted" /)]);
  });
});

// rev-67c L3 (sbx-68): before 12.1 (PR #106767) Grafana listed a "Recently deleted" entry to whoever may read it now, as
// it lists dashboards. An Editor's token on 12.0.x sees the person's delete in a folder that is still there: restore takes that
// copy back, where the 12.1 rule hides it. review-69a M2: on 12.0.x an entry whose folder is gone (its grants with it) is hidden
// too, so a backup "Recently deleted" lists nothing of is refused on both.
describe.each([
  { release: '12.0.2', hidden: false, shown: 'the dashboards they may read now' },
  { release: '12.1.0', hidden: true, shown: 'the dashboards they deleted themselves' },
])('restore on Grafana $release (unified storage), an Editor\'s token, a person\'s rework deleted by someone else', ({ release, hidden, shown }) => {
  it(hidden ? 'refuses the backup: the entry may be hidden' : 'takes the rework back from "Recently deleted": every entry of a folder it may read is listed to it', async () => {
    const { sandbox, workspace } = await appliedWith({ grafanaVersion: '12', release, storage: 'unified' }, 'auto');
    await pruneAway(workspace, POSTGRES);
    expect((await workspace.cli(['restore', UID])).code).toBe(0);
    await editInUi(sandbox, UID, 'two days of work');
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    const editor = withToken(await editorToken(sandbox));

    const dry = await workspace.cli(['restore', UID, '--dry-run'], editor);
    const run = await workspace.cli(['restore', UID], editor);
    if (hidden) {
      expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, expect.stringMatching(new RegExp(`^would not restore ${UID}: Grafana's "Recently deleted" shows these credentials only the dashboards they deleted themselves`))]);
      expect([run.code, run.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(new RegExp(`^error: cannot restore ${UID}: Grafana's "Recently deleted" shows these credentials only`))]);
      expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`)).status).toBe(404);
      return;
    }
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^would restore ${UID} .*Grafana's "Recently deleted"`))]);
    expect([run.code, run.stderr, run.stdout.split('\n')[0]]).toEqual([0, '', expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from Grafana's "Recently deleted" `))]);
    expect((await getDashboard(sandbox, UID)).dashboard.description).toBe('two days of work');
  });

  it('refuses a backup "Recently deleted" lists nothing of: an entry may be hidden', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-trash-rule-')), 'grafana.json');
    onTestFinished(() => rm(dirname(dataFile), { recursive: true, force: true }));
    // Pruned while its dashboards were in legacy SQL storage (a delete for good: a backup, no entry in "Recently deleted")…
    const before = await startTestSandbox({ grafanaVersion: '12', release, storage: 'legacy', dataFile });
    const workspace = await exampleWorkspace(before);
    await useApi(workspace, 'auto');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await commitAll(workspace.dir);
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    await before.close();
    // …then the instance moved to unified storage (opted in; 12.4 moves a small one at startup), on the same address.
    const after = await startTestSandbox({ grafanaVersion: '12', release, storage: 'unified', dataFile, port: before.port });
    const editor = withToken(await editorToken(after));
    const dry = await workspace.cli(['restore', 'redis-exporter', '--dry-run'], editor);
    const run = await workspace.cli(['restore', 'redis-exporter'], editor);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, expect.stringMatching(new RegExp(`^would not restore redis-exporter: Grafana's "Recently deleted" shows these credentials only ${shown}`))]);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(new RegExp(`^error: cannot restore redis-exporter: Grafana's "Recently deleted" shows these credentials only ${shown}`))]);
  });
});

// review-69a M2: Grafana 12.0.x checks a "Recently deleted" entry against the caller's permissions now, and deletes a folder's
// permissions with the folder: after a prune of a whole folder, an Editor's token sees none of its dashboards there. Before, 12.0.x
// was read as "every entry shown", and the Editor's restore put the backup over the copy a person had reworked there.
describe('restore on Grafana 12.0.2 (unified storage) after a prune of a whole folder, an Editor\'s token', () => {
  it('refuses the backup as trash-hidden, run, dry run and JSON, nothing written; the plan of its file put back notes it; an org Admin takes it back', async () => {
    const { sandbox, workspace } = await appliedWith({ grafanaVersion: '12', release: '12.0.2', storage: 'unified' }, 'auto');
    await commitAll(workspace.dir);
    const dir = 'dashboards/platform/databases';
    await rm(join(workspace.dir, dir), { recursive: true });
    // A General-level dashboard too: its own grants (Viewer, Editor) go with it.
    await rm(join(workspace.dir, OVERVIEW));
    await commitAll(workspace.dir, 'databases go');
    expect((await workspace.cli(['apply', '--prune', 'all', '--auto-approve'])).code).toBe(0);
    // The prune's copies wait in "Recently deleted" (an org Admin lists them), their folder gone with its grants.
    const folderless = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-trash%3Dtrue', undefined, adminHeaders());
    expect(folderless.body.items.map((item: any) => item.metadata.name).sort()).toEqual(['platform-overview', 'postgresql-overview', 'redis-exporter']);
    const editor = withToken(await editorToken(sandbox));
    const listed = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-trash%3Dtrue', undefined, bearerHeaders(editor.GRAFANA_TOKEN));
    expect(listed.body.items).toEqual([]);
    sandbox.clearRequests();

    const refused = new RegExp(
      `^${escape(`Grafana's "Recently deleted" shows these credentials only the dashboards they may read now (Grafana 12.0 deletes the permissions of a folder, and of a General-level dashboard, with it), and none of ${UID}: a copy deleted after its backup `)}`,
    );
    const dry = await workspace.cli(['restore', UID, '--dry-run'], editor);
    expect([dry.code, dry.stdout.split('\n')[0]!.replace(`would not restore ${UID}: `, '')]).toEqual([1, expect.stringMatching(refused)]);
    const run = await workspace.cli(['restore', UID], editor);
    expect([run.code, run.stdout, run.stderr.split('\n')[0]!.replace(`error: cannot restore ${UID}: `, '')]).toEqual([1, '', expect.stringMatching(refused)]);
    const json = await workspace.cli(['restore', UID, '--format', 'json'], editor);
    expect(json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'failed')).toMatchObject({ uid: UID, reason: 'trash-hidden', trashSeen: 'readable' });
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);

    // The General-level one's file put back: the Editor's plan notes that it may wait in "Recently deleted", in 12.0's words.
    await git(workspace.dir, 'checkout', 'HEAD~', '--', OVERVIEW);
    const plan = await workspace.cli(['plan'], editor);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `recently deleted: ${OVERVIEW} "Platform Overview" (uid platform-overview) is planned as a create, but the tree held its file before this commit: it may have been deleted in Grafana, ` +
        `whose "Recently deleted" shows these credentials only the entries they may read now (Grafana 12.0 deletes the permissions of a folder, and of a General-level dashboard, with it) (an org Admin's see every one); `,
    );
    await rm(join(workspace.dir, OVERVIEW));

    // An org Admin's credentials see the entry: restore takes it back from "Recently deleted".
    const admin = await workspace.cli(['restore', UID]);
    expect([admin.code, admin.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^restored ${UID} "PostgreSQL" from Grafana's "Recently deleted" `))]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
