import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { restoreDashboard } from '../../src/apply/restore-dashboards.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyEvent } from '../../src/report/render-apply-event.js';
import { renderDashboardRestore } from '../../src/report/render-restore-line.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/**
 * As an admin sets it up in Grafana: "Platform" (platform) open to org Admins only, "Databases" (databases) below it
 * shared with Editors, and "Team" (team) with Grafana's defaults. An Editor's token then reads databases and its
 * dashboards, but not the folder above it (Grafana: GET /api/folders/platform → 403, folders:read).
 */
const PUSHED = 'dashsync: abc123 seed [content sha256:0123456789abcdef as admin]';

async function hiddenParent(grafanaVersion: '11.2' | '12' | '13', api: 'legacy' | 'auto' = 'legacy') {
  // 11.2 as it ships ("Recently deleted" off), so that the restore below re-posts the backup on every release.
  const sandbox = await startTestSandbox({ grafanaVersion, ...(grafanaVersion === '11.2' ? { features: { dashboardRestore: false } } : {}) });
  const admin = (method: string, path: string, body?: unknown) => apiRequest(sandbox, method, path, body);
  expect((await admin('POST', '/api/folders', { uid: 'platform', title: 'Platform' })).status).toBe(200);
  expect((await admin('POST', '/api/folders/platform/permissions', { items: [] })).status).toBe(200);
  expect((await admin('POST', '/api/folders', { uid: 'databases', title: 'Databases', parentUid: 'platform' })).status).toBe(200);
  expect((await admin('POST', '/api/folders/databases/permissions', { items: [{ role: 'Editor', permission: 2 }] })).status).toBe(200);
  expect((await admin('POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
  for (const [uid, folderUid] of [['redis', 'databases'], ['api', 'team']] as const) {
    // Pushed by dashsync (its note names the saver): prune through /api on 12+ deletes only what dashsync pushed.
    const saved = await admin('POST', '/api/dashboards/db', { dashboard: { uid, title: uid.toUpperCase(), panels: [] }, folderUid, message: PUSHED });
    expect(saved.status).toBe(200);
  }
  const token = await sandbox.createToken('Editor');
  const editor = { authorization: `Bearer ${token}` };
  expect((await apiRequest(sandbox, 'GET', '/api/folders/platform', undefined, editor)).status).toBe(403);
  expect((await apiRequest(sandbox, 'GET', '/api/folders/databases', undefined, editor)).status).toBe(200);

  const dir = await mkdtemp(join(tmpdir(), 'dashsync-chain-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashboards', 'home.json'), `${JSON.stringify({ panels: [], title: 'Home', uid: 'home' }, null, 2)}\n`);
  const settings = await loadSettings({ flags: { api, prune: 'all', concurrency: 1 }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { sandbox, dir, settings, grafana };
}

// 12 through /apis too: folder.grafana.app answers the hidden folder with its authorizer's 403 (12 keeps no trash, so
// the restore below re-posts the backup there as well).
describe.each([
  ['11.2', 'legacy', '/api/folders/platform'],
  ['12', 'legacy', '/api/folders/platform'],
  ['13', 'legacy', '/api/folders/platform'],
  ['12', 'auto', '/apis/folder.grafana.app/v1beta1/namespaces/default/folders/platform'],
] as const)('a prune whose credentials cannot read a folder above the dashboard (Grafana %s, api: %s)', (grafanaVersion, apiMode, hiddenPath) => {
  it('writes the backup and deletes, with one warning line naming the folder and what it means for a restore; restore then says why it went to General', async () => {
    const { sandbox, dir, settings, grafana } = await hiddenParent(grafanaVersion, apiMode);
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.actions.filter((action) => action.action === 'delete').map((action) => action.uid).sort()).toEqual(['api', 'redis']);

    const lines: string[] = [];
    const result = await applyPlan({
      plan,
      settings,
      grafana,
      message: 'dashsync: test',
      force: false,
      onEvent: (event) => {
        const line = renderApplyEvent(event, { cwd: dir });
        if (line) lines.push(`${line.stream} ${line.line}`);
      },
    });
    expect(result.failures).toEqual([]);
    expect(result.deleted.sort()).toEqual(['api', 'redis']);

    const backupOf = async (uid: string) => {
      const name = (await readdir(join(dir, '.dashsync/backups', uid)))[0]!;
      return { name, backup: JSON.parse(await readFile(join(dir, '.dashsync/backups', uid, name), 'utf8')) };
    };
    const redis = await backupOf('redis');
    const api = await backupOf('api');
    // Nothing is lost: the backup holds the dashboard and its folder, only the chain above is missing.
    expect(redis.backup).toMatchObject({ uid: 'redis', folderUid: 'databases', folderTitle: 'Databases', dashboard: { uid: 'redis', title: 'REDIS' } });
    expect('folderParents' in redis.backup).toBe(false);
    expect(api.backup.folderParents).toEqual([]);

    const of = (uid: string) => lines.filter((line) => line.includes(`.dashsync/backups/${uid}/`) || line.includes(` ${uid} `) || line.includes(`of ${uid} `));
    expect(of('redis')).toEqual([
      `stdout backup: .dashsync/backups/redis/${redis.name}`,
      'stderr warning: the backup of redis records no folders above its folder: folder platform above its folder databases could not be read, ' +
        `these credentials cannot read it (GET ${hiddenPath}: HTTP 403); if folder databases is gone when redis is restored from this backup, ` +
        'it goes to the General level instead of being created again where it was (the backup is written; grant these credentials View on platform to record the chain)',
      expect.stringMatching(/^stdout deleted: redis "REDIS"/),
    ]);
    expect(lines.filter((line) => line.startsWith('stderr'))).toHaveLength(1);

    // The folder goes later (at the UI); the restore keeps today's General and says why.
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/databases')).status).toBe(200);
    // 13 through /api puts a backup back only where the operator names it (--from-backup): its "Recently deleted" may hold a newer copy (nl-62).
    const backupDir = join(settings.backupDir, 'redis');
    const path = join(backupDir, (await readdir(backupDir)).sort().at(-1)!);
    const given = grafanaVersion === '13' ? { given: { path, backup: JSON.parse(await readFile(path, 'utf8')) } } : {};
    const outcome = await restoreDashboard('redis', { grafana, backupDir: settings.backupDir, message: 'dashsync: restore', ...given });
    expect(renderDashboardRestore(outcome, dir).text).toMatch(
      /^restored redis "REDIS" from \.dashsync\/backups\/redis\/[^ ]+\.json into the General level, now version \d+ \(its folder Databases \(databases\) was not found or is not readable with these credentials, and the backup records no folders above it to create it again under: /,
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis')).body.meta.folderUid).toBe('');
  });
});
