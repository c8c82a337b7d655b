import { describe, expect, it } from 'vitest';
import { diffContent } from '../../../src/diff/diff-content.js';
import { diffDashboards } from '../../../src/diff/diff-dashboards.js';
import type { FieldChange } from '../../../src/diff/types.js';
import { migrateDashboardSpec } from '../../../src/sandbox/migration/index.js';

// A file whose panels have no ids: Grafana numbers them in the file's order on every save (13, and the UI), or keeps
// none (11.2's /api). After one panel is inserted, the ids Grafana holds name other panels, and matching by place
// compared each panel with the one before it: a change on every later panel for "one panel inserted".

type Panel = Record<string, unknown>;

const panel = (title: string, y: number, extra: Panel = {}): Panel => ({
  type: 'timeseries',
  title,
  gridPos: { x: 0, y, w: 24, h: 8 },
  datasource: { type: 'prometheus', uid: 'prom' },
  targets: [{ refId: 'A', expr: `rate(${title.toLowerCase()}_seconds_total[5m])` }],
  ...extra,
});
const row = (title: string, y: number, panels: Panel[]): Panel => ({ type: 'row', title, collapsed: true, gridPos: { x: 0, y, w: 24, h: 1 }, panels });
const dashboard = (panels: Panel[]) => ({ uid: 'svc', title: 'Service', schemaVersion: 42, panels });

/** What ensurePanelsHaveUniqueIds gives a file without ids: 1 and on, in file order, a row's panels after the row. */
function withGivenIds(model: { panels: Panel[] }): { panels: Panel[] } {
  let next = 1;
  const give = (p: Panel): Panel => {
    const id = next++;
    return { ...p, id, ...(Array.isArray(p.panels) ? { panels: (p.panels as Panel[]).map(give) } : {}) };
  };
  return { ...model, panels: model.panels.map(give) };
}

const NO_METADATA = { labels: {}, annotations: {} };

/** The plan's field changes of a file pushed as `pushed` (Grafana holding it as `grafana` words it) and now `file`. */
function planned(grafana: 'numbers them' | 'keeps none', pushed: { panels: Panel[] }, file: { panels: Panel[] }): FieldChange[] {
  const live = grafana === 'numbers them' ? withGivenIds(pushed) : pushed;
  return diffContent({ schema: 'v1', spec: structuredClone(live), metadata: NO_METADATA }, { schema: 'v1', spec: structuredClone(file), metadata: NO_METADATA });
}

const moved = (path: string, from: number, to: number): FieldChange => ({ path: `${path}.gridPos.y`, kind: 'changed', before: from, after: to });

const CPU = panel('CPU', 0);
const MEMORY = panel('Memory', 8);
const DISK = panel('Disk', 16);
const PUSHED = dashboard([CPU, MEMORY, DISK]);
const at = (p: Panel, y: number): Panel => ({ ...p, gridPos: { ...(p.gridPos as object), y } });

/** The plan's changes (kind and path) of the panel between CPU and Disk replaced by two others of its type. */
function replaced(grafana: 'numbers them' | 'keeps none', middle: Panel, [first, second]: [Panel, Panel]): string[] {
  const changes = planned(grafana, dashboard([CPU, at(middle, 8), at(DISK, 16)]), dashboard([CPU, at(first, 8), at(second, 16), at(DISK, 24)]));
  return changes.map(({ path, kind }) => `${kind} ${path}`);
}

/** What `replaced` reads as when nothing says the panel became either: one removed and two added (Disk below them goes down by itself). */
const removedAndAdded = (removed: string, [first, second]: [string, string]): string[] => [
  `added panels[1 "${first}"]`,
  `added panels[2 "${second}"]`,
  `removed panels[1 "${removed}"]`,
];

