import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { readNewestSaveMessage } from '../../src/plan/read-foreign-pushes.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * fixl-70 (pull13-70): `api: auto` opens its port on first use (deferPort), which offered readSaveMessage whatever port it
 * became. `/apis` keeps a save's message as given, so its port has none; behind the deferred one, a newest save whose
 * message begins with "Initial save" (read again on `/api`, whose history rewrites a first version's) came back null.
 */
describe.each(['12', '13'] as const)('the newest save message through api auto (Grafana %s)', (grafanaVersion) => {
  it('is the message as saved, also where it begins with "Initial save"', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    onTestFinished(() => sandbox.close());
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-save-message-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const message = 'Initial save of the reworked board, from staging';
    for (const [version, saved] of [[undefined, 'first'], [1, message]] as const) {
      const response = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'svc', title: 'Service', panels: [], version }, message: saved, overwrite: false });
      expect(response.status, response.text).toBe(200);
    }
    for (const api of ['auto', 'k8s'] as const) {
      const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
      const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
      onTestFinished(() => grafana.close());
      await grafana.checkAccess();
      expect(grafana.api, api).toBe('k8s');
      const live = await grafana.getDashboard('svc');
      expect(live?.version).toBe(2);
      expect(await readNewestSaveMessage(grafana, { ...live!, lastSave: { ...live!.lastSave, byDashsync: false } }), api).toBe(message);
    }
  });
});
