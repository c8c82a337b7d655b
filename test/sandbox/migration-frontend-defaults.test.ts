import { describe, expect, it } from 'vitest';
import { migrateDashboardSpec } from '../../src/sandbox/migration/index.js';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { BUILT_IN_ANNOTATION as BUILT_IN, MIGRATION_DEFAULTS as ADDED } from '../helpers/migration-defaults.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

function migrated(spec: Record<string, unknown>): Record<string, unknown> {
  const result = migrateDashboardSpec(spec, 42, { frontendDefaults: true });
  if ('error' in result) throw new Error(result.error.message);
  return result.spec;
}

describe('the frontend-defaults pass and cleanup of migration.Migrate (frontend_defaults.go)', () => {
  it('adds the DashboardModel defaults a dashboard lacks and keeps the ones it sets, and never changes its input', () => {
    const input = { title: 'Minimal', schemaVersion: 42, editable: false, timezone: 'utc' };
    expect(migrated(input)).toEqual({ ...ADDED, title: 'Minimal', schemaVersion: 42, editable: false, timezone: 'utc', panels: [] });
    expect(input).toEqual({ title: 'Minimal', schemaVersion: 42, editable: false, timezone: 'utc' });
  });

  it('keeps a built-in annotation the list already has (builtIn 1), and adds one before a list of others', () => {
    const own = { ...BUILT_IN, enable: false };
    expect((migrated({ title: 'A', schemaVersion: 42, annotations: { list: [own] } }).annotations as any).list).toEqual([own]);
    const other = { name: 'Deploys', enable: true, datasource: { uid: 'loki' } };
    expect((migrated({ title: 'A', schemaVersion: 42, annotations: { list: [other] } }).annotations as any).list).toEqual([BUILT_IN, other]);
  });

  it("strips a panel's default-valued keys, an empty fieldConfig even when written, and renames a graph panel", () => {
    const out = migrated({
      title: 'Panels',
      schemaVersion: 42,
      style: 'dark',
      hideControls: false,
      gnetId: null,
      preload: true,
      panels: [
        { id: 2, type: 'stat', title: 'B', gridPos: { x: 12, y: 0, w: 12, h: 8 }, transparent: false, options: {}, links: [], fieldConfig: { defaults: {}, overrides: [] }, transformations: [] },
        { id: 1, type: 'graph', title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ expr: 'up' }, { refId: 'A', expr: 'down' }], fieldConfig: { defaults: { unit: 'short' } } },
      ],
    });
    expect(out.panels).toEqual([
      { id: 1, type: 'timeseries', autoMigrateFrom: 'graph', title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ expr: 'up', refId: 'B' }, { refId: 'A', expr: 'down' }], fieldConfig: { defaults: { unit: 'short' }, overrides: [] } },
      { id: 2, type: 'stat', title: 'B', gridPos: { x: 12, y: 0, w: 12, h: 8 } },
    ]);
    expect(out).not.toHaveProperty('style');
    expect(out).not.toHaveProperty('hideControls');
    expect(out).not.toHaveProperty('gnetId');
    // PR #112475: preload is the dashboard's own setting, kept.
    expect(out.preload).toBe(true);
  });

  it('gives panels without an id (or with one taken) the next free ids, rows included', () => {
    const out = migrated({ title: 'Ids', schemaVersion: 42, panels: [{ type: 'text', gridPos: { x: 0, y: 0, w: 1, h: 1 } }, { id: 4, type: 'row', gridPos: { x: 0, y: 1, w: 24, h: 1 }, collapsed: true, panels: [{ id: 4, type: 'text' }] }] });
    const ids = (out.panels as any[]).flatMap((panel) => [panel.id, ...(panel.panels ?? []).map((inner: any) => inner.id)]);
    expect(ids).toEqual([5, 4, 6]);
  });

  it("saves variables as the frontend's adapters do: a query variable's options [], a datasource's emptied, a constant's dropped, nulls and index gone", () => {
    const out = migrated({
      title: 'Vars',
      schemaVersion: 42,
      templating: {
        list: [
          { name: 'q', type: 'query', query: 'up', datasource: null, index: 3 },
          { name: 'ds', type: 'datasource', query: 'prometheus', options: [{ text: 'a', value: 'a' }] },
          { name: 'c', type: 'constant', query: 'x', options: [{ text: 'x', value: 'x' }], current: { value: null, text: 'x' } },
        ],
      },
    });
    expect((out.templating as any).list).toEqual([
      { name: 'q', type: 'query', query: 'up', options: [] },
      { name: 'ds', type: 'datasource', query: 'prometheus', options: [] },
      { name: 'c', type: 'constant', query: 'x', current: { text: 'x' } },
    ]);
  });
});