describe.each(['numbers them', 'keeps none'] as const)('panels without ids, where Grafana %s', (grafana) => {
  it('a panel inserted at the start: one panel added, the others not said moved (the grid does that)', () => {
    const errors = panel('Errors', 0);
    expect(planned(grafana, PUSHED, dashboard([errors, at(CPU, 8), at(MEMORY, 16), at(DISK, 24)]))).toEqual([
      { path: 'panels[0 "Errors"]', kind: 'added', after: errors },
    ]);
  });

  it('a panel inserted in the middle: one panel added, those below it not said moved', () => {
    const errors = panel('Errors', 8);
    expect(planned(grafana, PUSHED, dashboard([CPU, errors, at(MEMORY, 16), at(DISK, 24)]))).toEqual([
      { path: 'panels[1 "Errors"]', kind: 'added', after: errors },
    ]);
  });

  it('a panel inserted beside another (no panel moves): one panel added', () => {
    const errors = { ...panel('Errors', 0), gridPos: { x: 12, y: 0, w: 12, h: 8 } };
    const half = { ...CPU, gridPos: { x: 0, y: 0, w: 12, h: 8 } };
    const pushed = dashboard([half, MEMORY, DISK]);
    expect(planned(grafana, pushed, dashboard([half, errors, MEMORY, DISK]))).toEqual([{ path: 'panels[1 "Errors"]', kind: 'added', after: errors }]);
  });

  it('a panel added or removed at the end is named by its place and title (its value is cut at the end of its line)', () => {
    const errors = panel('Errors', 24);
    expect(planned(grafana, PUSHED, dashboard([CPU, MEMORY, DISK, errors]))).toEqual([{ path: 'panels[3 "Errors"]', kind: 'added', after: errors }]);
    const held = grafana === 'numbers them' ? { ...DISK, id: 3 } : DISK;
    expect(planned(grafana, PUSHED, dashboard([CPU, { ...MEMORY, description: 'RSS' }]))).toEqual([
      { path: 'panels[1 "Memory"].description', kind: 'added', after: 'RSS' },
      { path: 'panels[2 "Disk"]', kind: 'removed', before: held },
    ]);
  });

  it('a panel edited in place reads by its place, as it always has', () => {
    const edited = { ...MEMORY, title: 'Memory used', targets: [{ refId: 'A', expr: 'mem_used' }] };
    expect(planned(grafana, PUSHED, dashboard([CPU, edited, DISK]))).toEqual([
      { path: 'panels[1].targets[0].expr', kind: 'changed', before: 'rate(memory_seconds_total[5m])', after: 'mem_used' },
      { path: 'panels[1].title', kind: 'changed', before: 'Memory', after: 'Memory used' },
    ]);
  });

  it('a panel inserted above a panel that is also edited: the edit shows on that panel', () => {
    const errors = panel('Errors', 0);
    const edited = { ...at(MEMORY, 16), targets: [{ refId: 'A', expr: 'mem_used' }] };
    expect(planned(grafana, PUSHED, dashboard([errors, at(CPU, 8), edited, at(DISK, 24)]))).toEqual([
      { path: 'panels[0 "Errors"]', kind: 'added', after: errors },
      { path: 'panels[2 "Memory"].targets[0].expr', kind: 'changed', before: 'rate(memory_seconds_total[5m])', after: 'mem_used' },
    ]);
  });

  it('a panel inserted above a panel retitled and edited: one panel added, that panel edited (not one removed, two added)', () => {
    const errors = panel('Errors', 8);
    const edited = { ...at(MEMORY, 16), title: 'Memory used', targets: [{ refId: 'A', expr: 'mem_used' }] };
    expect(planned(grafana, PUSHED, dashboard([CPU, errors, edited, at(DISK, 24)]))).toEqual([
      { path: 'panels[1 "Errors"]', kind: 'added', after: errors },
      { path: 'panels[2].targets[0].expr', kind: 'changed', before: 'rate(memory_seconds_total[5m])', after: 'mem_used' },
      { path: 'panels[2].title', kind: 'changed', before: 'Memory', after: 'Memory used' },
    ]);
  });

  it('a text panel inserted below a panel retitled and edited: the panel of the same type is the one edited', () => {
    const note = { type: 'text', title: 'Read me', gridPos: { x: 0, y: 16, w: 24, h: 4 }, options: { content: 'On call: #ops' } };
    const edited = { ...MEMORY, title: 'Resident memory', targets: [{ refId: 'A', expr: 'process_resident_memory_bytes' }] };
    expect(planned(grafana, PUSHED, dashboard([CPU, edited, note, at(DISK, 20)]))).toEqual([
      { path: 'panels[1].targets[0].expr', kind: 'changed', before: 'rate(memory_seconds_total[5m])', after: 'process_resident_memory_bytes' },
      { path: 'panels[1].title', kind: 'changed', before: 'Memory', after: 'Resident memory' },
      { path: 'panels[2 "Read me"]', kind: 'added', after: note },
    ]);
  });

  it('a panel removed and two of its type added in its place: one removed and two added, not the one edited into another', () => {
    // Same type and data source, no title word or query in common: nothing says Memory became Latency.
    const [errors, latency] = [panel('Errors', 8), panel('Latency', 16)];
    const held = grafana === 'numbers them' ? { ...MEMORY, id: 2 } : MEMORY;
    expect(planned(grafana, PUSHED, dashboard([CPU, errors, latency, at(DISK, 24)]))).toEqual([
      { path: 'panels[1 "Errors"]', kind: 'added', after: errors },
      { path: 'panels[2 "Latency"]', kind: 'added', after: latency },
      { path: 'panels[1 "Memory"]', kind: 'removed', before: held },
    ]);
    // A one-letter word (a unit) says nothing either.
    const perSecond = (title: string) => ({ ...panel(title, 0), title: `${title} / s` });
    expect(replaced(grafana, perSecond('Requests'), [perSecond('Bytes'), perSecond('Errors')])).toEqual(removedAndAdded('Requests / s', ['Bytes / s', 'Errors / s']));
  });

  it('a connective or a word any panel title may hold (by, per, rate) says nothing either: one removed and two added', () => {
    const held = { ...panel('Requests by status', 0), targets: [{ refId: 'A', expr: 'sum by (status) (rate(http_requests_total[5m]))' }] };
    expect(replaced(grafana, held, [panel('Errors by route', 0), panel('Latency p99', 0)])).toEqual(removedAndAdded('Requests by status', ['Errors by route', 'Latency p99']));
    expect(replaced(grafana, panel('Total rate', 0), [panel('Request rate', 0), panel('Error rate', 0)])).toEqual(removedAndAdded('Total rate', ['Request rate', 'Error rate']));
  });

  it('a panel inserted beside one retitled whose query stayed: that panel edited (the query says it is the same)', () => {
    const [errors, retitled] = [panel('Errors', 8), { ...at(MEMORY, 16), title: 'RSS' }];
    expect(planned(grafana, PUSHED, dashboard([CPU, errors, retitled, at(DISK, 24)]))).toEqual([
      { path: 'panels[1 "Errors"]', kind: 'added', after: errors },
      { path: 'panels[2].title', kind: 'changed', before: 'Memory', after: 'RSS' },
    ]);
  });

  it('a panel removed: one panel removed (as Grafana holds it), the one below not said moved', () => {
    const held = grafana === 'numbers them' ? { ...MEMORY, id: 2 } : MEMORY;
    expect(planned(grafana, PUSHED, dashboard([CPU, at(DISK, 8)]))).toEqual([{ path: 'panels[1 "Memory"]', kind: 'removed', before: held }]);
  });

  it('two panels that swapped places: one swap, named by their titles, whether or not Grafana keeps them in grid order', () => {
    // Said before as the list's new order and two grid moves, or (Grafana holding its panels in grid order) two moves
    // of untitled places.
    expect(planned(grafana, PUSHED, dashboard([at(MEMORY, 0), at(CPU, 8), DISK]))).toEqual([
      { path: 'panels[0 "Memory"]', kind: 'moved', swappedWith: 'panels[1 "CPU"]', before: { x: 0, y: 8 }, after: { x: 0, y: 0 } },
    ]);
  });

  it('the last of three panels of one height dragged to the top: that panel moved, as for unlike heights (diff-61; diff-60 said three that went round)', () => {
    const changes = planned(grafana, PUSHED, dashboard([at(DISK, 0), at(CPU, 8), at(MEMORY, 16)]));
    expect(changes.filter(({ path }) => !path.includes('gridPos')).map(({ kind, path }) => `${kind} ${path}`)).toEqual(grafana === 'numbers them' ? [] : ['changed panels']);
    expect(changes.filter(({ path }) => path.includes('gridPos')).map(({ path, before, after }) => `${path}: ${before} → ${after}`)).toEqual(['panels[0 "Disk"].gridPos.y: 16 → 0']);
  });

  it('one of three panels of unlike heights dragged to the top: that panel moved, not the two it passed (diff-60)', () => {
    const changes = planned(grafana, PUSHED, dashboard([{ ...DISK, gridPos: { x: 0, y: 0, w: 24, h: 4 } }, at(CPU, 4), at(MEMORY, 12)]));
    // (Where Grafana keeps none, the list's new order too; where it numbers them, the panels are compared in place.)
    expect(changes.filter(({ path }) => path.includes('gridPos')).map(({ path }) => path.replace(' "Disk"', ''))).toEqual(['panels[0].gridPos.h', 'panels[0].gridPos.y']);
  });

  it('a copy of a panel added below it: the copy is the panel added', () => {
    const note = { type: 'text', title: 'Note', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { content: 'Read me' } };
    const pushed = dashboard([note, at(CPU, 4)]);
    const copy = at(note, 4);
    expect(planned(grafana, pushed, dashboard([note, copy, at(CPU, 8)]))).toEqual([
      { path: 'panels[1 "Note"]', kind: 'added', after: copy },
    ]);
  });

  it('one of two identical panels removed: one panel removed', () => {
    const note = { type: 'text', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { content: 'Read me' } };
    const pushed = dashboard([note, at(note, 4), at(CPU, 8)]);
    const held = grafana === 'numbers them' ? { ...at(note, 4), id: 2 } : at(note, 4);
    expect(planned(grafana, pushed, dashboard([note, at(CPU, 4)]))).toEqual([{ path: 'panels[1]', kind: 'removed', before: held }]);
  });

  it("a panel inserted in a collapsed row: one panel added in that row, the row's others not said moved", () => {
    const pushed = dashboard([row('Overview', 0, [panel('CPU', 1), panel('Memory', 9)]), row('Details', 1, [panel('Disk', 2)])]);
    const errors = panel('Errors', 1);
    const file = dashboard([row('Overview', 0, [errors, panel('CPU', 9), panel('Memory', 17)]), row('Details', 1, [panel('Disk', 2)])]);
    expect(planned(grafana, pushed, file)).toEqual([
      { path: 'panels[0].panels[0 "Errors"]', kind: 'added', after: errors },
    ]);
  });

  it('a collapsed row inserted at the start, with its panels: one panel added, the rows below not said moved', () => {
    const pushed = dashboard([row('Overview', 0, [panel('CPU', 1)]), row('Details', 1, [panel('Disk', 2)])]);
    const added = row('Alerts', 0, [panel('Firing', 1)]);
    const file = dashboard([added, row('Overview', 1, [panel('CPU', 2)]), row('Details', 2, [panel('Disk', 3)])]);
    expect(planned(grafana, pushed, file)).toEqual([
      { path: 'panels[0 "Alerts"]', kind: 'added', after: added },
    ]);
  });
});

