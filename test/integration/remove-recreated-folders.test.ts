import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { removeRecreatedFolders } from '../../src/apply/remove-recreated-folders.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

describe.each(GRAFANA_VERSIONS)('removeRecreatedFolders on Grafana %s', (grafanaVersion) => {
  it('deletes the empty ones deepest first; keeps one something went into meanwhile, and the ones above it, saying what is inside', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    for (const [uid, parentUid] of [['outer', ''], ['middle', 'outer'], ['inner', 'middle'], ['side', 'outer']] as const) {
      expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid, title: uid.toUpperCase(), ...(parentUid ? { parentUid } : {}) })).status).toBe(200);
    }
    // Someone saved a dashboard into "side" after restore created it.
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'someone', title: 'Someone' }, folderUid: 'side' })).status).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-cleanup-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const settings = await loadSettings({ flags: { api: 'auto' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const ref = (uid: string) => ({ uid, title: uid.toUpperCase() });
    // As restore created them, top level first; "gone" was deleted by someone in between.
    const cleanup = await removeRecreatedFolders(grafana, [ref('outer'), ref('middle'), ref('inner'), ref('side'), ref('gone')]);
    expect(cleanup.removed).toEqual([ref('inner'), ref('middle')]);
    expect(cleanup.kept.map(({ folder, why }) => [folder.uid, why])).toEqual([
      ['side', 'not empty: 1 dashboard'],
      ['outer', 'not empty: 1 folder, 1 dashboard'], // Grafana counts what lies below, at any depth
    ]);
    for (const uid of ['inner', 'middle']) expect((await apiRequest(sandbox, 'GET', `/api/folders/${uid}`)).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/someone')).status).toBe(200);
  });
});
