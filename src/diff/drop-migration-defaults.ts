import { isPlainObject } from '../files/is-plain-object.js';
import { schemaVersionOf } from '../files/schema-version.js';
import { alignedCurrent } from '../grafana-migration/v23-current.js';
import { autoMigratedType } from '../grafana-migration/auto-migrated-type.js';
import { dropDefaults, withoutBuiltInAnnotation } from './drop-conversion-defaults.js';
import { withoutEarlyStepOutputs } from './drop-early-step-outputs.js';
import { v36GivenTo, withoutStepOutputs } from './drop-step-outputs.js';
import { equalButFileNulls } from './equal-but-file-nulls.js';
import { isDeepEqual } from './is-deep-equal.js';
import { v36FormOf, type NamedDatasources } from './v33-datasources.js';
import type { V36Datasources } from './v36-datasources.js';
import { groupBy } from '../group-by.js';

type Json = Record<string, unknown>;

interface MigrationFormOptions {
  /** Leave the panel ids Grafana gave, its Angular type renames and its schema steps' output as Grafana holds them (pull). */
  keepGrafanaIdsAndTypes?: boolean;
  /**
   * Given by the diff only (never by pull, which writes the result): how many of the live top-level panels its equality
   * walk found deep-equal to the file's at the same place, and the one it found to differ, if any. A live panel or
   * variable deep-equal to its file twin (which then keeps its id: the rule would give it nothing) is returned as that
   * twin, the very object, so the diff's walks that follow pass it by identity instead of walking it again.
   */
  equalPanels?: number;
  differingPanel?: number;
  /**
   * Where the differing panel is a row and the walk found the difference in one of its own panels: that panel's place in
   * the row. Those before it were found deep-equal to the file row's at the same place.
   */
  differingInnerPanel?: number;
  /** The ids Grafana holds the file's numbered panels under, where they are not those givenPanelIds predicts (findGivenPanelIds). */
  givenIds?: ReadonlyMap<Json, number>;
  /** The instance's default data source, where known (GrafanaPort.defaultDatasource): what V36 gives a panel the file names none for. */
  defaultDatasource?: Readonly<Json>;
  /** The instance's data sources by name and uid, where known (GrafanaPort.namedDatasources): what V33/V36 resolve a string naming one to. */
  namedDatasources?: NamedDatasources;
}

/** What V36 gives each file panel it was worked out for (v36GivenTo), by the file's panel: what showGivenDatasources shows. */
type GivenDatasources = Map<Json, V36Datasources>;

/**
 * What the frontend-defaults pass of Grafana's migration (apps/dashboard/pkg/migration/frontend_defaults.go
 * applyFrontendDefaults, run on every v1-family write since 12.3, and the frontend DashboardModel's constructor before any
 * UI save) writes where the classic model has none (or null): the value Grafana assumes without it.
 */
const DASHBOARD_DEFAULTS: Readonly<Json> = {
  editable: true,
  timezone: '',
  weekStart: '',
  graphTooltip: 0,
  time: { from: 'now-6h', to: 'now' },
  timepicker: {},
  fiscalYearStartMonth: 0,
  links: [],
  tags: [],
  templating: { list: [] },
  panels: [],
  // V40 (schemaversion/v40.go), below schemaVersion 40: "no auto-refresh" where the file has none.
  refresh: '',
};

/** Top-level keys the migration's cleanup (cleanupDashboardForSave) removes with these values (undefined: any value). */
const STRIPPED_DASHBOARD_KEYS: Readonly<Record<string, unknown>> = { style: 'dark', hideControls: false, gnetId: null, iteration: undefined };

const STRIPPED_DASHBOARD_ENTRIES = Object.entries(STRIPPED_DASHBOARD_KEYS);

/** A panel's keys the cleanup (cleanupPanelForSave) removes at these values, whether the file wrote them or not. */
const STRIPPED_PANEL_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  gridPos: [{ x: 0, y: 0, h: 3, w: 6 }],
  targets: [[{ refId: 'A' }], []],
  transparent: [false],
  options: [{}],
  links: [[]],
  fieldConfig: [{ defaults: {}, overrides: [] }],
  title: [''],
  transformations: [[]],
};

const STRIPPED_PANEL_ENTRIES = Object.entries(STRIPPED_PANEL_VALUES);

/** What applyPanelDefaults gives a panel without them, which the cleanup keeps on a library panel. */
const LIBRARY_PANEL_DEFAULTS: Readonly<Json> = { title: '', gridPos: { x: 0, y: 0, h: 3, w: 6 } };

