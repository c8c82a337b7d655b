import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { emptyWorkspace, getDashboard, workspaceAt, writes } from '../e2e/apply/workspace.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test applies the example tree, prunes and runs restore several times (spawned-free: in-process CLI).
vi.setConfig({ testTimeout: 120_000 });

const CHECKOUT = 'dashboards/applications/checkout';

describe('restore --dry-run says where each uid would come from', () => {
  it('Grafana 13 through /apis: "Recently deleted" for the pruned dashboards (--all and one uid), which the real run then takes; nothing written', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, CHECKOUT);
    sandbox.clearRequests();

    const all = await workspace.cli(['restore', '--all', '--dry-run']);
    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout).toMatch(/^would restore checkout-api-red "Checkout API" into folder "checkout" \(\S+\), which no longer exists and would be created again from the backup from Grafana's "Recently deleted" \(deleted \S+ by "admin"; with its id; its version history starts again, without the versions before the delete\); its newest backup: taken \S+$/m);

    const one = await workspace.cli(['restore', 'checkout-logs', '--dry-run', '--format', 'json']);
    expect([one.code, one.stderr]).toEqual([0, '']);
    const lines = one.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['start', 'would-restore', 'result']);
    expect(lines[0]).toMatchObject({ uids: ['checkout-logs'], all: false, dryRun: true });
    expect(lines[1]).toMatchObject({ kind: 'dashboard', uid: 'checkout-logs', from: 'recently-deleted', backup: null, reason: null });
    expect(lines[2]).toMatchObject({ dryRun: true, exitCode: 0, text: 'Dry run: nothing was restored. Run the same command without --dry-run to restore it.' });
    expect(writes(sandbox)).toEqual([]);

    const restored = await workspace.cli(['restore', 'checkout-logs']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(/^restored checkout-logs "Checkout Logs" from Grafana's "Recently deleted" into folder "checkout" \(ds-checkout-52c08ff5\) under "applications" \(ds-applications-fd54e5a8\), which no longer existed and was created again from the backup, as was "applications" \(ds-applications-fd54e5a8\), now version 1\n/);
    // As the dry run said: its history starts again at the restore (unified storage lists it from the latest delete on).
    const history = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/checkout-logs/versions');
    expect(history.body.versions.map((entry: { version: number }) => entry.version)).toEqual([1]);
  });

  it('Grafana 12 through /api: one uid from its backup file; a uid Grafana holds and one nothing holds are named, exit 1 as the run would', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);
    const backup = await newestBackup(workspace, 'checkout-logs');
    sandbox.clearRequests();

    const dry = await workspace.cli(['restore', 'checkout-logs', 'redis-exporter', 'never-was', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^would restore checkout-logs "[^"]+" into folder "checkout" \\(\\S+\\), which no longer exists and would be created again from the backup \\(backed up \\S+\\) from \\.dashsync/backups/checkout-logs/${backup.name.replace(/\./g, '\\.')}$`)),
      'would not restore redis-exporter: Grafana holds it now (nothing to restore)',
      `would not restore never-was: there is no backup of it from ${sandbox.url} in .dashsync/backups/, and this run does not take dashboards back from Grafana's "Recently deleted" (switched off, or not through this API); dashsync restore never-was says what can be done`,
      'Dry run: nothing was restored. Without --dry-run, 1 of the uids above would not be restored and the run would fail (exit 1); it would restore 1 of them, and leave the 1 Grafana holds as it is.',
      '',
    ]);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'checkout-logs')).status).toBe(404);
  });

  // On the old code the dry run said "would restore" (exit 0), and the run then refused it.
  it('Grafana 13: a "Recently deleted" dashboard whose folder is gone and that no backup names: the dry run says the run would refuse it, as the run then does', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'redis', title: 'Redis', panels: [] }, folderUid: 'team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis')).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/team')).status).toBe(200);
    const dir = await emptyWorkspace();
    const workspace = workspaceAt(dir, sandbox);
    const why = `Grafana's "Recently deleted" holds it, but the folder it was deleted from no longer exists, and no backup of it from ${sandbox.url} in .dashsync/backups/ names that folder; run restore with --folder <uid of an existing folder>, or take it back on Grafana's "Recently deleted" page, choosing a folder`;

    const dry = await workspace.cli(['restore', 'redis', '--dry-run']);
    expect([dry.code, dry.stdout, dry.stderr]).toEqual([1, `would not restore redis: ${why}\nDry run: nothing was restored. Without --dry-run, 1 of the uids above would not be restored and the run would fail (exit 1).\n`, '']);
    const json = await workspace.cli(['restore', 'redis', '--dry-run', '--format', 'json']);
    expect(JSON.parse(json.stdout.split('\n')[1]!)).toMatchObject({ type: 'would-restore', uid: 'redis', folderUid: 'team', folderGone: 'not-restored', from: null, reason: 'trash-folder-gone' });

    const run = await workspace.cli(['restore', 'redis']);
    expect([run.code, run.stderr]).toEqual([1, `error: cannot restore redis: ${why.replace('.dashsync/backups/', '.dashsync/backups')}\n`]);
  });

  // On the old code the dry run named the backup's folder (and "Recently deleted" with no folder at all).
  it('--folder: the dry run names the folder --folder puts each uid into, from a backup and from "Recently deleted", as the run then does', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, CHECKOUT);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' })).status).toBe(200);
    sandbox.clearRequests();

    const dry = await workspace.cli(['restore', 'checkout-logs', '--dry-run', '--folder', 'elsewhere']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toMatch(/^would restore checkout-logs "Checkout Logs" into folder "Elsewhere" \(elsewhere\) from Grafana's "Recently deleted" \(deleted \S+ by "admin"; with its id; its version history starts again, without the versions before the delete\); its newest backup: taken \S+$/m);
    const json = await workspace.cli(['restore', 'checkout-logs', '--dry-run', '--folder', 'general', '--format', 'json']);
    expect(JSON.parse(json.stdout.split('\n')[1]!)).toMatchObject({ uid: 'checkout-logs', folderUid: null, folderTitle: null, folderGone: null, text: expect.stringMatching(/ into the General level /) });
    expect(writes(sandbox)).toEqual([]);
    // A folder that does not exist stops the dry run as it stops the run.
    const missing = await workspace.cli(['restore', 'checkout-logs', '--dry-run', '--folder', 'nowhere']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/^error: folder nowhere does not exist in /)]);

    const restored = await workspace.cli(['restore', 'checkout-logs', '--folder', 'elsewhere']);
    expect([restored.code, restored.stdout.split('\n')[0]]).toEqual([0, `restored checkout-logs "Checkout Logs" from Grafana's "Recently deleted" into folder "Elsewhere" (elsewhere), now version 1`]);
  });

  it('--folder with a dashboard only "Recently deleted" holds (no backup): its line names that folder', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'redis', title: 'Redis', panels: [] }, folderUid: 'team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis')).status).toBe(200);
    const workspace = workspaceAt(await emptyWorkspace(), sandbox);

    const dry = await workspace.cli(['restore', 'redis', '--dry-run', '--folder', 'general']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([
      0,
      expect.stringMatching(new RegExp(`^would restore redis into the General level from Grafana's "Recently deleted" \\(deleted \\S+ by "admin"; with its id; its version history starts again, without the versions before the delete\\) \\(no backup of it from ${sandbox.url.replaceAll('.', '\\.')} in \\.dashsync/backups/\\)$`)),
    ]);
  });

  it('Grafana 11, whose "Recently deleted" list names no folder that is gone: without a backup, the dry run says the run refuses it if its folder is gone', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'redis', title: 'Redis', panels: [] }, folderUid: 'team' })).status).toBe(200);
    // Grafana 11 moves a deleted folder's dashboards to "Recently deleted".
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/team')).status).toBe(200);
    const workspace = workspaceAt(await emptyWorkspace(), sandbox);

    const dry = await workspace.cli(['restore', 'redis', '--dry-run', '--api', 'legacy']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([
      0,
      `would restore redis from Grafana's "Recently deleted" (with its id and version history; if the folder it was deleted from is gone, the run refuses it, as no backup names that folder (Grafana 11's list does not say which folder that is)) (no backup of it from ${sandbox.url} in .dashsync/backups/)`,
    ]);
    const run = await workspace.cli(['restore', 'redis', '--api', 'legacy']);
    expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/^error: cannot restore redis: Grafana's "Recently deleted" holds it, but the folder it was deleted from no longer exists/)]);
  });
});