describe('library panel references, which carry no title', () => {
  const reference = (uid: string, name: string, y: number, id?: number): Panel => ({ ...(id === undefined ? {} : { id }), gridPos: { x: 0, y, w: 12, h: 8 }, libraryPanel: { uid, name } });
  const diff = (live: Panel[], file: Panel[]) =>
    diffContent({ schema: 'v1', spec: dashboard(live), metadata: NO_METADATA }, { schema: 'v1', spec: dashboard(file), metadata: NO_METADATA });

  it('are named by their library panel: a reorder and a move say which, not bare places', () => {
    const errors = panel('Errors', 0);
    expect(diff([reference('lp-cpu', 'CPU usage', 0), reference('lp-mem', 'Memory', 8)], [errors, reference('lp-mem', 'Memory', 8), reference('lp-cpu', 'CPU usage', 16)])).toEqual([
      { path: 'panels', kind: 'changed', before: ['0 "CPU usage"', '1 "Memory"'], after: ['1 "Memory"', '2 "CPU usage"'] },
      { path: 'panels[0 "Errors"]', kind: 'added', after: errors },
      moved('panels[2 "CPU usage"]', 0, 16),
    ]);
  });

  it('with ids as without', () => {
    expect(diff([reference('lp-cpu', 'CPU usage', 0, 1)], [reference('lp-cpu', 'CPU usage', 8, 1)])).toEqual([moved('panels[id=1 "CPU usage"]', 0, 8)]);
  });
});

