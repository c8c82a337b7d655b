import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, lines, makeWorkDir } from './pull-fixture.js';

// Since 12.3 every v1-family write through /apis runs Grafana's schema migration, whose frontend-defaults pass stores its
// defaults beside the dashboard (editable, timezone, the built-in annotation, a refId, a panel id, …) and renames Angular
// panel types. Plan leaves those out where the file says nothing; pull does the same, so a file does not fill with them.

const gridPos = { x: 0, y: 0, w: 12, h: 8 };
/** None of the defaults, a graph panel without an id, a query without a refId. */
const MINIMAL = { uid: 'minimal', title: 'Minimal', schemaVersion: 42, panels: [{ type: 'graph', title: 'CPU', gridPos, targets: [{ expr: 'up' }] }] };

/** MINIMAL committed and applied through `api`: `/api` stores it as it is, `/apis` with the migration's defaults. */
async function appliedMinimal(api: 'legacy' | 'k8s'): Promise<{ handle: SandboxHandle; dir: string; file: string }> {
  const handle = await startTestSandbox({ grafanaVersion: '13' });
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  const file = join(dir, 'dashboards/minimal.json');
  await writeFile(file, `${JSON.stringify(MINIMAL, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ api })}\n`);
  await commitAll(dir);
  const applied = await dashsync(handle, dir, ['apply']);
  expect(applied.code, applied.stderr).toBe(0);
  return { handle, dir, file };
}

/** Someone saves the dashboard in the UI (through /apis, so the migration runs again) with these spec fields set. */
async function savedInUi(handle: SandboxHandle, spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'minimal', user: 'jane', spec }) });
  expect(response.status, await response.text()).toBe(200);
}

describe("pull of a dashboard someone saved in Grafana 13, which stored its schema migration's defaults beside it", () => {
  it('a dashboard that differs from its file only by them is unchanged, not "a committed change not applied yet"', async () => {
    // Pushed through /api (stored as posted), then saved in the UI unchanged: its write through /apis adds the defaults.
    const { handle, dir, file } = await appliedMinimal('legacy');
    const before = await readFile(file, 'utf8');
    await savedInUi(handle, {});
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/minimal')).body.dashboard).toMatchObject({ editable: true, panels: [{ id: 1, type: 'timeseries' }] });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).at(-1)).toBe('Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.');
    expect(await readFile(file, 'utf8')).toBe(before);
    // As plan sees it.
    const plan = await dashsync(handle, dir, ['plan']);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });

  it("a real edit: the file gets it and not the defaults, the panel's id and type as Grafana holds them; then plan is empty", async () => {
    const { handle, dir, file } = await appliedMinimal('k8s');
    await savedInUi(handle, { description: 'from the UI' });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).at(-1)).toMatch(/^Pull: 0 created, 1 updated/);
    // Grafana gave the panel id 1 (kept: a panel added in Grafana with a higher id would make the next push give it another)
    // and made the graph a time series (kept: its options are the new type's).
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ ...MINIMAL, description: 'from the UI', panels: [{ ...MINIMAL.panels[0], id: 1, type: 'timeseries', autoMigrateFrom: 'graph' }] });
    const plan = await dashsync(handle, dir, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout).at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });

  it("a grafonnet-era file (schemaVersion 16) whose panel links V19 rewrote: unchanged after a UI save; after a UI edit pull writes Grafana's links and schemaVersion, and plan is empty", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/old.json');
    // Its datasources named, so that V36 writes nothing (what it writes, pull writes with schemaVersion 42: the next test).
    const prom = { type: 'prometheus', uid: 'prom' };
    const panel = { id: 1, type: 'timeseries', title: 'CPU', gridPos, datasource: prom, targets: [{ datasource: prom, expr: 'up', refId: 'A' }], links: [{ dashboard: 'Node Details', keepTime: true, title: 'Node', type: 'dashboard' }] };
    await writeFile(file, `${JSON.stringify({ uid: 'old', title: 'Old', schemaVersion: 16, panels: [panel] }, null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await commitAll(dir);
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    const before = await readFile(file, 'utf8');

    const ui = async (spec: Record<string, unknown>) => {
      const response = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'old', user: 'jane', spec }) });
      expect(response.status, await response.text()).toBe(200);
    };
    await ui({});
    const unchanged = await dashsync(handle, dir, ['pull']);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(lines(unchanged.stdout).at(-1)).toBe('Pull: 0 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.');
    expect(await readFile(file, 'utf8')).toBe(before);

    await ui({ description: 'from the UI' });
    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({ schemaVersion: 42, description: 'from the UI', panels: [{ links: [{ title: 'Node', url: 'dashboard/db/node-details?$__url_time_range' }] }] });
    const plan = await dashsync(handle, dir, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout).at(-1), plan.stdout).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });

  it("a file below schemaVersion 28 whose queries name no datasource: after a UI edit pull writes what V28 and V36 gave its panels with schemaVersion 42, and plan is empty", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/old.json');
    // No datasource anywhere: V36 gives each query `datasource: {}` (the panel has none to copy), V28 the stat's option defaults.
    const panels = [
      { id: 1, type: 'timeseries', title: 'CPU', gridPos, targets: [{ expr: 'up', refId: 'A' }] },
      { id: 2, type: 'stat', title: 'Up', gridPos: { ...gridPos, y: 8 }, targets: [{ expr: 'count(up)', refId: 'A' }] },
    ];
    await writeFile(file, `${JSON.stringify({ uid: 'old', title: 'Old', schemaVersion: 27, panels }, null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
    await commitAll(dir);
    expect((await dashsync(handle, dir, ['apply'])).code).toBe(0);
    const response = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'old', user: 'jane', spec: { description: 'from the UI' } }) });
    expect(response.status, await response.text()).toBe(200);

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({ schemaVersion: 42, description: 'from the UI', panels: [{ targets: [{ datasource: {} }] }, { targets: [{ datasource: {} }], options: { textMode: 'auto' } }] });
    const plan = await dashsync(handle, dir, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout).at(-1), plan.stdout).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
  });
});
