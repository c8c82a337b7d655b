import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { writes } from '../../e2e/apply/workspace.js';
import { createStrayLibraryPanel, dashboard, LIBRARY_TREE, libraryWorkspace, ref, writeFiles } from './library-tree.js';

async function saveDashboard(sandbox: SandboxHandle, uid: string, folderUid: string, panels: unknown[]): Promise<void> {
  const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: `Outside ${uid}`, panels }, folderUid, overwrite: true });
  expect(saved.status).toBe(200);
}

describe.each(GRAFANA_VERSIONS)('library panels: prune and dangling references against Grafana %s', (grafanaVersion) => {
  it('prune deletes a stray library panel in a managed folder after backing it up, and never one a dashboard uses (the plan names it)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' });
    await createStrayLibraryPanel(sandbox, 'lp-stray', 'team-a');
    await createStrayLibraryPanel(sandbox, 'lp-held', 'team-b');
    await createStrayLibraryPanel(sandbox, 'lp-unmanaged', 'elsewhere');
    await saveDashboard(sandbox, 'outside', 'elsewhere', [ref(1, 'lp-held', 'Stray lp-held')]);

    const planned = await ws.cli(['plan', '--prune']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Library panels: 1 to delete.');
    expect(planned.stdout).toContain('- delete        library panel "Stray lp-stray" (uid lp-stray, live version 1) in "Team A"; no file in the tree (backed up before delete)');
    expect(planned.stdout).toContain(
      'library panel lp-held "Stray lp-held" has no file but is used by 1 dashboard: outside "Outside outside"; not deleted (Grafana refuses to delete a library panel in use)',
    );
    expect(planned.stdout).not.toContain('lp-unmanaged');

    const applied = await ws.cli(['apply', '--prune']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Library panels: 1 deleted');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-stray')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-held')).status).toBe(200);
    const backups = await readdir(join(ws.dir, '.dashsync/backups/library-panels/lp-stray'));
    expect(backups).toHaveLength(1);
    const backup = JSON.parse(await readFile(join(ws.dir, '.dashsync/backups/library-panels/lp-stray', backups[0]!), 'utf8'));
    expect(backup).toMatchObject({ kind: 'dashsync-library-panel-backup', uid: 'lp-stray', folderUid: 'team-a', element: { uid: 'lp-stray', name: 'Stray lp-stray', model: { title: 'lp-stray' } } });
  });

  it('a library panel connected after the plan is kept at apply, which names the dashboard that holds it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await createStrayLibraryPanel(sandbox, 'lp-late', 'team-a');
    expect((await ws.cli(['plan', '--prune', '--out', 'plan.json'])).stdout).toContain('Library panels: 1 to delete.');
    await saveDashboard(sandbox, 'late-user', 'team-b', [ref(1, 'lp-late', 'Stray lp-late')]);

    const applied = await ws.cli(['apply', 'plan.json']);
    // 11.x reads each holder (its title comes with it); elsewhere the uid is what Grafana's connections give.
    const named = grafanaVersion === '11.2' ? 'late-user "Outside late-user"' : 'late-user';
    expect(`${applied.stdout}${applied.stderr}`).toContain(
      `library panel kept: dashboards still use it (new since the plan, saved with it or taken back from "Recently deleted": ${named}), ` +
        'and Grafana refuses to delete a library panel in use',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-late')).status).toBe(200);
  });

  it('a dashboard whose library panel is neither in the tree nor in Grafana is an error (file:line:col) before any write', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, { ...LIBRARY_TREE, 'dashboards/team-b/b2.json': dashboard('b2', 'B two', [ref(1, 'lp-nowhere', 'Gone')]) });
    sandbox.clearRequests();
    const planned = await ws.cli(['apply']);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(
      'dashboards/team-b/b2.json:14:23: error: uses library panel "lp-nowhere", which is neither in the tree (a _library/ directory) nor in Grafana',
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('a live library panel outside the tree is fine without prune, and an error with --prune all unless listed as external', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createStrayLibraryPanel(sandbox, 'lp-live', '');
    const ws = await libraryWorkspace(sandbox, { ...LIBRARY_TREE, 'dashboards/b3.json': dashboard('b3', 'B three', [ref(1, 'lp-live', 'Stray lp-live')]) });
    expect((await ws.cli(['plan'])).code).toBe(0);
    const all = await ws.cli(['plan', '--prune', 'all']);
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('uses library panel "lp-live" ("Stray lp-live"), which is in Grafana but not in the tree, where prune (all) would delete it');
    // Each way out, pasteable: the pull that writes its file (just that panel), or, to delete it, the reference gone.
    expect(all.stderr).toContain(
      'add its file (dashsync pull lp-live writes it), or list it under "externalLibraryPanels" in dashsync.config.json; to delete the panel, take it out of this dashboard (library-panel-not-in-tree)',
    );
    // Found once Grafana's library panels were read: reads were sent, no write (F11).
    expect(all.stderr).toContain('error: 1 error in the dashboards tree; nothing was written to Grafana. Fix the files above and run again.');
    // The hint names the config file in use.
    await writeFiles(ws.dir, { 'ops/team.json': { root: '../dashboards' } });
    const named = await ws.cli(['plan', '--prune', 'all', '--config', 'ops/team.json']);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('add its file (dashsync pull --config ops/team.json lp-live writes it), or list it under "externalLibraryPanels" in ops/team.json');
    await writeFiles(ws.dir, { 'dashsync.config.json': { root: 'dashboards', externalLibraryPanels: ['lp-live'] } });
    const external = await ws.cli(['plan', '--prune', 'all']);
    expect(external.code).toBe(0);
    expect(external.stdout).not.toContain('lp-live');
  });
});
