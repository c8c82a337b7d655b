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
    expect(all.stdout).toMatch(/^would restore checkout-api-red "Checkout API" into folder "checkout" \(\S+\), which no longer exists and would be created again from the backup \(deleted \S+\) from Grafana's "Recently deleted" \(with its id and version history\)$/m);

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
  });

  it('Grafana 12 through /api: one uid from its backup file; a uid Grafana holds and one nothing holds are named, exit 1 as the run would', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);
    const backup = await newestBackup(workspace, 'checkout-logs');
    sandbox.clearRequests();

    const dry = await workspace.cli(['restore', 'checkout-logs', 'redis-exporter', 'never-was', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^would restore checkout-logs "[^"]+" into folder "checkout" \\(\\S+\\), which no longer exists and would be created again from the backup \\(deleted \\S+\\) from \\.dashsync/backups/checkout-logs/${backup.name.replace(/\./g, '\\.')}$`)),
      'would not restore redis-exporter: Grafana holds it now (nothing to restore)',
      `would not restore never-was: there is no backup of it from ${sandbox.url} in .dashsync/backups/, and this run does not take dashboards back from Grafana's "Recently deleted" (switched off, or not through this API); dashsync restore never-was says what can be done`,
      'Dry run: nothing was restored. Without --dry-run, 2 of the uids above would not be restored and the run would fail (exit 1); it would restore the other 1.',
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
    expect(dry.stdout).toMatch(/^would restore checkout-logs "Checkout Logs" into folder "Elsewhere" \(elsewhere\) \(deleted \S+\) from Grafana's "Recently deleted" \(with its id and version history\)$/m);
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
      `would restore redis into the General level from Grafana's "Recently deleted" (with its id and version history) (no backup of it from ${sandbox.url} in .dashsync/backups/)`,
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
