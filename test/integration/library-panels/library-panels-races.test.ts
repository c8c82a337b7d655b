import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeLibraryPanelHolders } from '../../../src/grafana/library-elements/judge-library-panel-holders.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { orphanConnectionsOf } from '../../helpers/orphan-connection.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { createLegacyPort } from '../../../src/grafana/legacy/create-legacy-port.js';
import { appliedLibraryTree, createStrayLibraryPanel, libraryWorkspace, ref } from './library-tree.js';

/** A folder only org Admins can see, holding dashboard `uid` that uses library panel `panelUid`. */
async function hiddenUser(sandbox: SandboxHandle, uid: string, panelUid: string): Promise<void> {
  expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'secret', title: 'Secret' })).status).toBe(200);
  expect((await apiRequest(sandbox, 'POST', '/api/folders/secret/permissions', { items: [] })).status).toBe(200);
  const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: 'Hidden', panels: [ref(1, panelUid, `Stray ${panelUid}`)] }, folderUid: 'secret' });
  expect(saved.status).toBe(200);
}

const dashboardReads = (sandbox: SandboxHandle, uid: string) => sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path === `/api/dashboards/uid/${uid}`).length;

describe('library panels on Grafana 11.6: holders the token cannot see, and holders that change between plan and apply', () => {
  it('a library panel a dashboard hidden from the token uses is kept by the plan, which says so (Grafana counts it but lists it only to those who may read it)', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2', release: '11.6.0' });
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    await hiddenUser(sandbox, 'hidden', 'lp-stray');
    const token = await sandbox.createToken('Editor');
    // The Editor is shown no connection of lp-stray, but Grafana counts one.
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-stray/connections', undefined, { authorization: `Bearer ${token}` })).body.result).toEqual([]);

    const planned = await ws.cli(['plan', '--prune'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect([planned.code, planned.stderr]).toEqual([0, '']);
    expect(planned.stdout).toContain(
      'library panel lp-stray "Stray lp-stray" has no file, and Grafana counts 1 connection to it: 1 it does not list to these credentials ' +
        '(dashboards they cannot read, or rows left by dashboards deleted long ago, which Grafana\'s delete ignores; plan as an org Admin (a user, or a token of that role), who is shown every connection, ' +
        'to have it deleted if none is a dashboard); not deleted (Grafana refuses to delete a library panel in use)',
    );
    expect(planned.stdout).not.toContain('Library panels: 1 to delete');

    // A saved plan made before the hidden dashboard took the panel: apply says why Grafana refuses, with nothing deleted.
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/hidden');
    await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/hidden/trash');
    expect((await ws.cli(['plan', '--prune', '--out', 'plan.json'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined })).stdout).toContain('Library panels: 1 to delete.');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'hidden', title: 'Hidden', panels: [ref(1, 'lp-stray', 'Stray lp-stray')] }, folderUid: 'secret' });
    expect(saved.status).toBe(200);
    const applied = await ws.cli(['apply', 'plan.json'], { GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });
    expect(applied.stdout).toContain(
      'skipped: lp-stray: library panel kept: Grafana counts a dashboard that uses it which these credentials cannot see, and Grafana refuses to delete a library panel in use\n',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-stray')).status).toBe(200);
  });

  it('a holder taken back from "Recently deleted" after the plan keeps the panel: apply reads each holder once and names it as new since the plan', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2', release: '11.6.0' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    // Already in "Recently deleted" when the plan is made: on 11.6 they do not keep lp-mem, so the plan deletes it.
    for (const uid of ['a1', 'b1']) expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    const planned = await ws.cli(['plan', '--prune', 'all', '--out', 'plan.json']);
    expect(planned.stdout).toContain('- delete        library panel "Memory" (uid lp-mem, live version 1) in "Team B"');

    expect((await apiRequest(sandbox, 'PATCH', '/api/dashboards/uid/b1/trash', {})).status).toBe(200);
    const before = dashboardReads(sandbox, 'b1');
    const applied = await ws.cli(['apply', 'plan.json']);
    expect(applied.stdout).toContain(
      'skipped: lp-mem: library panel kept: dashboards still use it (new since the plan, saved with it or taken back from "Recently deleted": b1 "B one"), ' +
        'and Grafana refuses to delete a library panel in use\n',
    );
    // One read of the holder tells live from trashed (it was two: one to decide, one to word the reason).
    expect(dashboardReads(sandbox, 'b1') - before).toBe(1);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(200);
  });

  it('dashboards already in "Recently deleted" when the plan is made let the panel go on 11.6: apply finds them there and its deleted line says what a restore then needs', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2', release: '11.6.0' });
    for (const file of ['team-b/_library/mem.json', 'team-b/b1.json', 'team-a/a1.json']) await rm(join(ws.dir, 'dashboards', file));
    for (const uid of ['a1', 'b1']) expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    const applied = await ws.cli(['apply', '--prune', 'all']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain(
      'deleted: library panel lp-mem "Memory"; dashboards a1, b1 wait in Grafana\'s "Recently deleted" and no longer hold it (Grafana 11.6 and later let go): ' +
        'one taken back from there needs dashsync restore lp-mem first, or it shows an error in its place\n',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-mem')).status).toBe(404);
  });

  it('judgeLibraryPanelHolders tells a live holder, one in "Recently deleted" and one the credentials cannot read apart, one read each', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '11.2', release: '11.6.0' });
    await hiddenUser(sandbox, 'hidden', 'lp-cpu');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/a2')).status).toBe(200);
    const port = createLegacyPort(portClientOptions(sandbox, { token: await sandbox.createToken('Editor') }));
    const judged = await judgeLibraryPanelHolders(port, ['a1', 'a2', 'hidden', 'a1'], { concurrency: 2 });
    expect(Object.fromEntries(judged)).toEqual({ a1: { state: 'live', title: 'A one' }, a2: { state: 'trashed' }, hidden: { state: 'unreadable' } });
  });

  it.each(['user', 'service account token'] as const)('as an org Admin (%s), a library panel whose only connection is a row of a dashboard that no longer exists is pruned: Grafana counts it, lists it to no one, and its delete drops it', async (credentials) => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-orphan-')), 'grafana.json');
    const before = await startTestSandbox({ grafanaVersion: '11.2', release: '11.6.0', dataFile });
    expect((await apiRequest(before, 'POST', '/api/folders', { uid: 'team-a', title: 'Team A' })).status).toBe(200);
    await createStrayLibraryPanel(before, 'lp-orphan', 'team-a');
    expect((await apiRequest(before, 'POST', '/api/dashboards/db', { dashboard: { uid: 'gone', title: 'Gone', panels: [ref(1, 'lp-orphan', 'Stray lp-orphan')] } })).status).toBe(200);
    await before.close();
    await orphanConnectionsOf(dataFile, 'gone');

    const sandbox = await startTestSandbox({ grafanaVersion: '11.2', release: '11.6.0', dataFile });
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-orphan')).body.result.meta.connectedDashboards).toBe(1);
    const ws = await libraryWorkspace(sandbox);
    // A token cannot read its own role: its permissions (every dashboard and folder) tell Grafana lists it everything.
    const env = credentials === 'user' ? {} : { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const planned = await ws.cli(['plan', '--prune', 'all'], env);
    expect([planned.code, planned.stderr]).toEqual([0, '']);
    expect(planned.stdout).toMatch(/- delete +library panel "Stray lp-orphan" \(uid lp-orphan, live version 1\) in "Team A"/);
    expect(planned.stdout).not.toContain('lp-orphan "Stray lp-orphan" has no file');
    const applied = await ws.cli(['apply', '--prune', 'all'], env);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-orphan')).status).toBe(404);
  });
});

describe.each(['12', '13'] as const)('library panels on Grafana %s: a holder the token cannot see', (grafanaVersion) => {
  it('keeps the panel for an Editor token, which Grafana shows no connection to it but counts one, and names the holder to an Admin token', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion });
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    await hiddenUser(sandbox, 'hidden', 'lp-stray');
    const asToken = async (role: 'Editor' | 'Admin') => ({ GRAFANA_TOKEN: await sandbox.createToken(role), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });

    const planned = await ws.cli(['plan', '--prune'], await asToken('Editor'));
    expect([planned.code, planned.stderr]).toEqual([0, '']);
    expect(planned.stdout).toContain('library panel lp-stray "Stray lp-stray" has no file, and Grafana counts 1 connection to it: 1 it does not list to these credentials (');
    expect(planned.stdout).not.toContain('Library panels: 1 to delete');

    const byAdmin = await ws.cli(['plan', '--prune'], await asToken('Admin'));
    expect(byAdmin.stdout).toContain('library panel lp-stray "Stray lp-stray" has no file but is used by 1 dashboard: hidden "Hidden"; not deleted (Grafana refuses to delete a library panel in use)');
  });
});
