import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { writes } from '../../e2e/apply/workspace.js';
import { editJson, libraryWorkspace } from './library-tree.js';

describe.each(GRAFANA_VERSIONS)('library panels: plan and apply against Grafana %s', (grafanaVersion) => {
  it('a tree with library panels used by dashboards in two folders applies (panels first), then plans empty', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);

    const planned = await ws.cli(['plan']);
    expect(planned.stderr).toBe('');
    expect(planned.stdout).toContain('Plan: 4 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged. Folders: 2 to create. Library panels: 2 to create.');
    expect(planned.stdout).toContain('+ create        library panel "CPU usage" (dashboards/team-a/_library/cpu.json, uid lp-cpu) in "Team A"');
    expect(planned.stdout).toContain('      used by 4 dashboards: a1 "A one", a2 "A two", b1 "B one", home "Home"');

    sandbox.clearRequests();
    const applied = await ws.cli(['apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 4 created, 0 updated, 0 moved, 0 deleted. Folders: 2 created. Library panels: 2 created');
    // Every library panel is saved before the first dashboard that uses it.
    const order = writes(sandbox).map((entry) => `${entry.method} ${entry.path}`);
    const lastLibrary = Math.max(...order.map((line, index) => (line.startsWith('POST /api/library-elements') ? index : -1)));
    const firstDashboard = order.findIndex((line) => line.startsWith('POST /api/dashboards/db'));
    expect(lastLibrary).toBeGreaterThanOrEqual(0);
    expect(lastLibrary).toBeLessThan(firstDashboard);

    const cpu = await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu');
    expect(cpu.body.result).toMatchObject({ name: 'CPU usage', folderUid: 'team-a', model: { title: 'CPU', type: 'timeseries' } });
    const connections = await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu/connections');
    expect(connections.body.result.map((c: { connectionUid: string }) => c.connectionUid).sort()).toEqual(['a1', 'a2', 'b1', 'home']);

    sandbox.clearRequests();
    const again = await ws.cli(['plan', '--detailed-exitcode']);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 4 unchanged.');
    expect(again.code).toBe(0);
    expect(writes(sandbox)).toEqual([]);
  });

  it('a library panel edited in git is one update with its field diff, listing the dashboards that use it; the dashboards are unchanged', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await editJson(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), (panel) => (panel.model.targets[0].expr = 'rate(cpu[1m])'));

    const text = await ws.cli(['plan']);
    expect(text.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 4 unchanged. Library panels: 1 to update.');
    expect(text.stdout).toContain('~ update        library panel "CPU usage" (dashboards/team-a/_library/cpu.json, uid lp-cpu, live version 1) in "Team A"');
    expect(text.stdout).toContain('      used by 4 dashboards: a1 "A one", a2 "A two", b1 "B one", home "Home"');
    expect(text.stdout).toContain('model.targets[0].expr: "rate(cpu[5m])" → "rate(cpu[1m])"');

    const json = JSON.parse((await ws.cli(['plan', '--format', 'json'])).stdout);
    expect(json.libraryPanels).toEqual([
      expect.objectContaining({ uid: 'lp-cpu', action: 'update', usedBy: [{ uid: 'a1', title: 'A one' }, { uid: 'a2', title: 'A two' }, { uid: 'b1', title: 'B one' }, { uid: 'home', title: 'Home' }] }),
      expect.objectContaining({ uid: 'lp-mem', action: 'noop' }),
    ]);
    const markdown = (await ws.cli(['plan', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('used by 4 dashboards');
    expect(markdown).toContain('+ model.targets[0].expr: "rate(cpu[1m])"');

    expect((await ws.cli(['apply'])).stdout).toContain('Library panels: 1 updated');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result).toMatchObject({ version: 2, model: { targets: [{ expr: 'rate(cpu[1m])' }] } });
    expect((await ws.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('edited in Grafana after a saved plan: a conflict (exit 1) that keeps the edit; the dashboards still apply', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await editJson(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), (panel) => (panel.model.title = 'CPU from git'));
    await editJson(join(ws.dir, 'dashboards/team-a/a2.json'), (model) => (model.description = 'from git'));
    expect((await ws.cli(['plan', '--out', 'plan.json'])).code).toBe(0);

    const token = await sandbox.createToken('Editor');
    const live = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result;
    const edit = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, name: 'CPU \u001b[2J(UI)', model: { ...live.model, title: 'CPU from the UI' } }, bearerHeaders(token));
    expect(edit.status).toBe(200);

    const applied = await ws.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(
      /^conflict: library panel lp-cpu "CPU usage" \(dashboards\/team-a\/_library\/cpu\.json\) changed in Grafana after the plan: planned version 1, current version 2, now named "CPU \\x1b\[2J\(UI\)", changed by sa-[^ ]+ at [^;]+; left untouched\. Run dashsync plan to review, dashsync pull lp-cpu to bring the live edit into the file \(it refuses a file that holds a change not applied yet, and says how to merge the two\), or dashsync apply --force plan\.json to overwrite it$/m,
    );
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.model.title).toBe('CPU from the UI');

    // The next plan says who changed it.
    const replanned = await ws.cli(['plan']);
    expect(replanned.stdout).toMatch(/drift: library panel lp-cpu "[^"]+" was last changed in Grafana by sa-\S+ at \S+ \(version 2\), not by dashsync; .*\(to bring it in, run dashsync pull lp-cpu first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two\)$/m);
    // The review comment's table marks it, as it marks a drifted dashboard.
    expect((await ws.cli(['plan', '--format', 'markdown'])).stdout).toMatch(/^\| 🟡 update \| CPU usage \| `lp-cpu` \| .* \| 4 dashboards ⚠️ drift \|$/m);
  });

  it('what a UI saves beside a reference (folderUid, meta, model, …) is not a change: the dashboard still plans unchanged', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/a2')).body;
    const filled = { uid: 'lp-cpu', name: 'CPU usage', folderUid: 'team-a', version: 1, meta: { folderName: 'Team A', connectedDashboards: 4 }, model: { type: 'timeseries', title: 'CPU' } };
    const panels = live.dashboard.panels.map((panel: Record<string, unknown>) => (panel.libraryPanel ? { ...panel, libraryPanel: filled } : panel));
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, panels }, folderUid: 'team-a', overwrite: true });
    expect(saved.status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/a2')).body.dashboard.panels[0].libraryPanel).toMatchObject({ meta: { folderName: 'Team A' } });

    const planned = await ws.cli(['plan', '--detailed-exitcode']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 4 unchanged.');
    expect(planned.code).toBe(0);
  });

  it('a library panel file moved to another folder\'s _library/ is a move, applied into that folder', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    expect((await ws.cli(['apply'])).code).toBe(0);
    await rename(join(ws.dir, 'dashboards/team-a/_library/cpu.json'), join(ws.dir, 'dashboards/team-b/_library/cpu.json'));

    const planned = await ws.cli(['plan']);
    expect(planned.stdout).toContain('> move          library panel "CPU usage" (dashboards/team-b/_library/cpu.json, uid lp-cpu, live version 1) from "Team A" to "Team B"');
    expect(planned.stdout).toContain('Library panels: 1 to move.');
    expect((await ws.cli(['apply'])).stdout).toContain('Library panels: 1 moved');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.folderUid).toBe('team-b');
    expect((await ws.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});
