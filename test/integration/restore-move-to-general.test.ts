import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { restoreDashboard } from '../../src/apply/restore-dashboards.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { renderDashboardRestore } from '../../src/report/render-restore-line.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/** Grafana 11 with folder "Team" (team) whose dashboards `uids` were deleted into "Recently deleted". */
async function trashedInTeam(uids: readonly string[]): Promise<{ sandbox: SandboxHandle; dir: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
  expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
  for (const uid of uids) {
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: `Title ${uid}`, panels: [] }, folderUid: 'team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-move-general-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return { sandbox, dir };
}

const folderOf = async (sandbox: SandboxHandle, uid: string) => ((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body.meta.folderUid as string) || null;

// Grafana 11 gives a dashboard back from "Recently deleted" into its old folder only: `restore --folder general` then
// saves it on to the General level. When that save does not go through, the dashboard is back all the same: its line
// says where it is and what to do, and the other uids go on.
describe('restore --folder general on Grafana 11, when the move out of its old folder does not go through', () => {
  it('one uid\'s line says it is back in its old folder, not moved, and names dashsync apply with the run selection (--env)', async () => {
    const { sandbox, dir } = await trashedInTeam(['redis']);
    const token = await sandbox.createToken('Admin');
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 409 }] });
    const selection = { environment: 'prod' };
    const outcome = await restoreDashboard('redis', { grafana, backupDir: settings.backupDir, message: 'dashsync: restore', into: null, selection });
    expect(outcome).toMatchObject({ kind: 'restored-not-moved', folder: { uid: 'team', title: 'Team' }, why: 'someone saved it in between' });
    expect(renderDashboardRestore(outcome, dir, selection)).toEqual({
      text:
        'error: restored redis "Title redis" from Grafana\'s "Recently deleted" into its old folder "Team" (team), now version 1 (Grafana 11 gives it back into a folder only), ' +
        'but did not move it to the General level: someone saved it in between; move it there in Grafana, or run dashsync apply --env prod',
      error: true,
    });
    expect(await folderOf(sandbox, 'redis')).toBe('team');
  });

  // On the old code the 409's plain Error ended the run (the uids after it never ran), and the 403 was a "failed" line that
  // did not say the dashboard was back.
  it('a move refused (409, 403) is that uid\'s own line; the uids after it are restored; exit 1', async () => {
    const { sandbox, dir } = await trashedInTeam(['alpha', 'bravo', 'charlie']);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 409 }, { kind: 'status', status: 403 }] });

    const run = await runCliInProcess(['restore', 'alpha', 'bravo', 'charlie', '--folder', 'general', '--api', 'legacy'], {
      cwd: dir,
      env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' },
    });

    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^error: restored alpha "Title alpha" from Grafana's "Recently deleted" into its old folder "Team" \(team\), now version 1 \(.*\), but did not move it to the General level: someone saved it in between; move it there in Grafana, or run dashsync apply --api legacy$/),
      expect.stringMatching(/^error: restored bravo "Title bravo" from Grafana's "Recently deleted" into its old folder "Team" \(team\), now version 1 \(.*\), but did not move it to the General level: POST \/api\/dashboards\/db failed: HTTP 403.*; move it there in Grafana, or run dashsync apply --api legacy$/),
      '',
    ]);
    expect(run.stdout).toMatch(/^restored charlie "Title charlie" from Grafana's "Recently deleted" into its old folder \(Grafana 11 gives it back into a folder only\) and moved it to the General level, now version 2\n/m);
    expect(run.stdout).toMatch(/^Restore: 1 restored; 2 failed$/m);
    expect([await folderOf(sandbox, 'alpha'), await folderOf(sandbox, 'bravo'), await folderOf(sandbox, 'charlie')]).toEqual(['team', 'team', null]);

    // JSON: each of those uids is a failure of its own, with where it is now.
    for (const uid of ['alpha', 'bravo']) await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 403 }] });
    const json = await runCliInProcess(['restore', 'alpha', 'bravo', '--folder', 'general', '--api', 'legacy', '--format', 'json'], {
      cwd: dir,
      env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' },
    });
    const lines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines[1]).toMatchObject({ type: 'failed', kind: 'dashboard', uid: 'alpha', reason: 'restored-not-moved', from: 'recently-deleted', folderUid: 'team', folderTitle: 'Team', versionAfter: 1 });
    expect(lines[2]).toMatchObject({ type: 'restored', uid: 'bravo', folderUid: null });
    expect(lines.at(-1)).toMatchObject({ type: 'result', counts: { restored: { dashboards: 1 }, failed: 1 }, exitCode: 1 });
  });
});
