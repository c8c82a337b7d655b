import { afterEach, describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { closeClients, portFor } from './client-fixture.js';

afterEach(closeClients);

/** Grafana 11.2 with "Recently deleted" on, holding dashboard `trashed-cpu` "CPU" in General. */
async function sandboxWithTrashedCpu() {
  const sandbox = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: true } });
  expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'trashed-cpu', title: 'CPU', panels: [] } })).status).toBe(200);
  expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/trashed-cpu')).status).toBe(200);
  return sandbox;
}

const create = (uid: string, title: string) => ({ model: { uid, title, panels: [] }, folderUid: null, message: 'dashsync: test', expect: 'absent' as const });

describe('a create Grafana 11.2 refuses because "Recently deleted" holds its title or uid', () => {
  it('names the trashed dashboard that holds the title, and what to do (Admin credentials can list the trash)', async () => {
    const sandbox = await sandboxWithTrashedCpu();
    const outcome = await portFor(sandbox).saveDashboard(create('new-cpu', 'CPU'));
    expect(outcome).toEqual({
      kind: 'refused',
      message:
        `the title is held by dashboard trashed-cpu in Grafana's "Recently deleted", which keeps its title taken in the folder in Grafana 11: ` +
        `rename this dashboard, take that one back with dashsync restore trashed-cpu, or delete it for good on Grafana's "Recently deleted" page`,
    });
  });

  it('with an Editor token (the trash cannot be listed) says an Admin can see it, for a title and for a uid', async () => {
    const sandbox = await sandboxWithTrashedCpu();
    const editor = portFor(sandbox, { auth: { kind: 'token', token: await sandbox.createToken('Editor') } });
    expect(await editor.saveDashboard(create('new-cpu', 'CPU'))).toEqual({
      kind: 'refused',
      message:
        `a dashboard of this title exists in the folder, perhaps in Grafana's "Recently deleted", which keeps its title taken in Grafana 11; ` +
        `only an org Admin can see it there: rename this dashboard, or ask an Admin to restore or delete that one for good`,
    });
    expect(await editor.saveDashboard(create('trashed-cpu', 'CPU again'))).toEqual({
      kind: 'refused',
      message:
        `dashboard trashed-cpu is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11, and only an org Admin may take it back: ` +
        `run dashsync restore trashed-cpu with an Admin's token, then dashsync apply; have an Admin delete it for good on Grafana's "Recently deleted" page; or give the file another uid`,
    });
  });

  it('a title a live dashboard holds is not blamed on the trash', async () => {
    const sandbox = await sandboxWithTrashedCpu();
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'live-mem', title: 'Memory', panels: [] } })).status).toBe(200);
    await expect(portFor(sandbox).saveDashboard(create('new-mem', 'Memory'))).rejects.toThrow(/HTTP 412: A dashboard with the same name in the folder already exists/);
  });
});
