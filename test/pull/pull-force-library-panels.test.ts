import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, GRAFANA_VERSIONS, libraryPanelRef, lines, makeWorkDir, saveDashboard } from './pull-fixture.js';

const hint = (files: string, uids: string) =>
  `error: ${files}: ${files.startsWith('1 ') ? 'it' : 'each'} may hold work of yours, and Grafana changed too (refused, above). To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), then run dashsync pull --force ${uids} (--force copies a file git does not hold to .dashsync/pull-backups/ first); to merge the two instead, run the commands after "To merge by hand, run:" on ${files.startsWith('1 ') ? 'its line above, where it says so' : 'the lines above, where they say so'}. To keep yours: dashsync plan shows what apply would overwrite in Grafana`;

// The closing hint named the refused dashboards only: a refused library panel was left out (and `pull --force <uid>`
// did not take a library panel's uid), while `pull --force <dashboard>` overwrote the library panels that dashboard
// uses without their being named.
describe.each(GRAFANA_VERSIONS)('pull --force <uid…> and refused library panels, against Grafana %s', (grafanaVersion) => {
  it('the hint names the refused library panel; pull --force <dashboard> leaves it; pull --force <panel uid> takes it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createFolder(sandbox, { uid: 'ops', title: 'Ops' });
    await createLibraryPanel(sandbox, 'lp-cpu', 'ops');
    await saveDashboard(sandbox, { uid: 'node', title: 'Node', panels: [libraryPanelRef(1, 'lp-cpu')] }, 'ops');
    const dir = await makeWorkDir();
    expect((await dashsync(sandbox, dir, ['pull'])).code).toBe(0);
    await commitAll(dir);
    const dashboardPath = join(dir, 'dashboards/ops/node.json');
    const panelPath = join(dir, 'dashboards/ops/_library/panel-lp-cpu.json');

    // Edits here, not committed; and both changed in Grafana by someone else.
    const myDashboard = (await readFile(dashboardPath, 'utf8')).replace('"title": "Node"', '"title": "Node (mine)"');
    const myPanel = (await readFile(panelPath, 'utf8')).replace('"title": "lp-cpu"', '"title": "mine"');
    await writeFile(dashboardPath, myDashboard);
    await writeFile(panelPath, myPanel);
    await saveDashboard(sandbox, { uid: 'node', title: 'Node (theirs)', panels: [libraryPanelRef(1, 'lp-cpu')] }, 'ops');
    const token = await sandbox.createToken('Editor');
    const patched = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: 1, model: { type: 'stat', title: 'theirs' } }, bearerHeaders(token));
    expect(patched.status).toBe(200);

    const refused = await dashsync(sandbox, dir, ['pull']);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr).at(-1)).toBe(hint('2 files were not written', 'lp-cpu node'));
    // The refused panel is counted with the library panels, the refused dashboard with the dashboards (walk-63 L6).
    expect(lines(refused.stdout).at(-1)).toBe('Pull: 0 created, 0 updated, 0 moved, 0 unchanged, 0 deleted, 1 refused. Library panels: 1 refused.');
    expect(refused.stderr).toContain(
      "dashboards/ops/_library/panel-lp-cpu.json: error: library panel lp-cpu changed here and in Grafana: not written. To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), run dashsync pull --force lp-cpu, then review it with git diff (--force copies a file git does not hold to .dashsync/pull-backups/ first).",
    );
    expect(await readFile(panelPath, 'utf8')).toBe(myPanel);

    // --force names the dashboard only: the library panel it uses keeps its file (as its folder's _folder.json would).
    const dashboardOnly = await dashsync(sandbox, dir, ['pull', '--force', 'node']);
    expect(dashboardOnly.code).toBe(1);
    expect(JSON.parse(await readFile(dashboardPath, 'utf8')).title).toBe('Node (theirs)');
    expect(await readFile(panelPath, 'utf8')).toBe(myPanel);
    expect(lines(dashboardOnly.stderr).at(-1)).toBe(hint('1 file was not written', 'lp-cpu'));
    expect(lines(dashboardOnly.stdout).at(-1)).toBe('Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted. Library panels: 1 refused.');

    const panel = await dashsync(sandbox, dir, ['pull', '--force', 'lp-cpu']);
    expect(panel.code, panel.stderr).toBe(0);
    expect(panel.stdout).toContain('updated  dashboards/ops/_library/panel-lp-cpu.json');
    expect(JSON.parse(await readFile(panelPath, 'utf8')).model.title).toBe('theirs');
  });

  it('pull <uid> of nothing Grafana or the tree has names what it looked for', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await makeWorkDir();
    const result = await dashsync(sandbox, dir, ['pull', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope: no dashboard with this uid in Grafana or in the tree (the uid is in the dashboard\'s URL: /d/<uid>/), and no folder or library panel in Grafana');
  });
});