/** Keys the cleanup removes from every panel whatever they hold (PanelModel's notPersistedProperties). */
const NOT_PERSISTED_PANEL_KEYS: readonly string[] = ['events', 'isViewing', 'isEditing', 'isInView', 'hasRefreshed', 'cachedPluginOptions', 'plugin', 'queryRunner', 'replaceVariables', 'configRev', 'hasSavedPanelEditChange', 'getDisplayTitle', 'dataSupport', 'key', 'isNew', 'refreshWhenInView', 'scopedVars'];

/** The old table panel's keys the cleanup removes from a `table` panel. */
const LEGACY_TABLE_KEYS: readonly string[] = ['pageSize', 'scroll', 'fontSize', 'showHeader', 'sort'];

/**
 * Pure: a live classic dashboard, as compared with its file, without what Grafana's schema migration writes on every
 * v1-family save (12.3 on: dashsync's push through `/apis`, kubectl, the UI, Terraform) where the file says nothing, and
 * with the file's own form where the migration's cleanup rewrote a value that means the same to Grafana. Only where the
 * file lacks the key (or holds exactly what the cleanup strips): a file that sets `editable: false` or `timezone: "utc"`,
 * or keeps a panel Grafana holds as another type, still shows what Grafana holds. Per field:
 * - top level: DASHBOARD_DEFAULTS where the file has none and Grafana holds exactly it (`time` only whole), the
 *   built-in annotation where the file's list has no built-in one, the file's STRIPPED_DASHBOARD_KEYS where Grafana has none;
 *   below schemaVersion 36 (not for pull), an annotation's datasource V36 derived from the file's (withFileAnnotationDatasources);
 * - panels (by id, rows' panels too): the file's STRIPPED_PANEL_VALUES, NOT_PERSISTED_PANEL_KEYS, a table's LEGACY_TABLE_KEYS
 *   and null values where Grafana has none; a fieldConfig half (`defaults` {}, `overrides` []) the file's lacks; a query's
 *   refId the file lacks where it is the letter Grafana gives it (ensureQueryIds); a panel's type Grafana renamed
 *   (`autoMigrateFrom` naming the file's type, the type the rename gives it); a library panel's keys beside the reference,
 *   and its `title: ""` and default gridPos where the file has none; the file's repeated copies, which the cleanup drops
 *   (and, below schemaVersion 27, V27: a row's copies and top-level `repeatByRow` ones);
 *   the file's top-level panel order where Grafana's is that order sorted by grid position, or is its panels' grid order
 *   and a panel moves (inFileOrder); a panel's id where the file
 *   has none (or one Grafana replaces: not positive, or held by a panel before it) and Grafana holds the one
 *   ensurePanelsHaveUniqueIds gives it (the file's highest id + 1 and on, in the file's order), matched by that id; below
 *   schemaVersion 36 (not for pull), what the steps V28, V35 and V36 wrote where the file says nothing, and what V33 and V36
 *   make of a datasource named by a string no data source answers to (drop-step-outputs.ts);
 *   below 26 (not for pull), what V17–V22 and V26 made of the file's own panel keys (drop-early-step-outputs.ts);
 * - variables (by name and type): a query variable's `options: []` the file lacks, a datasource variable's `[]` where the
 *   file lists some, a constant's options and any variable's `index` the file has and Grafana dropped, null values; below
 *   schemaVersion 23 (not for pull, nor V29's), the `current` V23 aligned with the file's `multi` (grafana-migration/v23-current.ts alignedCurrent); below 29,
 *   a query variable's `refresh: 1` and emptied `options` from V29; below 28, the tag keys V28 removed;
 * - below schemaVersion 41 (not for pull), the file's `timepicker.time_options`, which V41 removed.
 * A copy: `live` is never changed. `keepGrafanaIdsAndTypes` (pull, which writes the result into the file): the ids Grafana
 * gave, its type renames and what the schema steps wrote stay as Grafana holds them (the file takes Grafana's
 * schemaVersion, where no step runs again). A file without the ids would get others at the next push once
 * a panel added in Grafana holds a higher one (links to a panel name its id), and a renamed panel's options are the new
 * type's.
 */
export function withoutMigrationDefaults(live: Json, file: Json, options: MigrationFormOptions = {}): Json {
  return migrationForm(live, file, options, new Map());
}

/**
 * withoutMigrationDefaults for the diff: the live spec in the file's form, what V36 gives the file's panels it compared
 * (`given`), and whether the live top-level panels were put in the file's order from Grafana's grid order, which panels
 * moved in (`movedOrder`, inFileOrder): each then sits in another place in Grafana than in the file.
 */
export function migrationFormAndGiven(live: Json, file: Json, options: MigrationFormOptions): { spec: Json; given: GivenDatasources; movedOrder: boolean } {
  const given: GivenDatasources = new Map();
  const order = { moved: false };
  return { spec: migrationForm(live, file, options, given, order), given, movedOrder: order.moved };
}