describe('panels Grafana migrated and numbered from the file before the insert', () => {
  // A graph panel Grafana holds as a time series (autoMigrateFrom), a query without a refId that it gave "A": the
  // migration rule takes each live panel's file form from the panel it is a copy of, not from the one its id now names.
  const graph = (title: string, y: number): Panel => ({ type: 'graph', title, gridPos: { x: 0, y, w: 24, h: 8 }, targets: [{ expr: `${title.toLowerCase()}_total` }] });
  const asGrafanaHolds = (p: Panel, id: number): Panel => ({ ...p, id, type: 'timeseries', autoMigrateFrom: 'graph', targets: [{ expr: (p.targets as { expr: string }[])[0]!.expr, refId: 'A' }] });
  const held = dashboard([asGrafanaHolds(graph('CPU', 0), 1), asGrafanaHolds(graph('Memory', 8), 2), asGrafanaHolds(graph('Disk', 16), 3)]);
  const diff = (file: { panels: Panel[] }) =>
    diffContent({ schema: 'v1', spec: structuredClone(held), metadata: NO_METADATA }, { schema: 'v1', spec: structuredClone(file), metadata: NO_METADATA });

  it('a panel inserted at the start: one panel added, the others not said moved (the grid does that)', () => {
    const errors = graph('Errors', 0);
    expect(diff(dashboard([errors, graph('CPU', 8), graph('Memory', 16), graph('Disk', 24)]))).toEqual([
      { path: 'panels[0 "Errors"]', kind: 'added', after: errors },
    ]);
  });

  it('a panel removed: one panel removed, the one below not said moved', () => {
    expect(diff(dashboard([graph('CPU', 0), graph('Disk', 8)]))).toEqual([
      { path: 'panels[1 "Memory"]', kind: 'removed', before: (held.panels as Panel[])[1] },
    ]);
  });

  it('the file as pushed is still no change', () => {
    expect(diff(dashboard([graph('CPU', 0), graph('Memory', 8), graph('Disk', 16)]))).toEqual([]);
  });
});

