import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Grafana's conversion of a classic dashboard to v2 hands a panel's keys outside the v2 Panel schema to the editor in
// `options.__angularMigration` (PR #115368: 12.4 on and 13; v1beta1_to_v2alpha1.go buildVizConfig), and the editor,
// which removes it on load, never saves it. src/sandbox/README.md "v2 and conversion".

const DASHBOARD = {
  uid: 'angular',
  title: 'Angular',
  schemaVersion: 42,
  panels: [
    { id: 1, type: 'graph', title: 'Requests', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A' }], bars: false, fill: 1, lines: true },
    { id: 2, type: 'text', title: 'Notes', gridPos: { x: 12, y: 0, w: 12, h: 8 }, content: '# Notes', mode: 'markdown' },
    { id: 3, type: 'stat', title: 'Up', gridPos: { x: 0, y: 8, w: 12, h: 8 }, targets: [{ refId: 'A' }], options: { graphMode: 'none' } },
  ],
};

/** Each panel element's plugin and options as a read at v2 gives them. */
async function v2Panels(release: string, grafanaVersion: '12' | '13'): Promise<Record<string, { group: string; options: Record<string, unknown> }>> {
  const sandbox = await startTestSandbox({ grafanaVersion, release });
  expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: DASHBOARD })).status).toBe(200);
  const version = grafanaVersion === '13' ? 'v2' : 'v2beta1';
  const read = await apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards/angular`);
  expect(read.status).toBe(200);
  const elements = read.body.spec.elements as Record<string, { spec: { vizConfig: { group?: string; kind?: string; spec: { options: Record<string, unknown> } } } }>;
  return Object.fromEntries(Object.entries(elements).map(([name, element]) => {
    const viz = element.spec.vizConfig;
    return [name, { group: viz.group ?? viz.kind ?? '', options: viz.spec.options }];
  }));
}

describe("a classic dashboard read at v2: its panels' Angular-era keys", () => {
  it('13: an Angular type becomes its replacement, and the keys v2 has no field for ride in options.__angularMigration', async () => {
    const panels = await v2Panels('13.0.2', '13');
    expect(panels['panel-1']).toEqual({
      group: 'timeseries',
      options: { __angularMigration: { autoMigrateFrom: 'graph', originalOptions: { bars: false, fill: 1, lines: true } } },
    });
    // Not an Angular type, but keys outside the schema: the same type, handed over for the text plugin's own migration.
    expect(panels['panel-2']!.options).toEqual({ __angularMigration: { autoMigrateFrom: 'text', originalOptions: { content: '# Notes', mode: 'markdown' } } });
    expect(panels['panel-3']).toEqual({ group: 'stat', options: { graphMode: 'none' } });
  });

  it('12.4 has it too; 12.3 gives the options alone', async () => {
    expect(Object.keys((await v2Panels('12.4.0', '12'))['panel-2']!.options)).toEqual(['__angularMigration']);
    expect((await v2Panels('12.3.2', '12'))['panel-2']!.options).toEqual({});
  });

  it("13: the editor's own v2 save holds none of it", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: DASHBOARD })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'angular', user: 'carol' }) })).status).toBe(200);
    const read = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v2/namespaces/default/dashboards/angular');
    expect(JSON.stringify(read.body.spec)).not.toContain('__angularMigration');
  });
});