/** withoutMigrationDefaults, which records into `given` what V36 gives each file panel it works that out for, and into `order` inFileOrder's. */
function migrationForm(live: Json, file: Json, options: MigrationFormOptions, given: GivenDatasources, order = { moved: false }): Json {
  const spec = dropDefaults(live, withoutNullKeys(file), DASHBOARD_DEFAULTS);
  withoutBuiltInAnnotation(spec, file);
  if (!options.keepGrafanaIdsAndTypes && schemaVersionOf(file) < 36) withFileAnnotationDatasources(spec, file, options);
  for (const [key, stripped] of STRIPPED_DASHBOARD_ENTRIES) {
    if (Object.hasOwn(file, key) && !Object.hasOwn(spec, key) && (stripped === undefined || file[key] === stripped)) spec[key] = file[key];
  }
  // Only a copy the steps brought to 41 (28) lost those keys to them: one below holds them as its last save wrote them.
  if (!options.keepGrafanaIdsAndTypes && schemaVersionOf(file) < 41 && schemaVersionOf(live) >= 41) withFileTimeOptions(spec, file);
  if (Array.isArray(spec.panels) && Array.isArray(file.panels)) spec.panels = asFilePanels(spec.panels, file.panels, options, schemaVersionOf(file), given, order);
  if (isPlainObject(spec.templating) && isPlainObject(file.templating) && Array.isArray(spec.templating.list) && Array.isArray(file.templating.list)) {
    spec.templating = { ...spec.templating, list: asFileVariables(spec.templating.list, file.templating.list, options.equalPanels !== undefined, options.keepGrafanaIdsAndTypes ? undefined : schemaVersionOf(file), schemaVersionOf(live)) };
  }
  return spec;
}

/**
 * V36 (below 36) on each annotation, by its name (the n-th of a name in Grafana is the n-th in the file): the file's own datasource where Grafana holds what V36 makes of it
 * (MigrateDatasourceNameToRef): of a string, v36FormOf (a name of the instance's data sources listed in `namedDatasources`:
 * its reference; another, such as grafonnet's `"$datasource"` or grafonnet-lib's `"-- Grafana --"`: `{uid: s}`; "default": the
 * instance's default, or `{uid: "default"}` where the settings read list none); of none or null, the instance's default, or
 * null where Grafana has none (the default where `defaultDatasource` is known; null, which no client saves for a data source
 * it chose, always).
 * Replaces `spec.annotations`, never changes the object it held.
 */
function withFileAnnotationDatasources(spec: Json, file: Json, instance: Pick<MigrationFormOptions, 'defaultDatasource' | 'namedDatasources'>): void {
  if (!isPlainObject(spec.annotations) || !Array.isArray(spec.annotations.list) || !isPlainObject(file.annotations) || !Array.isArray(file.annotations.list)) return;
  const twins = groupBy(file.annotations.list.filter(isPlainObject), (annotation) => annotation.name);
  let changed = false;
  const list = spec.annotations.list.map((annotation) => {
    const twin = isPlainObject(annotation) ? twins.get(annotation.name)?.shift() : undefined;
    if (twin === undefined || !isPlainObject(annotation) || !isV36Annotation(annotation.datasource, twin.datasource, instance)) return annotation;
    changed = true;
    const { datasource: _given, ...rest } = annotation;
    return Object.hasOwn(twin, 'datasource') ? { ...rest, datasource: twin.datasource } : rest;
  });
  if (changed) spec.annotations = { ...spec.annotations, list };
}

/** Whether an annotation's live datasource is what V36 makes of the file's (withFileAnnotationDatasources). */
function isV36Annotation(held: unknown, own: unknown, { defaultDatasource, namedDatasources }: Pick<MigrationFormOptions, 'defaultDatasource' | 'namedDatasources'>): boolean {
  if (own === undefined || own === null) return held === null || (defaultDatasource !== undefined && isDeepEqual(held, defaultDatasource));
  const form = v36FormOf(own, defaultDatasource, namedDatasources);
  return form !== undefined && isDeepEqual(held, form);
}

function withoutNullKeys(file: Json): Json {
  for (const key in file) if (file[key] === null) return Object.fromEntries(Object.entries(file).filter(([, value]) => value !== null));
  return file;
}

