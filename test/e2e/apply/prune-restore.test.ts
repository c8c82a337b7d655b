import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { urlSha256 } from '../../../src/config/url-sha256.js';
import { appliedExample } from '../../helpers/applied-example.js';
import { noFileLine } from '../../helpers/restore-lines.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { canonical, exampleWorkspace, getDashboard, readJson, writes, useApi, type Workspace } from './workspace.js';
import type { CliResult } from '../../helpers/run-cli.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';

async function trashUids(sandbox: { url: string }): Promise<string[]> {
  const response = await apiRequest(sandbox, 'GET', '/api/search?deleted=true');
  // Releases without a trash ignore `deleted=true`: only hits marked isDeleted are in the trash.
  return Array.isArray(response.body) ? response.body.filter((hit: { isDeleted?: boolean }) => hit.isDeleted === true).map((hit: { uid: string }) => hit.uid) : [];
}

/** "Recently deleted" as 12 and 13 keep it: on /apis only (empty where it is off, and on 11.2, which has no such list). */
async function apisTrashUids(sandbox: { url: string }, grafanaVersion: string): Promise<string[]> {
  if (grafanaVersion === '11.2') return [];
  const response = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-trash%3Dtrue');
  expect(response.status).toBe(200);
  return (response.body.items as { metadata: { name: string } }[]).map((item) => item.metadata.name);
}

/** What --delete-mode hard does to "Recently deleted" in each release: the test's name says it. */
const HARD_DELETE: Record<string, string> = {
  '11.2': 'deleteMode hard purges the "Recently deleted" entry too; restore then re-posts the backup',
  '12': 'deleteMode hard: "Recently deleted" is off by default, nothing kept there; restore then re-posts the backup',
  '13': 'deleteMode hard: the dashboard stays in "Recently deleted" (13 keeps it on /apis, /api cannot purge it); restore with --api legacy refuses the backup, --from-backup re-posts it',
};

/**
 * restore redis-exporter from its backup, as the apply's closing line (`applied`) says: on 13 through /api, whose "Recently
 * deleted" (on /apis only) may hold it edited after the backup, a plain restore refuses, writing nothing, so the apply names
 * the backup's file (--from-backup), and that command, pasted, puts the backup back (nl-62, fix-62a).
 */
async function restoreFromBackup(workspace: Workspace, grafanaVersion: string, applied: string): Promise<CliResult> {
  const advice = /\(dashsync (restore [^()]*?) puts it back[,)]/.exec(applied)?.[1];
  if (grafanaVersion !== '13') {
    expect(advice).toBe('restore redis-exporter');
    return workspace.cli(['restore', 'redis-exporter']);
  }
  const refused = await workspace.cli(['restore', 'redis-exporter']);
  expect([refused.code, refused.stdout]).toEqual([1, '']);
  expect(refused.stderr).toMatch(/^error: cannot restore redis-exporter: api "legacy" never reads \/apis, where Grafana 13 keeps "Recently deleted", which may hold redis-exporter /);
  const dir = '.dashsync/backups/redis-exporter';
  expect(advice).toBe(`restore redis-exporter --from-backup ${dir}/${(await readdir(join(workspace.dir, dir))).sort().at(-1)!}`);
  return workspace.cli(advice!.split(' '));
}

