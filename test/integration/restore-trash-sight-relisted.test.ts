import { tmpdir } from 'node:os';
import { describe, expect, it, onTestFinished } from 'vitest';
import { trashMayHideNewerCopy } from '../../src/apply/restore-dashboards.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { GrafanaPort } from '../../src/grafana/port.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { adminHeaders, apiRequest, editorToken, startTestSandbox } from '../helpers/sandbox.js';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** A restore's port on Grafana 13 (/apis) as `token` (admin/admin without), keeping "Recently deleted" (restore's KeptTrash). */
async function restorePort(sandbox: Sandbox, token?: string): Promise<GrafanaPort> {
  const auth = token === undefined ? { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } : { GRAFANA_TOKEN: token };
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, ...auth }, cwd: tmpdir() });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: { ...NO_RETRY_WAITS } });
  onTestFinished(() => grafana.close());
  grafana.keepRecentlyDeleted();
  return grafana;
}

async function saved(sandbox: Sandbox, uid: string): Promise<void> {
  expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid, schemaVersion: 41, panels: [] } }, adminHeaders())).status).toBe(200);
}

/** Every later GET of the org's dashboard list (the trash list included) answered 500, until `off()`. */
function failDashboardLists(sandbox: Sandbox): void {
  sandbox.setFaults({ pathPrefix: '/apis/dashboard.grafana.app/', methods: ['GET'], errorRate: 1, errorStatus: 500 });
}

describe('restore\'s view of "Recently deleted" follows the port\'s listing as it is listed again (Grafana 13, /apis)', () => {
  // rev-70b L2: the hidden-trash check kept its first answer for the port's life; after a write whose outcome is unknown
  // (forget) the listing is read again, yet a list that had failed still refused later uids as "could not be listed".
  it('an Editor\'s check says "unread" while the list fails, and "own" once it is listed again after a delete', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    for (const uid of ['one', 'two']) await saved(sandbox, uid);
    const grafana = await restorePort(sandbox, await editorToken(sandbox));
    expect(await grafana.dashboardPermissions()).not.toBeNull();
    await grafana.describeServer();

    failDashboardLists(sandbox);
    expect(await trashMayHideNewerCopy(grafana)).toEqual({ seen: 'unread', why: expect.stringContaining('500') });
    sandbox.setFaults(undefined);
    // A delete adds an entry: the port lists again (KeptTrash.forget).
    expect(await grafana.deleteDashboard('one', { purge: false })).toBe(true);
    expect(await trashMayHideNewerCopy(grafana)).toEqual({ seen: 'own' });

    expect(await grafana.deleteDashboard('two', { purge: false })).toBe(true);
    failDashboardLists(sandbox);
    expect(await trashMayHideNewerCopy(grafana)).toEqual({ seen: 'unread', why: expect.stringContaining('500') });
  });

  // rev-70b L3: trashStorageUntold was worked out again on each read of the kept listing, so a take-back that emptied it
  // turned it true mid-run (an org that lists no dashboard leaves the storage untold).
  it('an empty org: trashStorageUntold keeps the fetched list\'s answer when the run\'s take-back empties the kept copy', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    await saved(sandbox, 'gone');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/gone', undefined, adminHeaders())).status).toBe(200);
    const grafana = await restorePort(sandbox);

    const listed = await grafana.recentlyDeletedEntries();
    expect(listed instanceof Map ? [...listed.keys()] : listed).toEqual(['gone']);
    expect(grafana.trashStorageUntold?.()).toBe(false);

    expect(await grafana.restoreFromTrash('gone')).toBe('restored');
    sandbox.clearRequests();
    const after = await grafana.recentlyDeletedEntries();
    expect(after instanceof Map ? after.size : after).toBe(0);
    expect(sandbox.requests().filter((entry) => decodeURIComponent(entry.path).includes('get-trash'))).toEqual([]);
    expect(grafana.trashStorageUntold?.()).toBe(false);
  });
});