/** `fromVersion`: the file's schemaVersion as Grafana's migration reads it, which decides the steps it runs (V27 below 27, …). */
function asFilePanels(live: unknown[], file: unknown[], options: MigrationFormOptions, fromVersion: number, givenDatasources: GivenDatasources, order: { moved: boolean }): unknown[] {
  const v27 = fromVersion < 27;
  const given = options.givenIds ?? givenPanelIds(file);
  const byId = filePanelsById(file, given);
  const liveIds = live.map((panel) => (isPlainObject(panel) ? panel.id : undefined));
  // Which file panels sit in a collapsed row: read by V36 alone (withoutStepOutputs), below 36.
  const inRows = fromVersion < 36 ? new Set(file.flatMap((panel) => (isPlainObject(panel) && Array.isArray(panel.panels) ? panel.panels : []))) : undefined;
  // `differs`: the walk found this very panel to differ from the file's at its place.
  const asFile = (panel: Json, differs = false): Json => {
    const twin = byId.get(panel.id);
    return twin === undefined ? { ...panel } : asFilePanel(panel, twin, { given: given.get(twin), fromVersion, nested: inRows?.has(twin) === true, givenDatasources, differs, ...options });
  };
  // A panel equal to its own twin (and its rows' panels to theirs) gets nothing from asFilePanel: no key the file has and
  // Grafana lacks, no null, refId, fieldConfig half or type rename to take back, no id Grafana gave.
  const ownTwin = (panel: unknown, twin: unknown): boolean => isPlainObject(panel) && byId.get(panel.id) === twin && isPlainObject(twin) && !given.has(twin);
  const keptAsIs = (panel: Json, twin: unknown): boolean => {
    if (!ownTwin(panel, twin)) return false;
    if (!Array.isArray(panel.panels)) return true;
    const twinPanels = (twin as Json).panels as unknown[]; // equal to the live panel: an array as long
    return panel.panels.every((inner, at) => !isPlainObject(inner) || ownTwin(inner, twinPanels[at]));
  };
  const asFileIfTwinned = (nested: unknown): unknown => (isPlainObject(nested) && byId.has(nested.id) ? asFile(nested) : nested);
  // For the diff, a row's panels as the top-level ones: those the walk found equal, and then each one equal to its own
  // twin until one is not, are that twin (asFilePanel would return it too, after its walks); the rest as asFilePanel has them.
  // `samePlace`: the file's row at the live row's place, whose panels before `differingAt` the walk found equal.
  const asFileRowPanels = (nested: unknown[], samePlace: unknown, differingAt: number | undefined): unknown[] => {
    const twins = isPlainObject(samePlace) && Array.isArray(samePlace.panels) ? samePlace.panels : [];
    let tryEqualInner = true;
    return nested.map((inner, at) => {
      if (!isPlainObject(inner) || !byId.has(inner.id)) return inner;
      if (differingAt !== undefined && at < differingAt && ownTwin(inner, twins[at])) return twins[at];
      if (tryEqualInner && at !== differingAt) {
        const twin = byId.get(inner.id);
        if (ownTwin(inner, twin) && isDeepEqual(inner, twin)) return twin;
        tryEqualInner = false;
      }
      return asFile(inner, at === differingAt);
    });
  };
  const forDiff = options.equalPanels !== undefined;
  const equal = options.equalPanels ?? 0;
  // Once a panel is found to differ from its twin, the others are likely to (Grafana's migration rewrote them all): they
  // are not walked first, and asFilePanel's own comparison returns the twin of one that is equal (it is, either way).
  let tryEqual = forDiff;
  const panels = live.map((panel, index) => {
    if (!isPlainObject(panel)) return panel;
    if (index < equal && keptAsIs(panel, file[index])) return forDiff ? file[index] : panel;
    if (tryEqual && index !== options.differingPanel) {
      const twin = byId.get(panel.id);
      if (twin !== undefined && isDeepEqual(panel, twin) && keptAsIs(panel, twin)) return twin;
      tryEqual = twin === undefined;
    }
    const result = asFile(panel, index === options.differingPanel);
    if (Array.isArray(result.panels)) {
      const twin = byId.get(panel.id);
      const differingAt = index === options.differingPanel && twin === file[index] ? options.differingInnerPanel : undefined;
      const inner = forDiff ? asFileRowPanels(result.panels, file[index], differingAt) : result.panels.map(asFileIfTwinned);
      result.panels = v27 && twin !== undefined && Array.isArray(twin.panels) ? withRowCopies(inner, twin.panels, given) : inner;
    }
    return result;
  });
  const ordered = inFileOrder(panels, liveIds, file, given, order);
  const copies = droppedCopies(file, liveIds, given, v27 ? ['repeatPanelId', 'repeatedByRow', 'repeatByRow'] : ['repeatPanelId', 'repeatedByRow']);
  if (copies.size === 0) return ordered;
  const heldIds = new Map(panels.map((panel, index) => [panel, liveIds[index]]));
  return withCopies(ordered, heldIds, file, copies, given);
}