describe('an untitled panel removed above an untitled panel of another type, Grafana numbering them', () => {
  // Grafana 13 held the text panel as 1 and the query panel as 2 (giving its query the refId "A"): the file's query
  // panel, now first, is predicted 1, the text panel's id. Untitled alike, it is still no copy of a text panel.
  const note = { type: 'text', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { content: 'On call: #ops' } };
  const query = { type: 'timeseries', gridPos: { x: 0, y: 4, w: 24, h: 8 }, targets: [{ expr: 'up' }] };
  const held = dashboard([{ ...note, id: 1 }, { ...query, id: 2, targets: [{ expr: 'up', refId: 'A' }] }]);

  it('one panel removed, the other not said moved: no refId or id of the text panel shown as its', () => {
    const file = dashboard([{ ...query, gridPos: { x: 0, y: 0, w: 24, h: 8 } }]);
    expect(diffContent({ schema: 'v1', spec: structuredClone(held), metadata: NO_METADATA }, { schema: 'v1', spec: file, metadata: NO_METADATA })).toEqual([
      { path: 'panels[0]', kind: 'removed', before: held.panels[0] },
    ]);
  });
});

describe('an untitled text2 panel of a file below schemaVersion 26, which Grafana holds as a text panel (V26)', () => {
  const note = { type: 'text2', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { mode: 'markdown', content: 'On call: #ops' } };
  const file = (panels: Panel[]) => ({ ...dashboard(panels), schemaVersion: 20 });
  const migrated = migrateDashboardSpec(withGivenIds(file([note, at(CPU, 4), at(DISK, 12)])), 42, { frontendDefaults: true, nestedPanelsAutoMigrate: true });
  if ('error' in migrated) throw new Error(migrated.error.message);
  // The plan takes the schemaVersion Grafana's migration wrote as the file's (plan/drop-migrated-schema-version.ts).
  const diff = (edited: { panels: Panel[] }) =>
    diffContent({ schema: 'v1', spec: structuredClone(migrated.spec), metadata: NO_METADATA }, { schema: 'v1', spec: edited, metadata: NO_METADATA }).filter(({ path }) => path !== 'schemaVersion');

  it('a panel inserted below it: one panel added, those below not said moved, the text panel untouched', () => {
    expect((migrated.spec.panels as Panel[])[0]).toMatchObject({ id: 1, type: 'text' });
    const errors = panel('Errors', 4);
    expect(diff(file([note, errors, at(CPU, 12), at(DISK, 20)]))).toEqual([
      { path: 'panels[1 "Errors"]', kind: 'added', after: errors },
    ]);
  });
});