/** Grafana 12 through /api: whether a delete waits in "Recently deleted" hangs on a storage /api does not show, whatever restoreDashboards says. */
const UNSEEN_12 =
  'Grafana 12 keeps it in "Recently deleted" only if its dashboards are on unified storage, which /api does not show; ' +
  'a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good: count the backup as the only copy (--api auto tells which)';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe.each(GRAFANA_VERSIONS)('prune and restore on Grafana %s', (grafanaVersion) => {
  it('backs up the live JSON before the delete, and restore brings the dashboard back identical', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion });
    const before = await getDashboard(sandbox, 'redis-exporter');
    await rm(join(workspace.dir, REDIS));

    const plan = await workspace.cli(['plan', '--prune']);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 1 to delete, 6 unchanged.');
    expect(plan.stdout).toContain('redis-exporter');

    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', '--prune']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    // 13 through /api: restore refuses the bare uid (it cannot read "Recently deleted"), so the line names the backup's file.
    const advice = grafanaVersion === '13' ? 'redis-exporter --from-backup \\.dashsync/backups/redis-exporter/\\S+\\.json' : 'redis-exporter';
    // The run's time too, for an undo of later runs' deletes (walk-71 L4); not beside the file, which restore --all would refuse.
    const since = grafanaVersion === '13' ? '' : ', as does dashsync restore --all --deleted-since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z';
    expect(applied.stdout).toMatch(new RegExp(`Applied: 0 created, 0 updated, 0 moved, 1 deleted\\nBackups of what was deleted: 1 file under \\.dashsync/backups/ \\(dashsync restore ${advice} puts it back${since}\\)\\n$`));
    // 11.2 (dashboardRestore) and 13 (unified storage) keep it in "Recently deleted"; on 12 it hangs on the storage, which
    // /api does not show (restoreDashboards only shows Grafana's page).
    const trashWords = grafanaVersion === '12' ? UNSEEN_12 : 'Grafana keeps it in "Recently deleted" too';
    expect(applied.stdout).toContain(`deleted: redis-exporter "Redis"; ${trashWords}\n`);
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['DELETE /api/dashboards/uid/redis-exporter']);

    const backupDir = join(workspace.dir, '.dashsync/backups/redis-exporter');
    const files = await readdir(backupDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z-v${before.meta.version}\\.json$`));
    expect(applied.stdout).toContain(`backup: .dashsync/backups/redis-exporter/${files[0]}`);
    const backup = await readJson(join(backupDir, files[0]!));
    expect(backup).toMatchObject({ kind: 'dashsync-backup', formatVersion: 1, uid: 'redis-exporter', version: before.meta.version, folderUid: before.meta.folderUid });
    expect(backup.source).toEqual({ url: sandbox.url, urlSha256: urlSha256(sandbox.url), orgId: 1 }); // the org the run acted in: the credentials' own (none was given)
    expect(backup.dashboard).toEqual(before.dashboard);

    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
    expect(await trashUids(sandbox)).toEqual(grafanaVersion === '11.2' ? ['redis-exporter'] : []);

    const restored = await restoreFromBackup(workspace, grafanaVersion, applied.stdout);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toEqual(
      grafanaVersion === '11.2'
        ? `restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "databases" (ds-databases-ea553557), now version 1\n${noFileLine('redis-exporter')}`
        : expect.stringMatching(new RegExp(`^restored redis-exporter "Redis" from \\.dashsync/backups/redis-exporter/${files[0]!.replace(/\./g, '\\.')} into folder "${before.meta.folderTitle}" \\(${before.meta.folderUid}\\), now version 1\n${escapeRegExp(noFileLine('redis-exporter'))}$`)),
    );
    const after = await getDashboard(sandbox, 'redis-exporter');
    expect(after.status).toBe(200);
    expect(after.meta.folderUid).toBe(before.meta.folderUid);
    expect(canonical(after.dashboard)).toEqual(canonical(before.dashboard));

    // Run again, the restore has nothing to do: no failure (restore --all says the same of a uid Grafana holds).
    const again = await workspace.cli(['restore', 'redis-exporter']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toMatch(/^nothing to restore for redis-exporter: Grafana holds it \(version \d+\), left as it is\n$/);
  });

  it(HARD_DELETE[grafanaVersion]!, async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion });
    const before = await getDashboard(sandbox, 'redis-exporter');
    await rm(join(workspace.dir, REDIS));

    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', '--prune', '--delete-mode', 'hard']);
    // 13 keeps it in "Recently deleted" whatever the mode: one warning line for the run, and the summary says so.
    expect(applied.stderr).toBe(
      grafanaVersion === '13'
        ? 'warning: --delete-mode hard is not honoured on this Grafana: it keeps deleted dashboards in "Recently deleted", and only Grafana 11\'s /api trash can be purged; to remove them for good, empty them from Dashboards > Recently deleted in Grafana\n'
        : grafanaVersion === '12'
          ? 'warning: --delete-mode hard purges nothing on Grafana 12: on its legacy SQL storage (a stock 12) a delete is for good anyway, and on unified storage ' +
            'deleted dashboards stay in "Recently deleted" (empty them from Dashboards > Recently deleted); /api does not show which (--api auto does)\n'
          : '',
    );
    expect(applied.code).toBe(0);
    const deletes = writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    expect(deletes).toEqual(
      grafanaVersion === '11.2'
        ? ['DELETE /api/dashboards/uid/redis-exporter 200', 'DELETE /api/dashboards/uid/redis-exporter/trash 200']
        : ['DELETE /api/dashboards/uid/redis-exporter 200'],
    );
    expect(await trashUids(sandbox)).toEqual([]);
    // Only Grafana 11's /api trash can be purged; 13 keeps it in "Recently deleted" (on /apis) whatever the mode.
    expect(await apisTrashUids(sandbox, grafanaVersion)).toEqual(grafanaVersion === '13' ? ['redis-exporter'] : []);
    const trashWords = { '11.2': 'purged from "Recently deleted" too', '12': UNSEEN_12, '13': 'Grafana keeps it in "Recently deleted" too (not purged: see the warning before the first delete)' }[grafanaVersion];
    expect(applied.stdout).toContain(`deleted: redis-exporter "Redis"; ${trashWords}\n`);
    if (grafanaVersion === '13') expect(applied.stdout).toContain('1 deleted (1 kept in "Recently deleted": --delete-mode hard not honoured)');

    const restored = await restoreFromBackup(workspace, grafanaVersion, applied.stdout);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/.*\.json into folder /);
    expect(restored.stdout.endsWith(`now version 1\n${noFileLine('redis-exporter')}`)).toBe(true);
    expect(canonical((await getDashboard(sandbox, 'redis-exporter')).dashboard)).toEqual(canonical(before.dashboard));
  });

  it('restore says so clearly when there is neither a trash entry nor a backup, and whether "Recently deleted" is on at all', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    const result = await workspace.cli(['restore', 'never-existed']);
    expect(result.code).toBe(1);
    const trash = { '11.2': NO_ENTRY, '12': ONLY_APIS_12_PAGE_OFF, '13': ONLY_APIS }[grafanaVersion];
    expect(result.stderr).toBe(`error: cannot restore never-existed: ${trash}, and there is no backup of it from ${sandbox.url} in .dashsync/backups\n`);
    expect(result.stdout).toBe('');
  });
});

const NO_ENTRY = 'Grafana\'s "Recently deleted" has no entry for it';
const OFF_11 = '"Recently deleted" is switched off in this Grafana (feature toggle dashboardRestore)';
/** From 12 restoreDashboards only shows Grafana's page: the trash was asked through /apis, and the line says what the toggle does. */
const NO_ENTRY_PAGE_OFF =
  'Grafana\'s "Recently deleted" has no entry for it (its page is switched off in this Grafana, feature toggle restoreDashboards, which hides only the page: ' +
  'unified storage keeps deleted dashboards there all the same, legacy SQL storage deletes them for good)';
const ONLY_APIS = 'this Grafana keeps deleted dashboards in "Recently deleted", but takes them back through /apis only: run restore with --api auto';
/** Grafana 12 through /api: whether its "Recently deleted" holds anything hangs on a storage /api does not show. */
const ONLY_APIS_12_PAGE_OFF =
  'this Grafana 12 keeps deleted dashboards in "Recently deleted" (its page is switched off here, which hides only the page) only on unified storage, ' +
  'which /api does not show (a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good), and takes them back through /apis only: run restore with --api auto to ask it';
const ONLY_APIS_12 =
  '"Recently deleted" is on in this Grafana 12, but holds deleted dashboards only on unified storage, which /api does not show ' +
  '(a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good), and takes them back through /apis only: run restore with --api auto to ask it';

describe('restore reads whether "Recently deleted" is on (GET /api/frontend/settings), once per run and only when nothing was found', () => {
  const cases = [
    { grafanaVersion: '11.2', api: 'legacy', features: {}, line: NO_ENTRY },
    { grafanaVersion: '11.2', api: 'legacy', features: { dashboardRestore: false }, line: OFF_11 },
    { grafanaVersion: '12', api: 'legacy', features: {}, line: ONLY_APIS_12_PAGE_OFF },
    { grafanaVersion: '12', api: 'legacy', features: { restoreDashboards: true }, line: ONLY_APIS_12 },
    { grafanaVersion: '12', api: 'k8s', features: {}, line: NO_ENTRY_PAGE_OFF },
    { grafanaVersion: '12', api: 'auto', features: { restoreDashboards: true }, line: NO_ENTRY },
    { grafanaVersion: '13', api: 'legacy', features: { restoreDashboards: false }, line: ONLY_APIS },
    { grafanaVersion: '13', api: 'legacy', features: {}, line: ONLY_APIS },
    { grafanaVersion: '13', api: 'auto', features: {}, line: NO_ENTRY },
    { grafanaVersion: '13', api: 'auto', features: { restoreDashboards: false }, line: NO_ENTRY_PAGE_OFF },
  ] as const;
  it.each(cases)('Grafana $grafanaVersion, api $api, toggles $features', async ({ grafanaVersion, api, features, line }) => {
    const sandbox = await startTestSandbox({ grafanaVersion, features });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    const result = await workspace.cli(['restore', 'never-existed', 'nor-this']);
    expect(result.stderr).toBe(
      ['never-existed', 'nor-this'].map((uid) => `error: cannot restore ${uid}: ${line}, and there is no backup of it from ${sandbox.url} in .dashsync/backups\n`).join(''),
    );
    expect(result.code).toBe(1);
    expect(sandbox.requests().filter((entry) => entry.path === '/api/frontend/settings')).toHaveLength(1);
  });

  it('Grafana 11.2: an Editor may not use the trash routes (org Admins only), and the line says so', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    const token = await sandbox.createToken('Editor');
    const result = await workspace.cli(['restore', 'never-existed'], { GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token });
    expect(result.stderr).toBe(
      'error: cannot restore never-existed: these credentials may not take dashboards back from Grafana\'s "Recently deleted" (HTTP 403; in Grafana 11 it is for org Admins), ' +
        `and there is no backup of it from ${sandbox.url} in .dashsync/backups\n`,
    );
    expect(result.code).toBe(1);
  });

  it('plan, an apply without deletes and a restore that finds its dashboard do not read the settings; an apply that deletes reads them once', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    const settingsReads = () => sandbox.requests().filter((entry) => entry.path === '/api/frontend/settings').length;
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await rm(join(workspace.dir, REDIS));
    await rm(join(workspace.dir, 'dashboards/applications/checkout/checkout-logs.json'));
    expect((await workspace.cli(['plan', '--prune'])).code).toBe(0);
    expect(settingsReads()).toBe(0);
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    expect(settingsReads()).toBe(1);
    sandbox.clearRequests();
    expect((await workspace.cli(['restore', 'redis-exporter'])).stdout).toBe(`restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "databases" (ds-databases-ea553557), now version 1\n${noFileLine('redis-exporter')}`);
    expect(settingsReads()).toBe(0);
  });
});

describe('restore: what to give it, and where nothing is found', () => {
  it('without a uid: one usage line saying what to give, and no request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    const result = await workspace.cli(['restore']);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, '', 'error: name at least one uid to restore: dashsync restore <uid…> (or --all: every uid backed up and absent in Grafana)\n']);
    expect(sandbox.requests()).toEqual([]);
  });

  it('a uid Grafana could not hold (a path, a space): one usage line naming it, no request, no backup read outside the backup directory', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    const result = await workspace.cli(['restore', 'redis-exporter', '../../etc']);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      '',
      'error: "../../etc" is not a Grafana uid (letters, digits, "-" and "_" only); nothing was restored\n',
    ]);
    expect(sandbox.requests()).toEqual([]);
  });
});