/**
 * The file's repeated copies, panels with one of `marks`, where Grafana holds no panel under the id they take
 * (ensurePanelsHaveUniqueIds counts them): top-level `repeatPanelId` and `repeatedByRow`, which the cleanup drops from every
 * save (cleanupPanels), and below schemaVersion 27 top-level `repeatByRow` and, in a row, `repeatPanelId`, which V27 drops.
 */
function droppedCopies(file: unknown[], liveIds: unknown[], given: ReadonlyMap<Json, number>, marks: readonly string[]): Set<Json> {
  const copies = new Set<Json>();
  for (const panel of file) {
    if (!isPlainObject(panel) || !marks.some((mark) => Object.hasOwn(panel, mark))) continue;
    if (!liveIds.includes(given.get(panel) ?? panel.id)) copies.add(panel);
  }
  return copies;
}

/** A collapsed row's live panels with the file row's repeated copies V27 dropped put back where the file has them. */
function withRowCopies(live: unknown[], file: unknown[], given: ReadonlyMap<Json, number>): unknown[] {
  const liveIds = live.map((panel) => (isPlainObject(panel) ? panel.id : undefined));
  const copies = droppedCopies(file, liveIds, given, ['repeatPanelId']);
  return copies.size === 0 ? live : withCopies(live, new Map(live.map((panel, index) => [panel, liveIds[index]])), file, copies, given);
}

/** The live panels with the file's dropped copies put back, each after the panel the file has before it (`heldIds`: Grafana's ids). */
function withCopies(live: unknown[], heldIds: ReadonlyMap<unknown, unknown>, file: unknown[], copies: ReadonlySet<Json>, given: ReadonlyMap<Json, number>): unknown[] {
  const result = [...live];
  let at = 0;
  for (const panel of file) {
    if (!isPlainObject(panel)) continue;
    if (copies.has(panel)) {
      result.splice(at++, 0, panel);
      continue;
    }
    const id = given.get(panel) ?? panel.id;
    const index = result.findIndex((held) => heldIds.get(held) === id);
    if (index >= 0) at = index + 1;
  }
  return result;
}

/**
 * ensurePanelsHaveUniqueIds on the file's panels (each top-level one, then its `panels`): for each panel whose id Grafana
 * replaces (none, not a positive number, or one a panel before it holds), the id it gives: the highest id + 1, and on.
 */
export function givenPanelIds(panels: unknown[]): Map<Json, number> {
  const all: Json[] = [];
  for (const panel of panels) {
    if (!isPlainObject(panel)) continue;
    all.push(panel);
    if (Array.isArray(panel.panels)) for (const inner of panel.panels) if (isPlainObject(inner)) all.push(inner);
  }
  const kept = (id: unknown): id is number => typeof id === 'number' && id > 0;
  let highest = 0;
  for (const panel of all) if (kept(panel.id) && panel.id > highest) highest = panel.id;
  let next = Math.trunc(highest) + 1;
  const seen = new Set<number>();
  const given = new Map<Json, number>();
  for (const panel of all) {
    if (kept(panel.id) && !seen.has(panel.id)) seen.add(panel.id);
    else given.set(panel, next++);
  }
  return given;
}

/** The file's panels (rows' panels too) by the id Grafana holds them under: their own, or the one it gives them. */
function filePanelsById(panels: unknown[], given: ReadonlyMap<Json, number>): Map<unknown, Json> {
  const byId = new Map<unknown, Json>();
  const add = (panel: Json) => {
    const id = given.get(panel) ?? panel.id;
    if (id !== undefined) byId.set(id, panel);
  };
  for (const panel of panels) {
    if (!isPlainObject(panel)) continue;
    add(panel);
    for (const inner of Array.isArray(panel.panels) ? panel.panels : []) if (isPlainObject(inner)) add(inner);
  }
  return byId;
}

/** withoutStepOutputs of the file's panel, with what V36 gives it recorded in `givenDatasources`. */
function withoutStepOutputsKeepingGiven(live: Json, file: Json, how: Pick<MigrationFormOptions, 'defaultDatasource' | 'namedDatasources'> & { fromVersion: number; nested: boolean; givenDatasources: GivenDatasources }): Json {
  const step = { defaultDatasource: how.defaultDatasource, namedDatasources: how.namedDatasources, nested: how.nested };
  const given = v36GivenTo(file, how.fromVersion, step);
  if (given !== undefined) how.givenDatasources.set(file, given);
  return withoutStepOutputs(live, file, how.fromVersion, step, given);
}

