import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { restoreDashboard } from '../../src/apply/restore-dashboards.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Grafana 11 gives a dashboard back from "Recently deleted" into its old folder only: `restore --folder general` then
// saves it on to the General level. When that save is refused, the error names the command to finish the move with the
// run's selection, so that it can be pasted as printed.
describe('restore --folder general on Grafana 11, when the move out of its old folder meets a save in between', () => {
  it('names dashsync apply with the run selection (--env)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'redis', title: 'Redis', panels: [] }, folderUid: 'team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis')).status).toBe(200);

    const dir = await mkdtemp(join(tmpdir(), 'dashsync-move-general-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const token = await sandbox.createToken('Admin');
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 409 }] });
    const restoring = restoreDashboard('redis', { grafana, backupDir: settings.backupDir, message: 'dashsync: restore', into: null, selection: { environment: 'prod' } });
    await expect(restoring).rejects.toThrow(/^dashboard redis is back in its old folder team, but was not moved to the General level \(someone saved it in between\); move it there in Grafana, or run dashsync apply --env prod$/);
    // It is back all the same, in its old folder.
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis')).body.meta.folderUid).toBe('team');
  });
});