const collection = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
// At 41, which every 12.x and 13.x release migrates from (12.0–12.2 stop at 41).
const minimal = { title: 'Minimal', schemaVersion: 41, panels: [{ id: 1, type: 'graph', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] };

describe('a v1-family write through /apis stores what the migration makes of it, per release', () => {
  const cases: { name: string; grafanaVersion: GrafanaVersion; release?: string; version: string; defaults: boolean }[] = [
    { name: '12.3.2', grafanaVersion: '12', version: 'v1beta1', defaults: true },
    { name: '12.2.0', grafanaVersion: '12', release: '12.2.0', version: 'v1beta1', defaults: false },
    { name: '13.0.2', grafanaVersion: '13', version: 'v1', defaults: true },
    { name: '13.0.2', grafanaVersion: '13', version: 'v1beta1', defaults: true },
  ];
  it.each(cases)('Grafana $name at $version', async ({ grafanaVersion, release, version, defaults }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}) });
    const body = { apiVersion: `dashboard.grafana.app/${version}`, kind: 'Dashboard', metadata: { name: 'min' }, spec: minimal };
    expect((await apiRequest(s, 'POST', collection(version), body)).status).toBe(201);
    const stored = (await apiRequest(s, 'GET', '/api/dashboards/uid/min')).body.dashboard;
    const { id: _id, uid: _uid, version: _version, refresh: _refresh, ...spec } = stored;
    if (defaults) {
      expect(spec).toEqual({ ...ADDED, title: 'Minimal', schemaVersion: 42, panels: [{ id: 1, type: 'timeseries', autoMigrateFrom: 'graph', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });
    } else {
      expect(spec).toEqual(minimal);
    }
  });

  // PR #109037 (merged after 2025-11-12) dropped the cleanup's `if !isNested` around the Angular panel rename.
  it.each([
    { name: '12.3.2', grafanaVersion: '12' as GrafanaVersion, release: undefined, renamed: false },
    { name: '12.4.0', grafanaVersion: '12' as GrafanaVersion, release: '12.4.0', renamed: true },
    { name: '13.0.2', grafanaVersion: '13' as GrafanaVersion, release: undefined, renamed: true },
  ])("Grafana $name: a collapsed row's graph panel renamed as a top-level one is: $renamed", async ({ grafanaVersion, release, renamed }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release, storage: 'legacy' as const } : {}) });
    const inner = { id: 3, type: 'graph', title: 'Inner', gridPos: { x: 0, y: 9, w: 12, h: 8 } };
    const spec = { ...minimal, panels: [...minimal.panels, { id: 2, type: 'row', title: 'Row', collapsed: true, gridPos: { x: 0, y: 8, w: 24, h: 1 }, panels: [inner] }] };
    const version = grafanaVersion === '13' ? 'v1' : 'v1beta1';
    const body = { apiVersion: `dashboard.grafana.app/${version}`, kind: 'Dashboard', metadata: { name: 'rows' }, spec };
    expect((await apiRequest(s, 'POST', collection(version), body)).status).toBe(201);
    const stored = (await apiRequest(s, 'GET', '/api/dashboards/uid/rows')).body.dashboard;
    expect(stored.panels.map((panel: { type: string }) => panel.type)).toEqual(['timeseries', 'row']);
    expect(stored.panels[1].panels).toEqual([renamed ? { ...inner, type: 'timeseries', autoMigrateFrom: 'graph' } : inner]);
  });

  // PR #128476 (opened 2026-07-15; 13.2.0 of 2026-08-18 on, by date) made V17–V26 and V35 walk a collapsed row's panels too.
  it.each([
    { name: '12.4.0', grafanaVersion: '12' as GrafanaVersion, release: '12.4.0', nested: false },
    { name: '13.0.2', grafanaVersion: '13' as GrafanaVersion, release: undefined, nested: false },
    { name: '13.1.0', grafanaVersion: '13' as GrafanaVersion, release: '13.1.0', nested: false },
    { name: '13.2.0', grafanaVersion: '13' as GrafanaVersion, release: '13.2.0', nested: true },
  ])("Grafana $name: V35's time-axis override on a collapsed row's timeseries whose axes are hidden, as on a top-level one: $nested", async ({ grafanaVersion, release, nested }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release, storage: 'legacy' as const } : {}) });
    const hidden = (id: number, title: string, y: number) => ({ id, type: 'timeseries', title, gridPos: { x: 0, y, w: 12, h: 8 }, fieldConfig: { defaults: { custom: { axisPlacement: 'hidden' } }, overrides: [] } });
    const row = { id: 2, type: 'row', title: 'Row', collapsed: true, gridPos: { x: 0, y: 8, w: 24, h: 1 }, panels: [hidden(3, 'Inner', 9)] };
    const spec = { ...minimal, schemaVersion: 34, panels: [hidden(1, 'Top', 0), row] };
    const version = grafanaVersion === '13' ? 'v1' : 'v1beta1';
    const body = { apiVersion: `dashboard.grafana.app/${version}`, kind: 'Dashboard', metadata: { name: 'axes' }, spec };
    expect((await apiRequest(s, 'POST', collection(version), body)).status).toBe(201);
    const stored = (await apiRequest(s, 'GET', '/api/dashboards/uid/axes')).body.dashboard;
    const timeAxis = [{ matcher: { id: 'byType', options: 'time' }, properties: [{ id: 'custom.axisPlacement', value: 'auto' }] }];
    expect(stored.panels[0].fieldConfig.overrides).toEqual(timeAxis);
    expect(stored.panels[1].panels[0].fieldConfig.overrides).toEqual(nested ? timeAxis : []);
  });

  // PR #129284 (opened 2026-07-27; 13.2.0 on, by date): V27 and the cleanup keep a panel whose repeat marker is falsy
  // (`repeatPanelId: 0`, `repeatByRow: false`, `repeatedByRow: false`), as the frontend does; before it, the key alone dropped it.
  it.each([
    { name: '13.0.2', release: undefined, kept: [[], []] },
    { name: '13.1.0', release: '13.1.0', kept: [[], []] },
    { name: '13.2.0', release: '13.2.0', kept: [['zero id', 'false by row', 'false repeated by row'], ['nested zero id']] },
  ])('Grafana $name: the panels a file at schemaVersion 26 marks as repeated copies with a falsy marker are kept: $kept', async ({ release, kept }) => {
    const s = await startTestSandbox({ grafanaVersion: '13', ...(release ? { release, storage: 'legacy' as const } : {}) });
    const text = (id: number, title: string, y: number, marker: Record<string, unknown>) => ({ id, type: 'text', title, gridPos: { x: 0, y, w: 12, h: 2 }, options: { content: title }, ...marker });
    const row = {
      id: 10,
      type: 'row',
      title: 'Row',
      collapsed: true,
      gridPos: { x: 0, y: 20, w: 24, h: 1 },
      panels: [text(11, 'nested zero id', 21, { repeatPanelId: 0 }), text(12, 'nested copy', 23, { repeatPanelId: 11 })],
    };
    const panels = [
      text(1, 'zero id', 0, { repeatPanelId: 0 }),
      text(2, 'false by row', 2, { repeatByRow: false }),
      text(3, 'false repeated by row', 4, { repeatedByRow: false }),
      text(4, 'copy', 6, { repeatPanelId: 1 }),
      text(5, 'copy by row', 8, { repeatByRow: true }),
      row,
    ];
    const body = { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'repeats' }, spec: { ...minimal, schemaVersion: 26, panels } };
    expect((await apiRequest(s, 'POST', collection('v1'), body)).status).toBe(201);
    const stored = (await apiRequest(s, 'GET', '/api/dashboards/uid/repeats')).body.dashboard;
    const titles = (list: { title: string }[]) => list.map((panel) => panel.title);
    expect([titles(stored.panels.filter((panel: { type: string }) => panel.type !== 'row')), titles(stored.panels.find((panel: { type: string }) => panel.type === 'row').panels)]).toEqual(kept);
  });

  // apistore prepareObjectForUpdate: a new generation where the folder or the spec (decoded at the write's version, so a
  // v0alpha1 body comes migrated) differs, or on delete; else the previous one.
  it.each([
    { form: 'the cleanup after the steps (13.0.2 as shipped)', cleanupBeforeSteps: false, generations: [2, 2, 2] },
    { form: 'the cleanup before the steps (6c4e990f, opted into)', cleanupBeforeSteps: true, generations: [2, 3, 3] },
  ])('Grafana 13, $form: a UI save (at v1) of a dashboard stored through /api (v0alpha1) below 42 moves its generation; the same save again moves it only where its cleanup removes what the steps left', async ({ cleanupBeforeSteps, generations }) => {
    const s = await startTestSandbox({ grafanaVersion: '13', cleanupBeforeSteps });
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'min', ...minimal, schemaVersion: 30 } })).status).toBe(200);
    const generation = async () => (await apiRequest(s, 'GET', `${collection('v1')}/min`)).body.metadata.generation;
    expect(await generation()).toBe(1);
    const uiEdit = (spec: Record<string, unknown>) => fetch(`${s.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'min', spec }) });
    const seen: number[] = [];
    for (let save = 0; save < 3; save++) {
      expect((await uiEdit({ description: 'edited' })).status).toBe(200);
      seen.push(await generation());
    }
    // Before the steps, the second save's cleanup removes the `datasource: null` V33 left at the first (a spec change).
    expect(seen).toEqual(generations);
  });

  // migrate.go on main from a72e02f88a (2025-09-24) and in the 13.0-cycle copies: 0. `__elements`/`__inputs`/`__requires`
  // deleted, defaults, the steps, the built-in annotation, the cleanup. 12.0–12.2: the steps alone.
  it.each([
    { name: '12.2.0', grafanaVersion: '12' as GrafanaVersion, release: '12.2.0', order: 'no pass' },
    { name: '12.3.2', grafanaVersion: '12' as GrafanaVersion, release: undefined, order: 'cleanup after the steps' },
    { name: '12.4.0', grafanaVersion: '12' as GrafanaVersion, release: '12.4.0', order: 'cleanup after the steps' },
    { name: '13.0.2', grafanaVersion: '13' as GrafanaVersion, release: undefined, order: 'cleanup after the steps' },
    { name: '13.2.0', grafanaVersion: '13' as GrafanaVersion, release: '13.2.0', order: 'cleanup after the steps' },
  ])('Grafana $name runs the migration as: $order', async ({ grafanaVersion, release, order }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release, storage: 'legacy' as const } : {}) });
    expect((await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lib', name: 'Shared', kind: 1, model: { type: 'timeseries', title: 'Shared' } })).status).toBe(200);
    const singlestat = { id: 1, type: 'singlestat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 }, valueName: 'max', targets: [{ refId: 'A', expr: 'up' }] };
    const library = { id: 2, title: 'Shared', gridPos: { x: 6, y: 0, w: 6, h: 4 }, libraryPanel: { uid: 'lib', name: 'Shared' } };
    const spec = {
      __inputs: [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }],
      __requires: [{ type: 'grafana', id: 'grafana', version: '8.0.0' }],
      title: 'Order',
      schemaVersion: 27,
      panels: [singlestat, library],
    };
    const version = grafanaVersion === '13' ? 'v1' : 'v1beta1';
    const body = { apiVersion: `dashboard.grafana.app/${version}`, kind: 'Dashboard', metadata: { name: 'order' }, spec };
    expect((await apiRequest(s, 'POST', collection(version), body)).status).toBe(201);
    const stored = (await apiRequest(s, 'GET', `${collection(version)}/order`)).body;
    const [stat, shared] = stored.spec.panels;
    // V28 converts the singlestat in full wherever no cleanup renamed it first: its `valueName` becomes the reducer.
    expect(stat).toMatchObject({ type: 'stat', pluginVersion: '1.0.0', options: { reduceOptions: { calcs: ['max'] } } });
    expect(stat.autoMigrateFrom).toBeUndefined();
    if (order === 'no pass') {
      expect(stored.spec.__inputs).toEqual(spec.__inputs);
      expect(stored.spec.__requires).toEqual(spec.__requires);
      expect(stored.spec.annotations).toBeUndefined();
      // V33 and V36 leave a library panel's `datasource: null` (no default data source) where no cleanup follows.
      expect(shared).toHaveProperty('datasource', null);
      return;
    }
    expect(stored.spec).not.toHaveProperty('__inputs');
    expect(stored.spec).not.toHaveProperty('__requires');
    expect(stored.spec.annotations.list).toEqual([BUILT_IN]);
    // The cleanup, last, cuts the library panel back to its reference: nothing the steps wrote into it is kept.
    expect(shared).toEqual(library);
    // So writing the stored spec back (as a UI save of it does) stores it unchanged.
    const again = { ...body, metadata: { name: 'order', resourceVersion: stored.metadata.resourceVersion }, spec: stored.spec };
    expect((await apiRequest(s, 'PUT', `${collection(version)}/order`, again)).status).toBe(200);
    expect((await apiRequest(s, 'GET', `${collection(version)}/order`)).body.spec).toEqual(stored.spec);
  });

  it('SandboxOptions.cleanupBeforeSteps (a form no release ships): __inputs kept, a top-level singlestat renamed by the cleanup before V28, the steps\' nulls stored', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', cleanupBeforeSteps: true });
    expect((await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lib', name: 'Shared', kind: 1, model: { type: 'timeseries', title: 'Shared' } })).status).toBe(200);
    const singlestat = { id: 1, type: 'singlestat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 }, valueName: 'max', targets: [{ refId: 'A', expr: 'up' }] };
    const library = { id: 2, title: 'Shared', gridPos: { x: 6, y: 0, w: 6, h: 4 }, libraryPanel: { uid: 'lib', name: 'Shared' } };
    const spec = { __inputs: [{ name: 'DS_PROM', type: 'datasource' }], title: 'Order', schemaVersion: 27, panels: [singlestat, library] };
    const body = { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'order' }, spec };
    expect((await apiRequest(s, 'POST', collection('v1'), body)).status).toBe(201);
    const stored = (await apiRequest(s, 'GET', `${collection('v1')}/order`)).body.spec;
    expect(stored.__inputs).toEqual(spec.__inputs);
    expect(stored.panels[0]).toMatchObject({ type: 'stat', autoMigrateFrom: 'singlestat', valueName: 'max' });
    expect(stored.panels[0]).not.toHaveProperty('pluginVersion');
    expect(stored.panels[1]).toHaveProperty('datasource', null);
  });

  it.each(['12', '13'] as GrafanaVersion[])('Grafana %s: a save through /api (v0alpha1) is stored as posted, no defaults', async (grafanaVersion) => {
    const s = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'min', ...minimal } })).status).toBe(200);
    const { id: _id, version: _version, ...stored } = (await apiRequest(s, 'GET', '/api/dashboards/uid/min')).body.dashboard;
    expect(stored).toEqual({ uid: 'min', ...minimal });
  });
});