function asFilePanel(live: Json, file: Json, how: MigrationFormOptions & { given: number | undefined; fromVersion: number; nested: boolean; givenDatasources: GivenDatasources; differs?: boolean }): Json {
  // Pull writes Grafana's schemaVersion with the panel, where no step runs again: what the steps wrote stays in the file.
  const result: Json = { ...(how.keepGrafanaIdsAndTypes ? live : withoutEarlyStepOutputs(withoutStepOutputsKeepingGiven(live, file, how), file, how.fromVersion)) };
  // The id Grafana gave a panel of the file without one (or with one it replaces) is the file's own, unless pull keeps it.
  if (how.given !== undefined && !how.keepGrafanaIdsAndTypes) {
    if (Object.hasOwn(file, 'id')) result.id = file.id;
    else delete result.id;
  }
  if (isPlainObject(live.libraryPanel) && isPlainObject(file.libraryPanel)) {
    // The cleanup keeps only id, title, gridPos and the reference of a library panel: the title and gridPos the panel
    // defaults gave one the file has none of stay.
    for (const [key, value] of Object.entries(LIBRARY_PANEL_DEFAULTS)) {
      if ((file[key] === undefined || file[key] === null) && isDeepEqual(result[key], value)) delete result[key];
    }
    for (const [key, value] of Object.entries(file)) if (!Object.hasOwn(result, key)) result[key] = value;
    return result;
  }
  // A row's panels are renamed too from 12.4 on (PR #109037), top-level ones only before.
  const renamed = !Object.hasOwn(file, 'autoMigrateFrom') && typeof file.type === 'string' && live.autoMigrateFrom === file.type && live.type === autoMigratedType(file);
  if (renamed && !how.keepGrafanaIdsAndTypes) {
    result.type = file.type;
    delete result.autoMigrateFrom;
  }
  for (const [key, values] of STRIPPED_PANEL_ENTRIES) {
    if (Object.hasOwn(file, key) && !Object.hasOwn(result, key) && values.some((value) => isDeepEqual(file[key], value))) result[key] = file[key];
  }
  withFileKeys(result, file, NOT_PERSISTED_PANEL_KEYS);
  if (file.type === 'table') withFileKeys(result, file, LEGACY_TABLE_KEYS);
  if (file.type === 'row' && file.repeat === '') withFileKeys(result, file, ['repeat']);
  if (isPlainObject(result.fieldConfig) && isPlainObject(file.fieldConfig)) result.fieldConfig = withoutAddedHalves(result.fieldConfig, file.fieldConfig);
  if (Array.isArray(result.targets) && Array.isArray(file.targets)) result.targets = withoutGivenRefIds(result.targets, file.targets);
  // For the diff, a panel whose form is its twin's is that twin, so that its walks pass it by identity (not a row, whose
  // panels asFilePanels gives their own form next). Not looked for in the panel the walk found to differ, whose form
  // mostly differs too: its form, equal or not, shows the same changes.
  if (how.equalPanels !== undefined && !how.differs && !Array.isArray(live.panels) && !Array.isArray(file.panels) && equalButFileNulls(result, file)) return file;
  return withFileNulls(result, file) as Json;
}

/**
 * V29 (schemaversion/v29.go), below 29, on a query variable: the `refresh: 1` (on dashboard load) it gives one whose file's
 * is neither 1 nor 2 (GetIntValue: a number truncated, anything else 0), and the cached `options` it clears, the file's again.
 */
function withFileQueryRefresh(result: Json, file: Json): void {
  const refresh = typeof file.refresh === 'number' ? Math.trunc(file.refresh) : 0;
  if (refresh !== 1 && refresh !== 2 && result.refresh === 1) {
    if (Object.hasOwn(file, 'refresh')) result.refresh = file.refresh;
    else delete result.refresh;
  }
  if (Array.isArray(file.options) && file.options.length > 0 && isDeepEqual(result.options, [])) result.options = file.options;
}

/** `result` with the file's `keys` it lacks (the cleanup removed them whatever they held). */
function withFileKeys(result: Json, file: Json, keys: readonly string[]): void {
  for (const key of keys) if (Object.hasOwn(file, key) && !Object.hasOwn(result, key)) result[key] = file[key];
}

/** applyPanelDefaults adds `defaults: {}` and `overrides: []` to a fieldConfig without them. */
function withoutAddedHalves(live: Json, file: Json): Json {
  const result = { ...live };
  if (!Object.hasOwn(file, 'defaults') && isDeepEqual(result.defaults, {})) delete result.defaults;
  if (!Object.hasOwn(file, 'overrides') && isDeepEqual(result.overrides, [])) delete result.overrides;
  return result;
}

