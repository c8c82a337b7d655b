import { describe, expect, it } from 'vitest';
import { DatasourceIndex } from '../../../src/grafana-migration/datasource-ref.js';
import { diffContent } from '../../../src/diff/diff-content.js';
import { withoutMigrationDefaults } from '../../../src/diff/drop-migration-defaults.js';
import { migrateDashboardSpec } from '../../../src/sandbox/migration/index.js';
import { MIGRATION_DEFAULTS as STORED_DEFAULTS } from '../../helpers/migration-defaults.js';

const noMetadata = { labels: {}, annotations: {} };
const classic = (spec: Record<string, unknown>) => ({ schema: 'v1' as const, spec, metadata: noMetadata });
const diff = (live: Record<string, unknown>, file: Record<string, unknown>) => diffContent(classic(live), classic(file));

const gridPos = (x: number, y: number) => ({ x, y, w: 12, h: 8 });

describe("diffContent of a classic dashboard Grafana's migration saved (frontend defaults and cleanup)", () => {
  const file = { uid: 'm', title: 'M', schemaVersion: 42, panels: [{ id: 1, type: 'graph', title: 'CPU', gridPos: gridPos(0, 0), targets: [{ expr: 'up' }] }] };
  const stored = { ...file, ...STORED_DEFAULTS, panels: [{ id: 1, type: 'timeseries', autoMigrateFrom: 'graph', title: 'CPU', gridPos: gridPos(0, 0), targets: [{ expr: 'up', refId: 'A' }] }] };

  it('shows none of what the migration added where the file says nothing', () => {
    expect(diff(stored, file)).toEqual([]);
  });

  it("shows another client's edit beside them, and only it", () => {
    expect(diff({ ...stored, description: 'from the UI' }, file)).toEqual([{ path: 'description', kind: 'removed', before: 'from the UI' }]);
  });

  it("shows a default-valued field the other client set to something else, and the file's own values Grafana does not hold", () => {
    expect(diff({ ...stored, editable: false, weekStart: 'monday' }, file)).toEqual([
      { path: 'editable', kind: 'removed', before: false },
      { path: 'weekStart', kind: 'removed', before: 'monday' },
    ]);
    expect(diff({ ...stored }, { ...file, editable: false, timezone: 'utc' })).toEqual([
      { path: 'editable', kind: 'changed', before: true, after: false },
      { path: 'timezone', kind: 'changed', before: '', after: 'utc' },
    ]);
  });

  it("shows a panel type Grafana holds that is not the migration's rename of the file's", () => {
    const real = { ...stored, panels: [{ ...stored.panels[0], type: 'timeseries', autoMigrateFrom: undefined }] };
    delete (real.panels[0] as Record<string, unknown>).autoMigrateFrom;
    expect(diff(real, file)).toEqual([{ path: 'panels[id=1 "CPU"].type', kind: 'changed', before: 'timeseries', after: 'graph' }]);
    const bars = { ...file, panels: [{ ...file.panels[0], xaxis: { mode: 'series' } }] };
    const storedBars = { ...stored, panels: [{ ...stored.panels[0], type: 'barchart', xaxis: { mode: 'series' } }] };
    expect(diff(storedBars, bars)).toEqual([]);
    expect(diff({ ...storedBars, panels: [{ ...storedBars.panels[0], type: 'timeseries' }] }, bars)).toEqual([
      { path: 'panels[id=1 "CPU"].autoMigrateFrom', kind: 'removed', before: 'graph' },
      { path: 'panels[id=1 "CPU"].type', kind: 'changed', before: 'timeseries', after: 'graph' },
    ]);
  });

  it('takes the refId Grafana gave a query without one as no change, another one as a change', () => {
    const two = { ...file, panels: [{ ...file.panels[0], targets: [{ expr: 'up' }, { refId: 'A', expr: 'down' }] }] };
    const given = { ...stored, panels: [{ ...stored.panels[0], targets: [{ expr: 'up', refId: 'B' }, { refId: 'A', expr: 'down' }] }] };
    expect(diff(given, two)).toEqual([]);
    const renamed = { ...stored, panels: [{ ...stored.panels[0], targets: [{ expr: 'up', refId: 'C' }, { refId: 'A', expr: 'down' }] }] };
    expect(diff(renamed, two)).toEqual([{ path: 'panels[id=1 "CPU"].targets[0].refId', kind: 'removed', before: 'C' }]);
  });

  it('takes values the cleanup strips, which the file holds, as no change', () => {
    const holding = {
      ...file,
      style: 'dark',
      hideControls: false,
      gnetId: null,
      panels: [{ ...file.panels[0], transparent: false, options: {}, links: [], fieldConfig: { defaults: {}, overrides: [] }, transformations: [], description: null }],
      templating: { list: [{ name: 'ds', type: 'datasource', query: 'prometheus', options: [{ text: 'a', value: 'a' }], datasource: null, index: 0 }, { name: 'c', type: 'constant', query: 'x', options: [{ text: 'x', value: 'x' }] }] },
    };
    const cleaned = { ...stored, templating: { list: [{ name: 'ds', type: 'datasource', query: 'prometheus', options: [] }, { name: 'c', type: 'constant', query: 'x' }] } };
    expect(diff(cleaned, holding)).toEqual([]);
  });

  it("takes the fieldConfig halves and a query variable's options Grafana added as no change", () => {
    const half = { ...file, panels: [{ ...file.panels[0], fieldConfig: { defaults: { unit: 's' } } }], templating: { list: [{ name: 'q', type: 'query', query: 'up' }] } };
    const added = { ...stored, panels: [{ ...stored.panels[0], fieldConfig: { defaults: { unit: 's' }, overrides: [] } }], templating: { list: [{ name: 'q', type: 'query', query: 'up', options: [] }] } };
    expect(diff(added, half)).toEqual([]);
  });

  it("takes Grafana's sort of the panels by grid position as no change, another order as one", () => {
    const a = { id: 1, type: 'stat', title: 'A', gridPos: gridPos(0, 8) };
    const b = { id: 2, type: 'stat', title: 'B', gridPos: gridPos(0, 0) };
    const unsorted = { uid: 'm', title: 'M', panels: [a, b] };
    const defaults = { ...STORED_DEFAULTS };
    expect(diff({ ...unsorted, ...defaults, panels: [b, a] }, unsorted)).toEqual([]);
    const sorted = { uid: 'm', title: 'M', panels: [b, a] };
    expect(diff({ ...sorted, ...defaults, panels: [a, b] }, sorted)).toEqual([{ path: 'panels', kind: 'changed', before: ['id=1 "A"', 'id=2 "B"'], after: ['id=2 "B"', 'id=1 "A"'] }]);
  });

  it("compares each of two panels sharing an id (11.x's /api keeps them) with its own twin where a panel moves in the file: an edit made in Grafana to the second shows", () => {
    const first = { id: 5, type: 'stat', title: 'First', gridPos: gridPos(0, 0) };
    const second = { id: 5, type: 'stat', title: 'Second', gridPos: gridPos(0, 8) };
    const other = { id: 7, type: 'stat', title: 'Other', gridPos: gridPos(0, 16) };
    const pushed = { uid: 'm', title: 'M', schemaVersion: 42, panels: [first, second, other] };
    const edited = { ...pushed, panels: [first, { ...second, description: 'from the UI' }, other] };
    const moved = { ...pushed, panels: [{ ...other, gridPos: gridPos(0, 0) }, { ...first, gridPos: gridPos(0, 8) }, { ...second, gridPos: gridPos(0, 16) }] };
    const changes = diff(edited, moved);
    expect(changes.filter((change) => change.path.endsWith('.description'))).toEqual([{ path: expect.stringContaining('Second'), kind: 'removed', before: 'from the UI' }]);
  });

  describe('panel ids Grafana gives (ensurePanelsHaveUniqueIds: the highest id + 1 and on, in the file\'s order, rows\' panels after their row)', () => {
    const panel = (title: string, y: number, extra: Record<string, unknown> = {}) => ({ type: 'stat', title, gridPos: gridPos(0, y), ...extra });
    // Panels without an id, one with an id, a duplicate and a row whose panel has none; listed out of grid order.
    const noIds = {
      uid: 'm',
      title: 'M',
      panels: [panel('A', 8), { ...panel('B', 0), id: 4 }, { ...panel('C', 16), id: 4 }, { ...panel('Row', 24, { type: 'row', collapsed: true }), panels: [panel('Inner', 25)] }],
    };
    // What Grafana stores: A gets 5, the second id 4 gets 6, the row 7, its panel 8; the top level sorted by grid position.
    const given = {
      ...noIds,
      ...STORED_DEFAULTS,
      panels: [{ ...panel('B', 0), id: 4 }, { ...panel('A', 8), id: 5 }, { ...panel('C', 16), id: 6 }, { ...panel('Row', 24, { type: 'row', collapsed: true }), id: 7, panels: [{ ...panel('Inner', 25), id: 8 }] }],
    };

    it('takes them as no change', () => {
      expect(diff(given, noIds)).toEqual([]);
    });

    it("shows another client's edit of such a panel, and only it", () => {
      const edited = { ...given, panels: given.panels.map((p) => (p.id === 5 ? { ...p, description: 'from the UI' } : p)) };
      expect(diff(edited, noIds)).toEqual([{ path: 'panels[0].description', kind: 'removed', before: 'from the UI' }]);
    });

    it('shows an id someone changed in Grafana, and a panel added there', () => {
      const two = { uid: 'm', title: 'M', panels: [panel('A', 0), panel('B', 8)] };
      const renumbered = { ...two, ...STORED_DEFAULTS, panels: [{ ...panel('A', 0), id: 9 }, { ...panel('B', 8), id: 2 }] };
      expect(diff(renumbered, two)).toEqual([{ path: 'panels[0].id', kind: 'removed', before: 9 }]);
      const added = { ...given, panels: [...given.panels, { ...panel('New', 40), id: 9 }] };
      expect(diff(added, noIds)).toEqual([{ path: 'panels[4 "New"]', kind: 'removed', before: { ...panel('New', 40), id: 9 } }]);
    });

    it('keeps them, and the type renames, for pull (keepGrafanaIdsAndTypes)', () => {
      const graph = { ...noIds, panels: [{ type: 'graph', title: 'G', gridPos: gridPos(0, 0) }] };
      const stored = { ...graph, ...STORED_DEFAULTS, panels: [{ type: 'timeseries', autoMigrateFrom: 'graph', title: 'G', gridPos: gridPos(0, 0), id: 1 }] };
      expect(withoutMigrationDefaults(stored, graph, { keepGrafanaIdsAndTypes: true })).toEqual({ ...graph, panels: stored.panels });
      expect(withoutMigrationDefaults(stored, graph)).toEqual(graph);
    });
  });
});

