import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard, writes } from '../e2e/apply/workspace.js';
import { git } from '../pull/pull-fixture.js';

type Line = Record<string, any>;

/** Every stdout line parsed: a line that is not one JSON object fails the test. */
function jsonLines(stdout: string): Line[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Line);
}

const CHECKOUT = 'dashboards/applications/checkout';
/** The checkout folder's model files in the example workspace (its resource file is not copied). */
const CHECKOUT_FILES = ['checkout-api', 'checkout-logs'].map((name) => `${CHECKOUT}/${name}.json`);

describe('restore --format json', () => {
  it('--all --dry-run, then --all: a start line, the selection, one line per uid (title, folder, backup and its source, version), the no-file advice grouped for removals not committed, a result line', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);

    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', '--all', '--dry-run', '--format', 'json']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    const planned = jsonLines(dry.stdout);
    expect(planned.map((line) => line.type)).toEqual(['start', 'selection', 'would-restore', 'would-restore', 'result']);
    expect(planned[0]).toMatchObject({ formatVersion: 1, output: 'dashsync restore --format json', uids: null, all: true, dryRun: true, backupSource: sandbox.url, backupDir: '.dashsync/backups', backupDirMissing: false, fromBackup: null });
    expect(planned[1]).toMatchObject({ present: 0, older: 0, deletedSince: null, elsewhere: [], otherEnvironments: [] });
    expect(planned[1]!.toRestore.map((entry: Line) => entry.uid)).toEqual(['checkout-api-red', 'checkout-logs']);
    expect(planned[1]!.text).toMatch(/^restore --all: 2 to restore \(2 dashboards\) from the backups from /);
    expect(planned[2]).toMatchObject({
      kind: 'dashboard',
      uid: 'checkout-api-red',
      title: 'Checkout API',
      folderTitle: 'checkout',
      deletedAt: expect.any(String),
      nameTakenBy: null,
      from: 'backup',
      backup: expect.stringMatching(/^\.dashsync\/backups\/checkout-api-red\/.*-v\d+\.json$/),
      otherEnvironment: null,
      reason: null,
      folderGone: 'created-again',
    });
    expect(planned[2]!.text).toBe(`would restore checkout-api-red "Checkout API" into folder "checkout" (${planned[2]!.folderUid}), which no longer exists and would be created again from the backup (backed up ${planned[2]!.deletedAt}) from ${planned[2]!.backup}`);
    expect(planned.at(-1)).toEqual({
      type: 'result',
      dryRun: true,
      counts: { restored: { dashboards: 0, libraryPanels: 0 }, present: 0, failed: 0, unknown: 0, notStarted: 0 },
      unknown: [],
      notStarted: [],
      interrupted: false,
      stoppedBy: null,
      stopReason: null,
      retried: null,
      text: 'Dry run: nothing was restored. Run the same command without --dry-run to restore these 2.',
      exitCode: 0,
    });
    expect(writes(sandbox)).toEqual([]);

    const run = await workspace.cli(['restore', '--all', '--format', 'json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => line.type)).toEqual(['start', 'selection', 'restored', 'restored', 'no-file', 'result']);
    const api = lines[2]!;
    const { backup } = await newestBackup(workspace, 'checkout-api-red');
    expect(api).toMatchObject({
      kind: 'dashboard',
      uid: 'checkout-api-red',
      title: backup.dashboard.title,
      from: 'backup',
      folderUid: backup.folderUid,
      backup: expect.stringMatching(/^\.dashsync\/backups\/checkout-api-red\/.*\.json$/),
      backupSource: sandbox.url,
      versionBefore: null,
      versionAfter: 1,
    });
    // The folder was gone (the prune emptied and deleted it): the text says it was created again, the line names it.
    expect(api.text).toBe(
      `restored checkout-api-red "Checkout API" from ${api.backup} into folder "checkout" (${backup.folderUid}) under "applications" (${backup.folderParents[0].uid}), ` +
        `which no longer existed and was created again from the backup, as was "applications" (${backup.folderParents[0].uid}), now version 1`,
    );
    expect((await getDashboard(sandbox, 'checkout-api-red')).status).toBe(200);

    // The two files were deleted and the deletion not committed: one line for them, with the command that gives them all back.
    expect(lines[4]).toEqual({
      type: 'no-file',
      uids: ['checkout-api-red', 'checkout-logs'],
      text:
        '2 restored have no file in the tree, and a prune that covers them deletes them again; their files were deleted, not committed (2 dashboards): ' +
        `git checkout HEAD -- ${CHECKOUT_FILES.join(' ')} brings them back as committed`,
    });
    expect(lines.at(-1)).toMatchObject({ type: 'result', dryRun: false, counts: { restored: { dashboards: 2, libraryPanels: 0 }, foldersCreated: 2, present: 0, failed: 0 }, interrupted: false, text: 'Restore: 2 restored, 2 folders created again', exitCode: 0 });
    // The command the line names gives the files back, and nothing else changes.
    await git(workspace.dir, 'checkout', 'HEAD', '--', ...CHECKOUT_FILES);
    expect(await git(workspace.dir, 'status', '--porcelain', '--', 'dashboards')).toBe('');
  });

  it('a uid Grafana holds is skipped, a backup from another URL fails naming --backup-source (which restores it), and no raw control character reaches stdout', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, 'dashboards/platform/databases/redis.json');
    // A title with a terminal escape and a bidi override, as Grafana may hold one.
    const { path } = await newestBackup(workspace, 'redis-exporter');
    const backup = JSON.parse(await readFile(path, 'utf8'));
    backup.dashboard.title = 'Redis \u001b[31mred\u001b[0m \u202egnp.exe';
    await writeFile(path, JSON.stringify(backup));

    const otherUrl = { GRAFANA_URL: sandbox.url.replace('127.0.0.1', 'localhost') };
    const elsewhere = await workspace.cli(['restore', 'redis-exporter', 'postgresql-overview', '--format', 'json'], otherUrl);
    expect([elsewhere.code, elsewhere.stderr]).toEqual([1, '']);
    const [start, redis, postgres, result] = jsonLines(elsewhere.stdout);
    expect(start).toMatchObject({ type: 'start', uids: ['redis-exporter', 'postgresql-overview'], all: false, backupSource: otherUrl.GRAFANA_URL });
    expect(postgres).toMatchObject({ type: 'skipped', kind: 'dashboard', uid: 'postgresql-overview', reason: 'exists', versionBefore: 1, versionAfter: null, text: 'nothing to restore for postgresql-overview: Grafana holds it (version 1), left as it is' });
    expect(redis).toMatchObject({ type: 'failed', kind: 'dashboard', uid: 'redis-exporter', reason: 'not-found', elsewhere: [{ source: `${sandbox.url} org 1`, backup: expect.stringMatching(/^\.dashsync\/backups\/redis-exporter\//) }] });
    expect(redis!.text).toContain(`if that is this Grafana under another URL, run dashsync restore redis-exporter --backup-source ${sandbox.url}; to restore it here anyway, run dashsync restore redis-exporter --from-backup .dashsync/backups/redis-exporter/`);
    expect(result).toMatchObject({ type: 'result', counts: { restored: { dashboards: 0, libraryPanels: 0 }, present: 1, failed: 1 }, text: 'Restore: 0 restored; 1 already in Grafana, 1 failed', exitCode: 1 });

    // The command the line names brings it back, its title as JSON escapes it, never a raw ESC or bidi control on stdout.
    const back = await workspace.cli(['restore', 'redis-exporter', '--backup-source', sandbox.url, '--format', 'json'], otherUrl);
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect(back.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(back.stdout).toContain('"title":"Redis \\u001b[31mred\\u001b[0m \\u202egnp.exe"');
    const restored = jsonLines(back.stdout).find((line) => line.type === 'restored')!;
    expect(restored).toMatchObject({ uid: 'redis-exporter', title: backup.dashboard.title, backupSource: sandbox.url, versionAfter: 1 });
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);
  });

  it("counts retries as apply's JSON does: a retry line naming the uid (the trash PATCH's too), the result's `retried`; the text run's note on stderr", async () => {
    // Grafana 11.2 with "Recently deleted" on: restore takes the dashboard back with a PATCH of its trash entry.
    const { sandbox, workspace } = await appliedExample('11.2', 'legacy', { dashboardRestore: true });
    await pruneAway(workspace, 'dashboards/platform/databases/redis.json');
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/redis-exporter/trash', methods: ['PATCH'], script: [{ kind: 'status', status: 503 }] });
    const run = await workspace.cli(['restore', 'redis-exporter', '--format', 'json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => line.type)).toEqual(['start', 'retry', 'restored', 'no-file', 'result']);
    expect(lines[1]).toMatchObject({ kind: 'dashboard', uid: 'redis-exporter', method: 'PATCH', path: '/api/dashboards/uid/redis-exporter/trash', attempt: 1, reason: 'HTTP 503' });
    expect(lines[2]).toMatchObject({ uid: 'redis-exporter', from: 'recently-deleted' });
    expect(lines.at(-1)).toMatchObject({ retried: { requests: 1, retries: 1, reasons: { '503': 1 } }, exitCode: 0 });

    // The text run: the same count as apply's note, on stderr (its file is still gone: the prune deletes it again).
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/redis-exporter/trash', methods: ['PATCH'], script: [{ kind: 'status', status: 503 }] });
    const text = await workspace.cli(['restore', 'redis-exporter']);
    expect([text.code, text.stderr]).toEqual([0, 'note: 1 request retried (503: 1)\n']);
  });

  it('an error once stdout has a line ends it with an error result line; before it, stdout is empty', async () => {
    const { workspace } = await appliedExample('12');
    const before = await workspace.cli(['restore', '--format', 'json']);
    expect([before.code, before.stdout]).toEqual([1, '']);
    expect(before.stderr).toMatch(/^error: name at least one uid to restore/);

    const missingFolder = await workspace.cli(['restore', 'redis-exporter', '--folder', 'nope', '--format', 'json']);
    expect(missingFolder.code).toBe(1);
    expect(missingFolder.stderr).toMatch(/^error: folder nope does not exist in /);
    const [start, end] = jsonLines(missingFolder.stdout);
    expect(start).toMatchObject({ type: 'start', uids: ['redis-exporter'] });
    expect(end).toMatchObject({ type: 'result', error: { message: expect.stringMatching(/^folder nope does not exist in /) }, ended: [], unknownInFlight: [], notStarted: 1, notStartedUids: ['redis-exporter'], exitCode: 1 });
  });
});