/** Live queries without the refId ensureQueryIds gave the file's query at the same place (one without a refId). */
function withoutGivenRefIds(live: unknown[], file: unknown[]): unknown[] {
  const given = givenRefIds(file);
  return live.map((target, index) => {
    if (!isPlainObject(target) || given[index] === undefined || target.refId !== given[index]) return target;
    const { refId: _given, ...rest } = target;
    return rest;
  });
}

/** ensureQueryIds on the file's queries: for each one without a refId (or null), the letter Grafana gives it. */
function givenRefIds(targets: unknown[]): (string | undefined)[] {
  const lacks = (target: unknown) => isPlainObject(target) && (target.refId === undefined || target.refId === null);
  if (!targets.some(lacks)) return [];
  const used = new Set(targets.flatMap((target) => (isPlainObject(target) && typeof target.refId === 'string' ? [target.refId] : [])));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let index = 0;
  return targets.map((target) => {
    if (!lacks(target)) return undefined;
    let letter: string | undefined;
    while (index < letters.length && letter === undefined) {
      if (!used.has(letters[index]!)) {
        letter = letters[index]!;
        used.add(letter);
      }
      index++;
    }
    if (letter === undefined) index++;
    return letter;
  });
}

/**
 * The live value with the file's null-valued keys (which the cleanup removes, at any depth) where live has none: only the
 * way to each is copied, and nothing is allocated on the way to none (most file panels hold one, a base threshold step's
 * `value: null`, and the walk takes in the whole file panel).
 */
function withFileNulls(live: unknown, file: unknown): unknown {
  if (typeof file !== 'object' || file === null || typeof live !== 'object' || live === null) return live;
  if (Array.isArray(live)) {
    if (!Array.isArray(file)) return live;
    let result: unknown[] | undefined;
    const shared = Math.min(live.length, file.length);
    for (let index = 0; index < shared; index += 1) {
      const item: unknown = live[index];
      const next = withFileNulls(item, file[index]);
      if (next !== item) (result ??= live.slice())[index] = next;
    }
    return result ?? live;
  }
  if (Array.isArray(file)) return live;
  const held = live as Json;
  const fileObject = file as Json;
  let result: Json | undefined;
  const keys = Object.keys(fileObject);
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index]!;
    const value = fileObject[key];
    if (value === null) {
      if (!Object.hasOwn(held, key)) (result ??= { ...held })[key] = null;
    } else if (typeof value === 'object' && Object.hasOwn(held, key)) {
      const inner = withFileNulls(held[key], value);
      if (inner !== held[key]) (result ??= { ...held })[key] = inner;
    }
  }
  return result ?? live;
}


/**
 * The live top-level panels in the file's order, where the difference in order is the grid's (y, then x), as the
 * cleanup sorts them: the file's panels that Grafana holds too, sorted so, are in Grafana's order; or Grafana holds them
 * in the order of their grid positions and one of them moves in the file (an insert above it, a drag): the new order
 * is the moves' doing, which their `gridPos` lines show, and Grafana sorts the file again on the save (the UI on load).
 * `liveIds`: the live panels' ids as Grafana holds them; the file's are its own or those Grafana gives (`given`). Where
 * either side holds one of them twice, `live` as it is. `order.moved`: set where the grid order changed (the moves').
 */
function inFileOrder(live: unknown[], liveIds: unknown[], file: unknown[], given: ReadonlyMap<Json, number>, order: { moved: boolean }): unknown[] {
  const idOf = (panel: Json) => given.get(panel) ?? panel.id;
  // The common case, told without lists: the file's panels hold Grafana's ids in Grafana's order (both orders below are
  // then one list, or an id is held twice): `live` as it is.
  if (sameIdsInOrder(liveIds, file, idOf)) return live;
  const held = new Set(liveIds);
  const shared = file.filter((panel): panel is Json => isPlainObject(panel) && idOf(panel) !== undefined && held.has(idOf(panel)));
  const fileOrder = shared.map(idOf);
  const inFile = new Set(fileOrder);
  const liveOrder = liveIds.filter((id) => inFile.has(id));
  // An id held twice (11.x's /api keeps a file's repeated ids) names two panels: no order of ids places them.
  if (inFile.size !== fileOrder.length || inFile.size !== liveOrder.length) return live;
  if (isDeepEqual(fileOrder, liveOrder)) return live;
  const sorted = inGridOrder(shared).map(idOf);
  const moved = !isDeepEqual(sorted, liveOrder);
  if (moved && !isOrderOfMoves(live, liveIds, shared, idOf)) return live;
  order.moved = moved;
  const queue = fileOrder.map((id) => live[liveIds.indexOf(id)]);
  return live.map((panel, index) => (inFile.has(liveIds[index]) ? queue.shift() : panel));
}

