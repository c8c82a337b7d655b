import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace, workspaceAt, type Workspace } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const gridPos = { x: 0, y: 0, w: 12, h: 8 };
/** A minimal file: none of the defaults Grafana's migration writes, a graph panel, a query without a refId. */
const MINIMAL = { uid: 'minimal', title: 'Minimal', schemaVersion: 42, panels: [{ id: 1, type: 'graph', title: 'CPU', gridPos, targets: [{ expr: 'up' }] }] };
/** A file that sets some of those fields itself. */
const EXPLICIT = { uid: 'explicit', title: 'Explicit', schemaVersion: 42, editable: false, timezone: 'utc', panels: [{ id: 1, type: 'graph', title: 'Kept as graph', gridPos }] };

/** Files at `schemaVersion` (12.0–12.2 migrate to 41 and refuse a v1 write at 42). */
async function workspaceWith(sandbox: SandboxHandle, api: 'k8s' | 'legacy', schemaVersion = 42): Promise<Workspace> {
  const dir = await emptyWorkspace();
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api }, null, 2)}\n`);
  for (const model of [MINIMAL, EXPLICIT]) await writeFile(join(dir, 'dashboards', `${model.uid}.json`), `${JSON.stringify({ ...model, schemaVersion }, null, 2)}\n`);
  return workspaceAt(dir, sandbox);
}

/** Another client (the UI, kubectl) saves the dashboard through /apis at its v1-family version with these spec fields set. */
async function savedElsewhere(sandbox: SandboxHandle, uid: string, spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid, user: 'jane', spec }) });
  expect(response.status).toBe(200);
}

async function planChanges(workspace: Workspace, args: string[] = []): Promise<Record<string, unknown[]>> {
  const plan = await workspace.cli(['plan', '--format', 'json', ...args]);
  expect(plan.code, plan.stderr).toBe(0);
  const dashboards = JSON.parse(plan.stdout).dashboards as { uid: string; changes: unknown[] }[];
  return Object.fromEntries(dashboards.map((dashboard) => [dashboard.uid, dashboard.changes]));
}

const releases: { grafanaVersion: GrafanaVersion; release?: string }[] = [{ grafanaVersion: '12' }, { grafanaVersion: '13' }];

describe.each(releases)("a plan after another client's save on Grafana $grafanaVersion shows that client's edit, not Grafana's migration defaults", ({ grafanaVersion }) => {
  it('a minimal file: only the description the other client wrote', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await workspaceWith(sandbox, 'k8s');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await savedElsewhere(sandbox, 'minimal', { description: 'from the UI' });
    // Grafana stores its defaults beside the edit (the frontend-defaults pass of the v1 write's migration).
    const stored = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/minimal')).body.dashboard;
    expect(stored).toMatchObject({ editable: true, timezone: '', weekStart: '', annotations: { list: [expect.objectContaining({ builtIn: 1 })] } });
    expect(stored.panels[0]).toMatchObject({ type: 'timeseries', autoMigrateFrom: 'graph', targets: [{ expr: 'up', refId: 'A' }] });

    const changes = await planChanges(workspace);

    expect(changes.minimal).toEqual([{ path: 'description', kind: 'removed', before: 'from the UI' }]);
    expect(changes.explicit).toEqual([]);
  });

  it("a file's own values of those fields: another client's change to them still shows", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await workspaceWith(sandbox, 'k8s');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    // The other client makes it editable, follows the browser's time zone, and turns the graph into a real time series.
    await savedElsewhere(sandbox, 'explicit', { editable: true, timezone: 'browser', panels: [{ id: 1, type: 'timeseries', title: 'Kept as graph', gridPos }] });
    // And sets on the minimal dashboard what Grafana would otherwise assume.
    await savedElsewhere(sandbox, 'minimal', { editable: false });

    const changes = await planChanges(workspace);

    expect(changes.explicit).toEqual([
      { path: 'editable', kind: 'changed', before: true, after: false },
      { path: 'panels[id=1 "Kept as graph"].type', kind: 'changed', before: 'timeseries', after: 'graph' },
      { path: 'timezone', kind: 'changed', before: 'browser', after: 'utc' },
    ]);
    expect(changes.minimal).toEqual([{ path: 'editable', kind: 'removed', before: false }]);
  });

  it('a file whose panels have no ids: only the edit, not the ids Grafana gave them', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await workspaceWith(sandbox, 'k8s');
    // Listed out of grid order, neither with an id.
    const noIds = { uid: 'no-ids', title: 'No ids', schemaVersion: 42, panels: [{ type: 'stat', title: 'Lower', gridPos: { ...gridPos, y: 8 } }, { type: 'stat', title: 'Upper', gridPos }] };
    await writeFile(join(workspace.dir, 'dashboards', 'no-ids.json'), `${JSON.stringify(noIds, null, 2)}\n`);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await savedElsewhere(sandbox, 'no-ids', { description: 'from the UI' });
    // Grafana gave them 1 and 2 in the file's order, then sorted them by grid position.
    const stored = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/no-ids')).body.dashboard;
    expect(stored.panels.map((panel: { id: number; title: string }) => [panel.title, panel.id])).toEqual([['Upper', 2], ['Lower', 1]]);

    const changes = await planChanges(workspace);

    expect(changes['no-ids']).toEqual([{ path: 'description', kind: 'removed', before: 'from the UI' }]);
  });

  it('read through /api (--api legacy) the same', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await workspaceWith(sandbox, 'k8s');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await savedElsewhere(sandbox, 'minimal', { description: 'from the UI' });

    const changes = await planChanges(workspace, ['--api', 'legacy']);

    expect(changes.minimal).toEqual([{ path: 'description', kind: 'removed', before: 'from the UI' }]);
  });
});

describe.each([...releases, { grafanaVersion: '12' as const, release: '12.2.0' }])("dashsync's own push reads back as no change (Grafana $grafanaVersion, release $release)", ({ grafanaVersion, release }) => {
  it.each(['k8s', 'legacy'] as const)('apply then plan through %s, also after applying over another save', async (api) => {
    const sandbox = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}) });
    const workspace = await workspaceWith(sandbox, api, release === '12.2.0' ? 41 : 42);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    expect(await planChanges(workspace)).toEqual({ minimal: [], explicit: [] });
    await savedElsewhere(sandbox, 'minimal', { description: 'from the UI' });
    // Applying over that save (drift) means --force where no one reviews the plan (unreviewed-55).
    const applied = await workspace.cli(['apply', '--force']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await planChanges(workspace)).toEqual({ minimal: [], explicit: [] });
  });
});
