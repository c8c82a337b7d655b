import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/sandbox.js';
import { appliedLibraryTree, editJson } from './library-tree.js';

describe('library panels: a renamed panel and the references that still say its old name', () => {
  it('check warns, check --fix writes the new name, and the plan saves those dashboards once, then plans empty', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '12' });

    await editJson(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), (panel) => {
      panel.name = 'CPU usage (node)';
    });
    const checked = await ws.cli(['check']);
    expect(checked.stdout.match(/\(library-panel-name-stale\)/g)).toHaveLength(4);
    expect(checked.stdout).toContain('dashboards/team-b/b1.json:');

    expect((await ws.cli(['check', '--fix'])).code).toBe(0);
    const planned = await ws.cli(['plan']);
    expect(planned.stdout).toContain('libraryPanel.name: "CPU usage" → "CPU usage (node)"');
    expect((await ws.cli(['apply'])).code).toBe(0);

    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/b1');
    expect(live.body.dashboard.panels[0].panels[0].libraryPanel).toEqual({ uid: 'lp-cpu', name: 'CPU usage (node)' });
    expect((await ws.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
    expect((await ws.cli(['check'])).stdout).toBe('');
  });

  it('a reference whose file name is stale is compared by uid: Grafana holding the panel\'s current name there (its editor wrote it) is no change', async () => {
    const { sandbox, ws } = await appliedLibraryTree({ grafanaVersion: '12' });
    await editJson(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), (panel) => {
      panel.name = 'CPU usage (node)';
    });
    expect((await ws.cli(['apply'])).code).toBe(0);
    // Grafana's editor saves a2 with the panel's current name in its reference; the file still says the old one.
    const a2 = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/a2')).body;
    a2.dashboard.panels[0].libraryPanel = { uid: 'lp-cpu', name: 'CPU usage (node)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: a2.dashboard, folderUid: 'team-a', overwrite: true })).status).toBe(200);

    const planned = await ws.cli(['plan']);
    expect(planned.stdout).not.toContain('libraryPanel.name');
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 4 unchanged.');
    // The stale name is check's to report (library-panel-name-stale), not a change the plan would push back.
    expect((await ws.cli(['check'])).stdout).toContain('dashboards/team-a/a2.json:');
  });
});