// audit-ux-20 M-1, L-2, L-8, M-2: the dry run of a run that would fail on a backup says so and exits 1, as the run does.
describe('restore --dry-run of a backup the run cannot take', () => {
  it('an unreadable newest backup: "would not restore", named at line:col, not counted, exit 1; the run fails on the same line', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);
    const backup = await newestBackup(workspace, 'checkout-logs');
    // A bad copy: the file cut off inside a string on its second line.
    await writeFile(backup.path, '{\n  "kind": "dashsync-backup", "uid": "checkout-lo');
    sandbox.clearRequests();
    // Named as the shell reaches it from the cwd, as other file errors are (pull-restore-54: it was absolute).
    const unreadable = `.dashsync/backups/checkout-logs/${backup.name}:2:37: not a readable dashsync backup (unterminated string); fix it and run restore again (it is checkout-logs's only backup here: moving it away leaves nothing to restore checkout-logs from)`;

    const dry = await workspace.cli(['restore', '--all', '--dry-run']);
    expect(dry.code).toBe(1);
    const lines = dry.stdout.split('\n');
    expect(lines[0]).toBe(`restore --all: 1 to restore (1 dashboard) from the backups from ${sandbox.url} in .dashsync/backups/, none of them in Grafana now; 1 more the run would not restore (below)`);
    expect(lines, dry.stdout).toContain(`would not restore checkout-logs: ${unreadable}`);
    expect(lines.at(-2)).toMatch(/^Dry run: nothing was restored\. Without --dry-run, 1 of the uids above would not be restored and the run would fail \(exit 1\); it would restore the other 1\.$/);
    const json = await workspace.cli(['restore', '--all', '--dry-run', '--format', 'json']);
    const jsonLines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(jsonLines.find((line) => line.uid === 'checkout-logs')).toMatchObject({ type: 'would-restore', reason: 'unreadable-backup' });
    expect(jsonLines.at(-1)).toMatchObject({ type: 'result', exitCode: 1 });
    expect(writes(sandbox)).toEqual([]);

    const run = await workspace.cli(['restore', 'checkout-logs']);
    expect([run.code, run.stderr]).toEqual([1, `error: cannot restore checkout-logs: ${unreadable}\n`]);
  });

  // pull-restore-54: a uid Grafana holds needs no restore, whatever its backup; main took one whose newest backup cannot be
  // read for a uid to restore, and the dry run of --all failed (exit 1) over a dashboard already back.
  it('an unreadable newest backup of a uid Grafana holds now: nothing to restore, exit 0 (dry run and run), a warning naming the file', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);
    const back = await workspace.cli(['restore', '--all']);
    expect([back.code, back.stderr]).toEqual([0, '']);
    const backup = await newestBackup(workspace, 'checkout-logs');
    await writeFile(backup.path, '{\n  "kind": "dashsync-backup", "uid": "checkout-lo');
    sandbox.clearRequests();
    const flaw = `.dashsync/backups/checkout-logs/${backup.name}:2:37: not a readable dashsync backup (unterminated string)`;
    const warning =
      `warning: ${flaw}: the newest backup of checkout-logs, which Grafana holds now (nothing to restore); ` +
      "fix it or move it away, or a restore of checkout-logs after a delete that writes no backup (in Grafana's UI, say) stops on it";

    for (const args of [['restore', '--all', '--dry-run'], ['restore', '--all']]) {
      const run = await workspace.cli(args);
      expect([run.code, run.stderr], run.stdout).toEqual([0, '']);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toMatch(/^restore --all: nothing to restore: no uid in the backups from \S+ in \.dashsync\/backups\/ is absent in Grafana; \d+ Grafana holds now, left as they are$/);
      expect(lines).toContain(warning);
    }
    const json = await workspace.cli(['restore', '--all', '--dry-run', '--format', 'json']);
    const jsonLines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(jsonLines.find((line) => line.type === 'selection')).toMatchObject({ toRestore: [], wouldNotRestore: [], unreadableBackups: [{ kind: 'dashboard', uid: 'checkout-logs', problem: flaw }] });
    expect(jsonLines.at(-1)).toMatchObject({ type: 'result', exitCode: 0 });

    const one = await workspace.cli(['restore', 'checkout-logs', '--dry-run']);
    expect([one.code, one.stdout.split('\n')[0]]).toEqual([0, `would not restore checkout-logs: Grafana holds it now (nothing to restore); ${warning}`]);
    expect(writes(sandbox)).toEqual([]);
  });

  it('Grafana 13: an unreadable newest backup of a dashboard "Recently deleted" holds refuses nothing: the dry run says the run takes it from there, exit 0, as the run does (review-53b R2)', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, `${CHECKOUT}/checkout-logs.json`);
    const backup = await newestBackup(workspace, 'checkout-logs');
    await writeFile(backup.path, '{\n  "kind": "dashsync-backup", "uid": "checkout-lo');
    sandbox.clearRequests();
    const unreadable = `${relative(workspace.dir, backup.path)}:2:37: not a readable dashsync backup (unterminated string); fix it and run restore again (it is checkout-logs's only backup here: moving it away leaves nothing to restore checkout-logs from)`;

    const dry = await workspace.cli(['restore', 'checkout-logs', '--dry-run']);
    expect([dry.code, dry.stderr], dry.stdout).toEqual([0, '']);
    expect(dry.stdout.replace(/ \(deleted \S+ by "admin"; with its id;/, ' (with its id;').split('\n')).toEqual([
      `would restore checkout-logs from Grafana's "Recently deleted" (with its id; its version history starts again, without the versions before the delete); its newest local backup, which this run does not read, is broken: ${unreadable}`,
      'Dry run: nothing was restored. Run the same command without --dry-run to restore it.',
      '',
    ]);
    const all = await workspace.cli(['restore', '--all', '--dry-run', '--format', 'json']);
    const jsonLines = all.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(jsonLines.find((line) => line.uid === 'checkout-logs')).toMatchObject({ type: 'would-restore', from: 'recently-deleted', reason: null });
    expect(jsonLines.at(-1)).toMatchObject({ type: 'result', exitCode: 0 });
    expect(writes(sandbox)).toEqual([]);

    const run = await workspace.cli(['restore', 'checkout-logs']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^restored checkout-logs "Checkout Logs" from Grafana's "Recently deleted" /);
  });

  it('a newest backup whose uid was edited by hand is not passed over for an older one: the dry run and the run name it', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);
    const backup = await newestBackup(workspace, 'checkout-logs');
    const copy = join(dirname(backup.path), backup.name.replace(/^\d{4}/, '2999'));
    await writeFile(copy, JSON.stringify({ ...backup.backup, uid: 'checkout-copy', dashboard: { ...backup.backup.dashboard, uid: 'checkout-copy' } }, null, 2));
    sandbox.clearRequests();
    const named = `${relative(workspace.dir, copy)} holds uid "checkout-copy", not checkout-logs, though it is in checkout-logs's backups (edited by hand?); put "uid": "checkout-logs" back and run restore again, or move it away to restore checkout-logs from its next older backup (1 older backup of it from this Grafana and org in its directory)`;

    const dry = await workspace.cli(['restore', 'checkout-logs', '--dry-run']);
    expect([dry.code, dry.stdout.split('\n')[0]]).toEqual([1, `would not restore checkout-logs: ${named}`]);
    const run = await workspace.cli(['restore', 'checkout-logs']);
    expect([run.code, run.stderr]).toEqual([1, `error: cannot restore checkout-logs: ${named}\n`]);
    expect(writes(sandbox)).toEqual([]);
  });

  it('the config\'s backupDir missing on this machine (git-ignored, a fresh clone) stops no restore that needs none: "Recently deleted" and --from-backup restore; one that restores nothing fails, saying why (review-53b R1)', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    const configPath = join(workspace.dir, 'dashsync.config.json');
    const configText = JSON.stringify({ ...JSON.parse(await readFile(configPath, 'utf8')), backupDir: 'ops/backups' }, null, 2);
    await writeFile(configPath, configText);
    // The messages name the key where the file writes it (line:col of "backupDir").
    const keyLine = configText.split('\n').findIndex((line) => line.includes('"backupDir"'));
    const from = `"backupDir" in dashsync.config.json:${keyLine + 1}:${configText.split('\n')[keyLine]!.indexOf('"backupDir"') + 1}`;
    await pruneAway(workspace, `${CHECKOUT}/checkout-logs.json`);
    await pruneAway(workspace, 'dashboards/platform/databases/postgresql.json');
    // As on a fresh clone: the backups stayed on the machine that pruned.
    const saved = join(workspace.dir, 'saved-backups');
    await rename(join(workspace.dir, 'ops/backups'), saved);
    const pgBackup = join(saved, 'postgresql-overview', (await readdir(join(saved, 'postgresql-overview')))[0]!);

    const dry = await workspace.cli(['restore', 'checkout-logs', '--dry-run']);
    expect([dry.code, dry.stderr], dry.stdout).toEqual([0, '']);
    expect(dry.stdout.split('\n')[0]!.replace(/ \(deleted \S+ by "admin"; with its id;/, ' (with its id;')).toBe(`would restore checkout-logs from Grafana's "Recently deleted" (with its id; its version history starts again, without the versions before the delete) (no backup of it from ${sandbox.url} in ops/backups/)`);
    const all = await workspace.cli(['restore', '--all', '--dry-run']);
    expect([all.code, all.stdout.split('\n')[0]]).toEqual([1, `restore --all: no backup to restore: ops/backups/ (${from}) does not exist on this machine (no apply has backed up a delete here)`]);
    // The JSON form says it as data: the start line's backupDirMissing, whether --all or uids.
    for (const args of [['restore', '--all'], ['restore', 'no-such-uid']]) {
      const json = await workspace.cli([...args, '--format', 'json']);
      const lines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
      expect([json.code, lines[0], lines.at(-1)]).toEqual([1, expect.objectContaining({ type: 'start', backupDir: 'ops/backups', backupDirMissing: true }), expect.objectContaining({ type: 'result', exitCode: 1 })]);
    }
    const none = await workspace.cli(['restore', 'no-such-uid']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`note: ops/backups (${from}) does not exist on this machine: no apply has backed up a delete here, so there is no backup here to restore from\n`);

    const run = await workspace.cli(['restore', 'checkout-logs']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^restored checkout-logs "Checkout Logs" from Grafana's "Recently deleted" /);
    const named = await workspace.cli(['restore', 'postgresql-overview', '--from-backup', pgBackup]);
    expect([named.code, named.stderr]).toEqual([0, '']);
    expect((await getDashboard(sandbox, 'postgresql-overview')).status).toBe(200);
  });

  it('--backup-dir that does not exist: one line naming it, exit 1, no request; the default directory missing is no error', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    sandbox.clearRequests();
    for (const args of [['--all'], ['--all', '--dry-run'], ['checkout-logs']]) {
      const run = await workspace.cli(['restore', ...args, '--backup-dir', 'artifacts/backups']);
      expect([run.code, run.stdout, run.stderr]).toEqual([1, '', 'error: backup directory artifacts/backups does not exist (check --backup-dir); nothing was restored\n']);
    }
    expect(sandbox.requests()).toEqual([]);
    const none = await workspace.cli(['restore', '--all']);
    // walk-69 L3: the prunes were CI's, whose backups are in the apply job's artifact.
    expect([none.code, none.stdout]).toEqual([
      0,
      `restore --all: nothing to restore: no backup from ${sandbox.url} in .dashsync/backups/\n` +
        "note: a prune applied in CI keeps its backups in the apply job's artifact (dashsync-backups-…): download it, then run dashsync restore --all --backup-dir DIR with DIR the directory it was unpacked into\n",
    ]);
  });

  // walk-68b L2: its apply said `"Recently deleted" is off in this Grafana: the backup is the only copy`, and the dry run with
  // the same Editor token hedged `(unless "Recently deleted" holds it: its list could not be read …)`: the settings say it is off.
  it('Grafana 11.2 with "Recently deleted" off, an Editor token that may not list it: the dry run names the backup without the hedge', async () => {
    const { sandbox, workspace } = await appliedExample('11.2', 'legacy', { dashboardRestore: false });
    await pruneAway(workspace, CHECKOUT);
    const editor = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };

    const dry = await workspace.cli(['restore', 'checkout-logs', '--dry-run'], editor);

    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toMatch(/^would restore checkout-logs "[^"]+" .* from \.dashsync\/backups\/checkout-logs\/\S+\.json\n/);
    expect(dry.stdout).not.toContain('Recently deleted');
  });
});