describe('panel pairing keeps what ids already pair', () => {
  it('panels that all have ids are paired by id, as before', () => {
    const live = { panels: [{ id: 1, ...CPU }, { id: 2, ...MEMORY }] };
    const desired = { panels: [{ id: 3, ...panel('Errors', 0) }, { id: 1, ...at(CPU, 8) }, { id: 2, ...at(MEMORY, 16) }] };
    expect(diffDashboards(live, desired).map((change) => change.path)).toEqual(['panels[id=3 "Errors"]', 'panels[id=1 "CPU"].gridPos.y', 'panels[id=2 "Memory"].gridPos.y']);
  });

  it('a panel with an id the file gives it keeps its twin even where others have none', () => {
    const live = { panels: [CPU, { id: 7, ...MEMORY }] };
    const desired = { panels: [panel('Errors', 0), at(CPU, 8), { id: 7, ...at(MEMORY, 16), title: 'Memory used' }] };
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'panels[0 "Errors"]', kind: 'added', after: panel('Errors', 0) },
      moved('panels[1 "CPU"]', 0, 8),
      moved('panels[2]', 8, 16),
      { path: 'panels[2].title', kind: 'changed', before: 'Memory', after: 'Memory used' },
    ]);
  });

  it('panels with ids Grafana holds in grid order, listed otherwise in the file, one inserted: no reorder, nor the panel it pushed down', () => {
    const half = (p: Panel, id: number, x: number, y: number): Panel => ({ ...p, id, gridPos: { x, y, w: 12, h: 8 } });
    const live = { panels: [half(CPU, 2, 0, 0), half(MEMORY, 1, 12, 0)] };
    const errors = half(panel('Errors', 0), 3, 0, 0);
    const file = { panels: [half(MEMORY, 1, 12, 0), errors, half(CPU, 2, 0, 8)] };
    expect(diffContent({ schema: 'v1', spec: live, metadata: NO_METADATA }, { schema: 'v1', spec: file, metadata: NO_METADATA })).toEqual([
      { path: 'panels[id=3 "Errors"]', kind: 'added', after: errors },
    ]);
  });

  it('leaves arrays other than panels by index', () => {
    const live = { panels: [{ ...CPU, targets: [{ expr: 'a' }, { expr: 'b' }] }] };
    const desired = { panels: [{ ...CPU, targets: [{ expr: 'new' }, { expr: 'a' }, { expr: 'b' }] }] };
    expect(diffDashboards(live, desired).map((change) => change.path)).toEqual(['panels[0].targets[0].expr', 'panels[0].targets[1].expr', 'panels[0].targets[2]']);
  });
});