describe("diffContent against what the sandbox's emulation of 13's migration stores of a file at schemaVersion 42", () => {
  const storedOf = (file: Record<string, unknown>) => {
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true });
    if ('error' in migrated) throw new Error(migrated.error.message);
    return migrated.spec;
  };
  const reference = (uid: string) => ({ uid, name: `Shared ${uid}` });
  const stat = (title: string, y: number, extra: Record<string, unknown> = {}) => ({ type: 'stat', title, gridPos: gridPos(0, y), ...extra });
  const at42 = (panels: unknown[]) => ({ uid: 'm', title: 'M', schemaVersion: 42, panels });

  it('takes a library panel without a title or grid position as no change (the cleanup keeps the title and gridPos the panel defaults gave it), top-level and in a collapsed row', () => {
    const file = at42([
      { id: 1, libraryPanel: reference('a') },
      { ...stat('Row', 8, { type: 'row', collapsed: true }), id: 2, panels: [{ id: 3, gridPos: gridPos(0, 9), libraryPanel: reference('b') }] },
    ]);
    expect(diff(storedOf(file), file)).toEqual([]);
    // A title or place given in Grafana still shows.
    const stored = storedOf(file);
    const titled = { ...stored, panels: [{ ...(stored.panels as Record<string, unknown>[])[0], title: 'Named in the UI' }, ...(stored.panels as unknown[]).slice(1)] };
    expect(diff(titled, file)).toEqual([{ path: 'panels[id=1].title', kind: 'removed', before: 'Named in the UI' }]);
  });

  it('takes panels out of grid order, rows with panels without ids and a library panel among them as no change', () => {
    const file = at42([
      stat('Below', 30, { id: 7 }),
      stat('Top', 0),
      { ...stat('Row', 20, { type: 'row', collapsed: true }), panels: [stat('Inner', 21), { gridPos: gridPos(12, 21), libraryPanel: reference('c') }] },
      stat('Middle', 10, { id: 2 }),
    ]);
    expect(diff(storedOf(file), file)).toEqual([]);
  });

  it("shows only the change made in a collapsed row's panel, beside its equal panels and those the cleanup rewrote", () => {
    const rewritten = (title: string, y: number, id: number) => stat(title, y, { id, transparent: false, links: [], options: {}, description: null });
    const rowOf = (panels: unknown[]) => ({ ...stat('Row', 8, { type: 'row', collapsed: true }), id: 2, panels });
    const inner = [stat('Equal', 9, { id: 3 }), stat('Changed', 10, { id: 4, targets: [{ expr: 'up', refId: 'A' }] }), rewritten('Rewritten', 11, 5), stat('Also equal', 12, { id: 6 })];
    const file = at42([stat('Top', 0, { id: 1 }), rowOf(inner), stat('Bottom', 20, { id: 7 })]);
    const stored = storedOf(file);
    expect(diff(stored, file)).toEqual([]);
    // Grafana's copy of one of the row's panels edited: its panel first, between, or last among the row's.
    const editedAt = (...at: number[]) => {
      const panels = structuredClone(stored.panels) as Record<string, unknown>[];
      const rowPanels = panels[1]!.panels as Record<string, unknown>[];
      for (const one of at) rowPanels[one] = { ...rowPanels[one], description: 'edited in the UI' };
      return { ...stored, panels };
    };
    expect(diff(editedAt(1), file)).toEqual([{ path: 'panels[id=2 "Row"].panels[id=4 "Changed"].description', kind: 'removed', before: 'edited in the UI' }]);
    expect(diff(editedAt(0), file)).toEqual([{ path: 'panels[id=2 "Row"].panels[id=3 "Equal"].description', kind: 'removed', before: 'edited in the UI' }]);
    expect(diff(editedAt(2), file)).toEqual([{ path: 'panels[id=2 "Row"].panels[id=5 "Rewritten"].description', kind: 'changed', before: 'edited in the UI', after: null }]);
    expect(diff(editedAt(3), file)).toEqual([{ path: 'panels[id=2 "Row"].panels[id=6 "Also equal"].description', kind: 'removed', before: 'edited in the UI' }]);
    expect(diff(editedAt(0, 3), file)).toEqual([
      { path: 'panels[id=2 "Row"].panels[id=3 "Equal"].description', kind: 'removed', before: 'edited in the UI' },
      { path: 'panels[id=2 "Row"].panels[id=6 "Also equal"].description', kind: 'removed', before: 'edited in the UI' },
    ]);
    // The row's own title edited: its panels, rewritten or not, show nothing.
    const retitled = { ...stored, panels: (stored.panels as Record<string, unknown>[]).map((panel) => (panel.id === 2 ? { ...panel, title: 'Renamed' } : panel)) };
    expect(diff(retitled, file)).toEqual([{ path: 'panels[id=2].title', kind: 'changed', before: 'Renamed', after: 'Row', rows: true }]);
  });

  it("takes the repeated copies a file holds, which the cleanup drops, as no change", () => {
    const file = at42([stat('Source', 0, { id: 1, repeat: 'host' }), stat('Copy', 0, { id: 2, repeatPanelId: 1, gridPos: gridPos(12, 0) }), stat('Row copy', 8, { id: 3, repeatedByRow: true })]);
    expect(diff(storedOf(file), file)).toEqual([]);
  });

  it("takes the copies V27 drops from a file below schemaVersion 27 (a collapsed row's repeated copies, a top-level repeatByRow one) as no change", () => {
    const row = { ...stat('Row', 0, { type: 'row', collapsed: true }), id: 1, panels: [stat('Source', 1, { id: 2, repeat: 'host' }), stat('Copy', 1, { id: 3, repeatPanelId: 2, gridPos: gridPos(12, 1) })] };
    const file = { uid: 'm', title: 'M', schemaVersion: 26, panels: [row, stat('By row', 9, { id: 4, repeatByRow: true })] };
    // The other steps from 26 on (V33/V36 datasources and the like) are not what this looks at: only the copies, whole.
    const ofCopies = (live: Record<string, unknown>, against: Record<string, unknown>) => diff(live, against).filter((change) => /"(Copy|By row)"\]$/.test(change.path));
    const stored = storedOf(file);
    expect((stored.panels as unknown[]).length).toBe(1);
    expect(((stored.panels as Record<string, unknown>[])[0]!.panels as unknown[]).length).toBe(1);
    expect(ofCopies(stored, file)).toEqual([]);
    // From 27 on V27 does not run and Grafana keeps both: a stored dashboard without them shows them as added.
    const at27 = { ...file, schemaVersion: 27 };
    expect(ofCopies(storedOf(at27), at27)).toEqual([]);
    expect(ofCopies(stored, at27).map((change) => [change.path, change.kind])).toEqual([
      ['panels[id=1 "Row"].panels[id=3 "Copy"]', 'added'],
      ['panels[id=4 "By row"]', 'added'],
    ]);
  });

  it("takes the rename of a collapsed row's Angular panel (12.4 on, as of a top-level one) as no change", () => {
    const file = at42([{ ...stat('Row', 0, { type: 'row', collapsed: true }), id: 1, panels: [{ ...stat('Old graph', 1), id: 2, type: 'graph' }] }]);
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, nestedPanelsAutoMigrate: true });
    if ('error' in migrated) throw new Error(migrated.error.message);
    expect(((migrated.spec.panels as Record<string, unknown>[])[0]!.panels as Record<string, unknown>[])[0]).toMatchObject({ type: 'timeseries', autoMigrateFrom: 'graph' });
    expect(diff(migrated.spec, file)).toEqual([]);
  });

  it("takes what V28, V35 and V36 wrote where a file below their versions says nothing (a row's and a collapsed row's panels too) as no change, and shows it for a file at 36", () => {
    const hiddenAxes = { defaults: { custom: { axisPlacement: 'hidden' } }, overrides: [] };
    const query = [{ refId: 'A', expr: 'up' }];
    const row = { ...stat('Row', 0, { type: 'row', collapsed: true }), id: 1, panels: [{ ...stat('Inner stat', 1), id: 2, targets: query }, { ...stat('Axes', 2), id: 3, type: 'timeseries', fieldConfig: hiddenAxes, targets: query }] };
    const file = { uid: 'm', title: 'M', schemaVersion: 26, panels: [row, { ...stat('Text', 10), id: 4, type: 'text' }] };
    // Stored as after dashsync's record patch: its own migration's cleanup took the steps' nulls away (cleanup-rewrites.ts).
    const options = { frontendDefaults: true, nestedPanelsAutoMigrate: true, collapsedRowSteps: true };
    const pushed = migrateDashboardSpec(file, 42, options);
    const migrated = 'error' in pushed ? pushed : migrateDashboardSpec(pushed.spec, 42, options);
    if ('error' in migrated) throw new Error(migrated.error.message);
    const panels = migrated.spec.panels as Record<string, any>[];
    expect(panels[0]!.targets).toEqual([{ refId: 'A', datasource: {} }]);
    expect(panels[0]!.panels[0].options).toMatchObject({ textMode: 'auto' });
    expect(panels[0]!.panels[1].fieldConfig.overrides).toHaveLength(1);
    // (The schemaVersion Grafana migrated to is left out by the plan: dropMigratedSchemaVersion.)
    const paths = (against: Record<string, unknown>) => diff(migrated.spec, against).map((change) => change.path).filter((path) => path !== 'schemaVersion');
    expect(paths(file)).toEqual([]);
    // At 36 a push runs none of those steps: what they wrote is Grafana's copy differing from the file.
    expect(paths({ ...file, schemaVersion: 36 })).toEqual([
      'panels[id=1 "Row"].panels[id=2 "Inner stat"].options',
      'panels[id=1 "Row"].panels[id=2 "Inner stat"].targets[0].datasource',
      'panels[id=1 "Row"].panels[id=3 "Axes"].fieldConfig.overrides[0]',
      'panels[id=1 "Row"].panels[id=3 "Axes"].targets[0].datasource',
      'panels[id=1 "Row"].targets',
      'panels[id=4 "Text"].targets',
    ]);
  });

  it("pull's form keeps what V28, V35 and V36 wrote (its file takes Grafana's schemaVersion, where no step writes it again) and leaves the frontend defaults out", () => {
    const hiddenAxes = { defaults: { custom: { axisPlacement: 'hidden' } }, overrides: [] };
    const file = { uid: 'm', title: 'M', schemaVersion: 26, panels: [{ ...stat('Axes', 0), id: 1, type: 'timeseries', fieldConfig: hiddenAxes, targets: [{ refId: 'A' }] }, { ...stat('Stat', 8), id: 2, targets: [{ refId: 'A' }] }] };
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, nestedPanelsAutoMigrate: true });
    if ('error' in migrated) throw new Error(migrated.error.message);
    const pulled = withoutMigrationDefaults(migrated.spec, file, { keepGrafanaIdsAndTypes: true });
    const panels = pulled.panels as Record<string, any>[];
    expect(panels[0]!.fieldConfig.overrides).toHaveLength(1);
    expect(panels[1]!.options).toMatchObject({ justifyMode: 'auto', textMode: 'auto', wideLayout: true });
    expect(panels[1]!.targets).toEqual([{ refId: 'A', datasource: {} }]);
    expect(pulled.editable).toBeUndefined();
  });

  it("with a default datasource, takes V36's copies of the panel's datasource into its queries and a row's as no change; the panel's own shows only where Grafana's default is not known", () => {
    const file = {
      uid: 'm',
      title: 'M',
      schemaVersion: 26,
      panels: [
        { ...stat('Row', 0, { type: 'row', collapsed: true }), id: 1, panels: [{ ...stat('Named', 1), id: 2, datasource: { uid: 'loki', type: 'loki' }, targets: [{ refId: 'A', expr: 'up' }] }] },
        { ...stat('Unnamed', 10), id: 3, targets: [{ refId: 'A', expr: 'up' }] },
      ],
    };
    const options = { frontendDefaults: true, nestedPanelsAutoMigrate: true, datasources: [{ uid: 'prom', name: 'Prometheus', type: 'prometheus', isDefault: true }] };
    const migrated = migrateDashboardSpec(file, 42, options);
    if ('error' in migrated) throw new Error(migrated.error.message);
    const prom = { uid: 'prom', type: 'prometheus' };
    expect((migrated.spec.panels as Record<string, any>[])[1]).toMatchObject({ datasource: prom, targets: [{ datasource: prom }] });
    const paths = (live: Record<string, unknown>, against: Record<string, unknown>, defaultDatasource?: Record<string, unknown>) =>
      diffContent(classic(live), classic(against), { defaultDatasource })
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    // Not knowing the instance's default, dashsync cannot tell it from a datasource chosen in the UI.
    expect(paths(migrated.spec, file)).toEqual(['panels[id=3 "Unnamed"].datasource']);
    // Knowing it: what a push of the file writes again.
    expect(paths(migrated.spec, file, prom)).toEqual([]);
    // Another default than the one Grafana holds: the panel's (and its query's copy of it) are Grafana's own.
    expect(paths(migrated.spec, file, { uid: 'other', type: 'prometheus' })).toEqual([
      'panels[id=1 "Row"].targets',
      'panels[id=3 "Unnamed"].datasource',
      'panels[id=3 "Unnamed"].targets[0].datasource',
    ]);
  });

  it("with Grafana's default known, works out what V36 gave a panel naming none from the file: its last query's own datasource, a copy for the queries before it, the given query of a panel without any", () => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const loki = { uid: 'loki', type: 'loki' };
    const expression = { uid: '__expr__', type: '__expr__' };
    const file = {
      uid: 'm',
      title: 'M',
      schemaVersion: 30,
      panels: [
        { ...stat('Mixed queries', 0), id: 1, targets: [{ refId: 'A', expr: 'up' }, { refId: 'B', expr: 'rate', datasource: loki }, { refId: 'C', expr: 'x' }] },
        { ...stat('Expression', 10), id: 2, targets: [{ refId: 'A', expr: 'up' }, { refId: 'B', datasource: expression }] },
        { ...stat('Text', 20), id: 3, type: 'text' },
        { ...stat('Default by name', 30), id: 4, datasource: 'default', targets: [{ refId: 'A', expr: 'up', datasource: 'default' }] },
      ],
    };
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, nestedPanelsAutoMigrate: true, datasources: [{ ...prom, name: 'Prometheus', isDefault: true }, { ...loki, name: 'Loki' }] });
    if ('error' in migrated) throw new Error(migrated.error.message);
    const [mixed, withExpression, text, byName] = migrated.spec.panels as Record<string, any>[];
    expect(mixed).toMatchObject({ datasource: loki, targets: [{ datasource: prom }, { datasource: loki }, { datasource: loki }] });
    expect(withExpression).toMatchObject({ datasource: prom, targets: [{ datasource: prom }, { datasource: expression }] });
    expect(text).toMatchObject({ datasource: prom, targets: [{ refId: 'A', datasource: prom }] });
    expect(byName).toMatchObject({ datasource: prom, targets: [{ datasource: prom }] });
    const paths = (live: Record<string, unknown>) =>
      diffContent(classic(live), classic(file), { defaultDatasource: prom })
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    expect(paths(migrated.spec)).toEqual([]);
    // A datasource chosen in the UI for a panel (and its queries) the file names none for still shows.
    const chosen = structuredClone(migrated.spec);
    const chosenPanel = (chosen.panels as Record<string, any>[])[1]!;
    chosenPanel.datasource = loki;
    chosenPanel.targets[0].datasource = loki;
    expect(paths(chosen)).toEqual(['panels[id=2 "Expression"].datasource', 'panels[id=2 "Expression"].targets[0].datasource']);
  });

  it("takes what V33 and V36 make of a datasource named by a string no data source answers to (grafonnet's \"$datasource\", \"\", \"-- Mixed --\") as the file's string below 36, a collapsed row's panel too; a name Grafana resolves is no change where its data sources are known, and shows where not, as does any at 36", () => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const file = {
      ...at42([
        { ...stat('Variable', 0), id: 1, datasource: '$datasource', targets: [{ refId: 'A', expr: 'up' }, { refId: 'B', expr: 'up', datasource: '$datasource' }, { refId: 'C', expr: 'up', datasource: '' }] },
        { ...stat('Empty', 10), id: 2, datasource: '', targets: [{ refId: 'A', expr: 'up' }] },
        { ...stat('By its query', 20), id: 3, targets: [{ refId: 'A', expr: 'up', datasource: '$datasource' }] },
        { ...stat('Mixed', 30), id: 4, datasource: '-- Mixed --', targets: [{ refId: 'A', expr: 'up' }] },
        { ...stat('Row', 40, { type: 'row', collapsed: true }), id: 5, panels: [{ ...stat('No queries', 41), id: 6, type: 'text', datasource: '$datasource' }] },
        { ...stat('Named', 50), id: 7, datasource: 'Prometheus', targets: [{ refId: 'A', expr: 'up' }] },
      ]),
      schemaVersion: 30,
    };
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, datasources: [{ ...prom, name: 'Prometheus', isDefault: true }] });
    if ('error' in migrated) throw new Error(migrated.error.message);
    const [variable, empty, byQuery, mixed, row, named] = migrated.spec.panels as Record<string, any>[];
    const unresolved = { uid: '$datasource' };
    expect(variable).toMatchObject({ datasource: unresolved, targets: [{ datasource: unresolved }, { datasource: unresolved }, { datasource: unresolved }] });
    expect(empty).toMatchObject({ datasource: {}, targets: [{ datasource: {} }] });
    expect(byQuery).toMatchObject({ datasource: unresolved, targets: [{ datasource: unresolved }] });
    expect(mixed).toMatchObject({ datasource: { uid: '-- Mixed --' }, targets: [{ datasource: prom }] });
    expect(row!.panels[0].datasource).toEqual(unresolved);
    expect(named).toMatchObject({ datasource: prom, targets: [{ datasource: prom }] });
    const paths = (against: Record<string, unknown>, defaultDatasource?: Record<string, unknown>, namedDatasources?: DatasourceIndex) =>
      diffContent(classic(migrated.spec), classic(against), { defaultDatasource, namedDatasources })
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    const resolvedName = ['panels[id=7 "Named"].datasource', 'panels[id=7 "Named"].targets[0].datasource'];
    // Knowing the instance's data sources by name (and uid), the name resolved is no change either.
    expect(paths(file, prom, new DatasourceIndex([{ ...prom, name: 'Prometheus', isDefault: true }]))).toEqual([]);
    expect(paths(file, prom)).toEqual(resolvedName);
    // Without the default: the panel V36 gave its query's datasource, and the Mixed panel's query its default, show.
    expect(paths(file)).toEqual(['panels[id=3 "By its query"].datasource', 'panels[id=4 "Mixed"].targets[0].datasource', ...resolvedName]);
    // At 36 no step writes the strings again: Grafana's references are another client's.
    expect(paths({ ...file, schemaVersion: 36 }, prom)).toContain('panels[id=1 "Variable"].datasource');
  });

  it('takes a query naming "default" as what V36 gives it, the instance\'s default, whatever its panel holds, below 33 and at 33; the panel given a query\'s own keeps it', () => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const loki = { uid: 'loki', type: 'loki' };
    const datasources = [{ ...prom, name: 'Prometheus', isDefault: true }, { ...loki, name: 'Loki' }];
    for (const schemaVersion of [30, 33]) {
      const file = {
        ...at42([
          { ...stat('Unnamed', 0), id: 1, targets: [{ refId: 'A', datasource: 'Loki' }, { refId: 'B', datasource: 'default' }] },
          { ...stat('Loki', 10), id: 2, datasource: 'Loki', targets: [{ refId: 'A', datasource: 'default' }] },
        ]),
        schemaVersion,
      };
      const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, datasources });
      if ('error' in migrated) throw new Error(migrated.error.message);
      const [unnamed, named] = migrated.spec.panels as Record<string, any>[];
      expect([unnamed!.datasource, ...unnamed!.targets.map((target: Record<string, unknown>) => target.datasource)]).toEqual([prom, loki, prom]);
      expect([named!.datasource, named!.targets[0].datasource]).toEqual([loki, prom]);
      const changes = diffContent(classic(migrated.spec), classic(file), { defaultDatasource: prom, namedDatasources: new DatasourceIndex(datasources) }).filter((change) => change.path !== 'schemaVersion');
      expect(changes).toEqual([]);
    }
  });

  // Grafana's testdata v28.singlestat_migration (input ce2df80b, output 4c4c3150): panel 4's value maps, which V28 converts one
  // mapping each, coloured by the thresholds, and V30 (v30.go processNewFormatMapping) then merges into one.
  it("takes what V30 makes of V28's value mappings (merged into one) as no change; a mapping edited since still shows", () => {
    const valueMaps = [
      { op: '=', text: 'test', value: '20' },
      { op: '=', text: 'test1', value: '30' },
      { op: '=', text: '50', value: '40' },
    ];
    const singlestat = { ...stat('Maps', 0), id: 4, type: 'singlestat', thresholds: '10,20,30', colors: ['#FF0000', 'green', 'orange'], mappingTypes: [{ name: 'value to text', value: 1 }], valueMaps, targets: [{ refId: 'A' }] };
    const file = { ...at42([singlestat]), schemaVersion: 27 };
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true });
    if ('error' in migrated) throw new Error(migrated.error.message);
    const held = (migrated.spec.panels as Record<string, any>[])[0]!;
    const orange = (text: string) => ({ text, color: 'orange' });
    expect(held.fieldConfig.defaults.mappings).toEqual([{ type: 'value', options: { '20': orange('test'), '30': orange('test1'), '40': orange('50') } }]);
    const paths = (live: Record<string, unknown>) =>
      diff(live, file)
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    expect(paths(migrated.spec)).toEqual([]);
    const edited = structuredClone(migrated.spec);
    (edited.panels as Record<string, any>[])[0]!.fieldConfig.defaults.mappings[0].options['20'].text = 'twenty';
    expect(paths(edited)).toEqual(['panels[id=4 "Maps"].fieldConfig']);
  });

  it("takes V28's conversion of a singlestat no rename came first for (a collapsed row's on 12.3, every one on 12.2) as no change; an option edited since still shows; pull keeps it", () => {
    // Each names its datasource: V33 writes no null for the cleanup of the next save to remove.
    const datasource = { uid: 'prom', type: 'prometheus' };
    const singlestat = (id: number, title: string, y: number) => ({ ...stat(title, y), id, type: 'singlestat', datasource, valueName: 'current', format: 'percent', thresholds: '50,80', colors: ['green', 'orange', 'red'], targets: [{ refId: 'A', expr: 'up' }] });
    const file = { uid: 'm', title: 'M', schemaVersion: 26, panels: [{ ...stat('Row', 0, { type: 'row', collapsed: true }), id: 1, panels: [singlestat(2, 'Nested', 1)] }, singlestat(3, 'Top', 10)] };
    const paths = (live: Record<string, unknown>) =>
      diff(live, file)
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    for (const options of [{ frontendDefaults: true, nestedPanelsAutoMigrate: false }, {}]) {
      const migrated = migrateDashboardSpec(file, 42, options);
      if ('error' in migrated) throw new Error(migrated.error.message);
      const nested = ((migrated.spec.panels as Record<string, any>[])[0]!.panels as Record<string, any>[])[0]!;
      expect(nested).toMatchObject({ type: 'stat', pluginVersion: '1.0.0', fieldConfig: { defaults: { unit: 'percent' } } });
      expect(nested.autoMigrateFrom).toBeUndefined();
      expect(paths(migrated.spec)).toEqual([]);
      // The migration's cleanup drops the threshold base's null on the next save.
      const saved = structuredClone(migrated.spec);
      delete ((saved.panels as Record<string, any>[])[0]!.panels[0].fieldConfig.defaults.thresholds.steps[0] as Record<string, unknown>).value;
      expect(paths(saved)).toEqual([]);
      const edited = structuredClone(migrated.spec);
      ((edited.panels as Record<string, any>[])[0]!.panels[0].options as Record<string, unknown>).colorMode = 'background';
      expect(paths(edited)).toEqual(['panels[id=1 "Row"].panels[id=2 "Nested"].options']);
      const pulled = withoutMigrationDefaults(migrated.spec, file, { keepGrafanaIdsAndTypes: true }).panels as Record<string, any>[];
      expect(pulled[0]!.panels[0]).toMatchObject({ type: 'stat', pluginVersion: '1.0.0' });
    }
  });

  it("takes the current V23 aligned with a variable's multi (below 23) as no change; another current, or a file at 23, still shows", () => {
    const variables = [
      // grafonnet's: refresh 0 ("never"), which V29 makes 1, and a cached option, which V29 clears.
      { name: 'namespace', type: 'query', query: 'label_values(ns)', refresh: 0, multi: true, current: { text: 'All', value: '$__all' }, options: [{ text: 'All', value: '$__all' }] },
      { name: 'cluster', type: 'custom', query: 'a,b', multi: false, current: { text: ['a'], value: ['a'] } },
    ];
    const file = { uid: 'm', title: 'M', schemaVersion: 16, panels: [], templating: { list: variables } };
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, nestedPanelsAutoMigrate: true });
    if ('error' in migrated) throw new Error(migrated.error.message);
    const list = (migrated.spec.templating as { list: Record<string, any>[] }).list;
    expect(list.map((variable) => variable.current)).toEqual([
      { text: ['All'], value: ['$__all'] },
      { text: 'a', value: 'a' },
    ]);
    const paths = (live: Record<string, unknown>, against: Record<string, unknown>) =>
      diff(live, against)
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    expect(paths(migrated.spec, file)).toEqual([]);
    const chosen = structuredClone(migrated.spec);
    (chosen.templating as { list: Record<string, any>[] }).list[0]!.current = { text: ['kube-system'], value: ['kube-system'] };
    const changed = paths(chosen, file);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((path) => path.startsWith('templating.list[name="namespace"].current'))).toBe(true);
    expect(paths(migrated.spec, { ...file, schemaVersion: 23 }).length).toBeGreaterThan(0);
    // Pull writes Grafana's schemaVersion, where neither step runs again: it keeps what they made.
    const pulled = (withoutMigrationDefaults(migrated.spec, file, { keepGrafanaIdsAndTypes: true }).templating as { list: Record<string, any>[] }).list;
    expect(pulled[0]).toMatchObject({ refresh: 1, current: { text: ['All'], value: ['$__all'] } });
  });

  it('shows those keys added to a file Grafana holds below 41 and 28 (an /api save, no step ran): nothing removed them there (review-61)', () => {
    const held = { uid: 'm', title: 'M', schemaVersion: 27, panels: [], timepicker: { refresh_intervals: ['5s'] }, templating: { list: [{ name: 'env', type: 'custom', query: 'a,b' }] } };
    const file = { ...held, timepicker: { refresh_intervals: ['5s'], time_options: ['5m', '1h'] }, templating: { list: [{ name: 'env', type: 'custom', query: 'a,b', tags: ['prod'] }] } };
    expect(diff(held, file).map((change) => change.path)).toEqual(['templating.list[name="env"].tags', 'timepicker.time_options']);
  });

  it("takes what V28 and V41 removed (a variable's tag keys, timepicker.time_options) as no change below their versions; pull keeps Grafana's", () => {
    const file = {
      uid: 'm',
      title: 'M',
      schemaVersion: 21,
      panels: [],
      timepicker: { refresh_intervals: ['5s', '1m'], time_options: ['5m', '1h', '24h'] },
      templating: { list: [{ name: 'instance', type: 'query', query: 'label_values(up, instance)', refresh: 1, tags: [], tagsQuery: '', tagValuesQuery: '', useTags: false, current: { text: 'a', value: 'a' } }] },
    };
    const migrated = migrateDashboardSpec(file, 42, { frontendDefaults: true, nestedPanelsAutoMigrate: true });
    if ('error' in migrated) throw new Error(migrated.error.message);
    expect((migrated.spec.timepicker as Record<string, unknown>).time_options).toBeUndefined();
    expect((migrated.spec.templating as { list: Record<string, unknown>[] }).list[0]!.useTags).toBeUndefined();
    const paths = (live: Record<string, unknown>, against: Record<string, unknown>) =>
      diff(live, against)
        .filter((change) => change.path !== 'schemaVersion')
        .map((change) => change.path);
    expect(paths(migrated.spec, file)).toEqual([]);
    expect(paths({ ...migrated.spec, description: 'from the UI' }, file)).toEqual(['description']);
    // At the steps' own versions they do not run: a file there holding the keys still shows them.
    expect(paths(migrated.spec, { ...file, schemaVersion: 28 })).toEqual(['tagValuesQuery', 'tags', 'tagsQuery', 'useTags'].map((key) => `templating.list[name="instance"].${key}`));
    expect(paths(migrated.spec, { ...file, schemaVersion: 41 })).toHaveLength(5);
    const pulled = withoutMigrationDefaults(migrated.spec, file, { keepGrafanaIdsAndTypes: true });
    expect((pulled.timepicker as Record<string, unknown>).time_options).toBeUndefined();
    expect((pulled.templating as { list: Record<string, unknown>[] }).list[0]!.tags).toBeUndefined();
  });

  it("shows a UI edit of the last panel, and only it, where the panels before it are equal to the file's", () => {
    const file = at42([stat('A', 0, { id: 1 }), stat('B', 8, { id: 2 }), { id: 3, gridPos: gridPos(0, 16), libraryPanel: reference('d') }, stat('C', 24, { id: 4 })]);
    const stored = storedOf(file);
    const panels = stored.panels as Record<string, unknown>[];
    const edited = { ...stored, panels: [...panels.slice(0, 3), { ...panels[3], description: 'from the UI' }] };
    expect(diff(edited, file)).toEqual([{ path: 'panels[id=4 "C"].description', kind: 'removed', before: 'from the UI' }]);
  });
});
