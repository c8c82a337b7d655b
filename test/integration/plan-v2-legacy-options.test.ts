import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { commitAll, dashsync, makeWorkDir } from '../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

/** An old dashboard (schemaVersion 16) as walk-61 seeded it: a graph and a singlestat with their legacy options. */
const OLD = {
  uid: 'svc-old',
  title: 'Service Overview',
  schemaVersion: 16,
  panels: [
    {
      id: 1,
      type: 'graph',
      title: 'Requests',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      datasource: 'Prometheus',
      targets: [{ refId: 'A', expr: 'rate(http_requests_total[5m])' }],
      bars: false,
      dashLength: 10,
      fill: 1,
      lines: true,
      linewidth: 1,
      legend: { show: true, values: false },
      yaxes: [{ format: 'short', show: true }, { format: 'short', show: true }],
    },
    { id: 2, type: 'singlestat', title: 'Uptime', gridPos: { x: 12, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'up' }], format: 'percent', sparkline: { show: true }, valueName: 'current' },
  ],
};

describe("a classic old-schema file whose dashboard was saved as v2 in Grafana 13's dynamic-dashboards editor (walk-61 M5)", () => {
  it("plans the real edit first, then one line per panel naming the legacy options v2 has no place for, counted apart", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: OLD, overwrite: false });
    expect(saved.status).toBe(200);
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
    expect((await dashsync(sandbox, dir, ['pull'])).code).toBe(0);
    expect(await readdir(join(dir, 'dashboards'))).toEqual(['service-overview.json']);
    await commitAll(dir, 'pulled');
    const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'svc-old', user: 'carol' }) });
    expect(edit.status).toBe(200);

    const text = await dashsync(sandbox, dir, ['plan']);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    const head = lines.findIndex((line) => line.includes('(uid svc-old'));
    expect(lines[head]).toMatch(/: 2 fields; 2 panels' legacy options$/);
    expect(lines.slice(head + 1, head + 5).map((line) => line.trim())).toEqual([
      '~ apiVersion: "dashboard.grafana.app/v2" → "classic dashboard model"',
      '- description: "Edited in the Grafana UI by carol (after version 1)"',
      '~ panels[id=1 "Requests"]: 7 legacy graph options v2 has no place for (bars, dashLength, fill, …): a push from the file writes them again',
      '~ panels[id=2 "Uptime"]: 3 legacy singlestat options v2 has no place for (format, sparkline, valueName): a push from the file writes them again',
    ]);
    expect(text.stdout).not.toContain('.bars');

    const json = JSON.parse((await dashsync(sandbox, dir, ['plan', '--format', 'json'])).stdout) as { dashboards: { uid: string; changes: { path: string; legacyOption?: string }[] }[] };
    const changes = json.dashboards.find((action) => action.uid === 'svc-old')!.changes;
    expect(changes.filter((change) => change.legacyOption === 'graph').map((change) => change.path)).toContain('panels[id=1 "Requests"].bars');
    expect(changes.filter((change) => change.legacyOption !== undefined)).toHaveLength(10);
    // review-62b: the editor saves the data source by name as the reference V33 made of it, which the plan reads as the file's.
    expect(changes.find((change) => change.path.endsWith('.datasource'))).toBeUndefined();
  });

  it("names Grafana's options.__angularMigration (12.4 on, 13) as where the legacy options are, not as a place v2 lacks", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const graph = { id: 1, type: 'graph', title: 'Requests', gridPos: { x: 0, y: 0, w: 24, h: 8 }, targets: [{ refId: 'A', expr: 'up' }], bars: false, fill: 1, lines: true, linewidth: 1 };
    const dashboard = { uid: 'svc-new', title: 'Service Now', schemaVersion: 42, panels: [graph] };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard, overwrite: false })).status).toBe(200);
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
    expect((await dashsync(sandbox, dir, ['pull'])).code).toBe(0);
    await commitAll(dir, 'pulled');
    // Another tool reads the dashboard at v2 and saves what it read: Grafana's conversion, __angularMigration and all.
    const path = '/apis/dashboard.grafana.app/v2/namespaces/default/dashboards/svc-new';
    const read = await apiRequest(sandbox, 'GET', path);
    expect(read.body.spec.elements['panel-1'].spec.vizConfig.spec.options.__angularMigration.autoMigrateFrom).toBe('graph');
    const { status: _status, ...object } = read.body;
    expect((await apiRequest(sandbox, 'PUT', path, object)).status).toBe(200);

    const text = await dashsync(sandbox, dir, ['plan']);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n').map((line) => line.trim());
    expect(lines).toContain(
      '~ panels[id=1 "Requests"]: 4 legacy graph options Grafana\'s v2 holds in options.__angularMigration for its editor to migrate (bars, fill, lines, …): a push from the file puts them back in the panel',
    );
    expect(text.stdout).not.toContain('v2 has no place for');
    expect(text.stdout).not.toMatch(/options\.__angularMigration[:.]/);

    const json = JSON.parse((await dashsync(sandbox, dir, ['plan', '--format', 'json'])).stdout) as { dashboards: { uid: string; changes: { path: string; kind: string; legacyOption?: string }[] }[] };
    const changes = json.dashboards.find((action) => action.uid === 'svc-new')!.changes;
    // The file's panel has no options: the removal is of Grafana's options, which hold __angularMigration alone.
    expect(changes.filter((change) => change.kind === 'removed')).toEqual([
      expect.objectContaining({ path: 'panels[id=1 "Requests"].options', legacyOption: 'graph', before: { __angularMigration: expect.objectContaining({ autoMigrateFrom: 'graph' }) } }),
    ]);
  });
});