/** Whether each file panel is an object whose id (`idOf`) is the live one's at its place, as many as live has. */
function sameIdsInOrder(liveIds: unknown[], file: unknown[], idOf: (panel: Json) => unknown): boolean {
  if (liveIds.length !== file.length) return false;
  for (let index = 0; index < file.length; index += 1) {
    const panel = file[index];
    if (!isPlainObject(panel)) return false;
    const id = idOf(panel);
    if (id === undefined || id !== liveIds[index]) return false;
  }
  return true;
}

/** Panels sorted as the cleanup sorts them: by `gridPos` y, then x (a missing one reads 0); ties keep their order. */
function inGridOrder<T>(panels: T[]): T[] {
  const at = (panel: T, axis: 'x' | 'y') => {
    const gridPos = isPlainObject(panel) ? panel.gridPos : undefined;
    return isPlainObject(gridPos) && typeof gridPos[axis] === 'number' ? gridPos[axis] : 0;
  };
  return [...panels].sort((a, b) => at(a, 'y') - at(b, 'y') || at(a, 'x') - at(b, 'x'));
}

/** Whether the live panels the file holds too are in the order of their grid positions, and one of them moves in the file. */
function isOrderOfMoves(live: unknown[], liveIds: unknown[], shared: Json[], idOf: (panel: Json) => unknown): boolean {
  const inFile = new Map(shared.map((panel) => [idOf(panel), panel]));
  const held = live.filter((_, index) => inFile.has(liveIds[index]));
  if (!inGridOrder(held).every((panel, index) => panel === held[index])) return false;
  return live.some((panel, index) => {
    const twin = inFile.get(liveIds[index]);
    if (twin === undefined || !isPlainObject(panel)) return false;
    const [from, to] = [panel.gridPos, twin.gridPos];
    return isPlainObject(from) && isPlainObject(to) && (from.x !== to.x || from.y !== to.y);
  });
}

/** Options per type as cleanupVariable saves them: a query's `[]` where absent, a datasource's always `[]`, a constant's none. */
/** `stepsFrom`: the file's schemaVersion, whose V23 and V29 output is taken back; none for pull, which writes Grafana's schemaVersion and keeps it. */
/** V41, below 41: the file's `timepicker.time_options`, which the step removes (unused since the time picker stopped reading it). */
function withFileTimeOptions(spec: Json, file: Json): void {
  if (!isPlainObject(file.timepicker) || !Object.hasOwn(file.timepicker, 'time_options') || !isPlainObject(spec.timepicker)) return;
  if (!Object.hasOwn(spec.timepicker, 'time_options')) spec.timepicker = { ...spec.timepicker, time_options: file.timepicker.time_options };
}

const V28_REMOVED_VARIABLE_KEYS: readonly string[] = ['tags', 'tagsQuery', 'tagValuesQuery', 'useTags'];

function asFileVariables(live: unknown[], file: unknown[], twinWhereEqual: boolean, stepsFrom: number | undefined, liveVersion: number): unknown[] {
  const byName = new Map(file.filter(isPlainObject).map((variable) => [variable.name, variable]));
  return live.map((variable) => {
    if (!isPlainObject(variable)) return variable;
    const twin = byName.get(variable.name);
    if (twin === undefined || twin.type !== variable.type) return variable;
    // An equal variable gets nothing from the rule (MigrationFormOptions.equalPanels).
    if (twinWhereEqual && isDeepEqual(variable, twin)) return twin;
    const result = { ...variable };
    if (variable.type === 'query' && !Object.hasOwn(twin, 'options') && isDeepEqual(result.options, [])) delete result.options;
    if (variable.type === 'datasource' && Array.isArray(twin.options) && isDeepEqual(result.options, [])) result.options = twin.options;
    for (const key of ['index', ...(variable.type === 'constant' ? ['options'] : [])]) if (Object.hasOwn(twin, key) && !Object.hasOwn(result, key)) result[key] = twin[key];
    // V23, below 23: the file's `current` aligned with its `multi` (a single value made a list, or a list its first value).
    if (stepsFrom !== undefined && stepsFrom < 23 && isPlainObject(result.current) && isDeepEqual(result.current, alignedCurrent(twin))) result.current = twin.current;
    if (stepsFrom !== undefined && stepsFrom < 29 && variable.type === 'query') withFileQueryRefresh(result, twin);
    // V28, below 28: the deprecated tag keys it removes from every variable.
    if (stepsFrom !== undefined && stepsFrom < 28 && liveVersion >= 28) for (const key of V28_REMOVED_VARIABLE_KEYS) if (Object.hasOwn(twin, key) && !Object.hasOwn(result, key)) result[key] = twin[key];
    return withFileNulls(result, twin);
  });
}
