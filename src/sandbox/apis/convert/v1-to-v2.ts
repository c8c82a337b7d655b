import { autoMigratedType } from '../../../grafana-migration/auto-migrated-type.js';
import { isObject, type JsonObject } from '../../dashboard-model.js';
import { convertAnnotations, convertLinks, convertTimeSettings, convertVariables, dataQuery, type VariableDatasources } from './v1-to-v2-controls.js';

/** The release's form of the conversion (EraRules.apis). */
export interface V1ToV2Options {
  /** `angularMigrationInV2`: a panel's Angular-era keys go to the editor in its options (vizConfigOf). */
  angularMigration?: boolean;
  /** `variableDefaultDatasourceType`: the namespace's org's data sources, which a variable naming no type is given one of. */
  variableDatasources?: VariableDatasources;
}

/**
 * A v1 dashboard spec as a v2 spec (v2beta1/v2 shapes), the way the dynamic-dashboards editor and Grafana's
 * backend conversion (v1beta1_to_v2alpha1.go) build it: one `Panel` (or `LibraryPanel`) element per panel,
 * named `panel-<id>`; a `GridLayout` of `ElementReference` items, or a `RowsLayout` when the dashboard has rows
 * (panels above the first row go into a row with a hidden header). `options`: the backend's conversion of 12.4 on and
 * 13, which hands a panel's Angular-era keys to the editor in its options (PR #115368, vizConfigOf) and gives a variable
 * naming no data source type one (v1-to-v2-controls.ts variableDataQuery). Throws ConversionError when it cannot.
 */
export function convertV1ToV2(v1: JsonObject, options: V1ToV2Options = {}): JsonObject {
  const angularMigration = options.angularMigration === true;
  const elements: JsonObject = {};
  const panels = (Array.isArray(v1.panels) ? v1.panels : []).filter(isObject);
  const hasRows = panels.some((panel) => panel.type === 'row');
  const add = (panel: JsonObject) => addElement(panel, elements, angularMigration);
  const layout = hasRows ? rowsLayout(panels, add) : gridLayout(panels, add, 0);
  return {
    annotations: convertAnnotations(v1.annotations),
    cursorSync: ['Off', 'Crosshair', 'Tooltip'][Number(v1.graphTooltip ?? 0)] ?? 'Off',
    ...(typeof v1.description === 'string' ? { description: v1.description } : {}),
    editable: v1.editable !== false,
    elements,
    layout,
    links: convertLinks(v1.links),
    ...(typeof v1.liveNow === 'boolean' ? { liveNow: v1.liveNow } : {}),
    preload: v1.preload === true,
    ...(typeof v1.revision === 'number' ? { revision: v1.revision } : {}),
    tags: Array.isArray(v1.tags) ? v1.tags : [],
    timeSettings: convertTimeSettings(v1),
    title: typeof v1.title === 'string' ? v1.title : '',
    variables: convertVariables(v1.templating, options.variableDatasources),
  };
}

/** Adds a panel's element to the spec's `elements` and answers its name. */
type AddElement = (panel: JsonObject) => string;

function gridLayout(panels: JsonObject[], add: AddElement, rowY: number): JsonObject {
  const items = panels.map((panel) => {
    const name = add(panel);
    const grid = isObject(panel.gridPos) ? panel.gridPos : {};
    return {
      kind: 'GridLayoutItem',
      spec: {
        x: Number(grid.x ?? 0),
        y: Math.max(0, Number(grid.y ?? 0) - rowY),
        // Grafana's defaults (buildGridItemKind, as the frontend's PanelModel): 6 wide, 3 high.
        width: Number(grid.w ?? 6),
        height: Number(grid.h ?? 3),
        element: { kind: 'ElementReference', name },
        ...repeatOf(panel),
      },
    };
  });
  return { kind: 'GridLayout', spec: { items } };
}

function repeatOf(panel: JsonObject): JsonObject {
  if (typeof panel.repeat !== 'string' || panel.repeat === '') return {};
  const repeat: JsonObject = { mode: 'variable', value: panel.repeat };
  if (panel.repeatDirection) repeat.direction = panel.repeatDirection;
  if (panel.maxPerRow) repeat.maxPerRow = panel.maxPerRow;
  return { repeat };
}

/**
 * Expanded rows own the panels after them; collapsed rows carry theirs in `panels`, and a panel after a collapsed
 * row joins it after those (Grafana's convertToRowsLayout appends every regular panel to the row above it).
 */
function rowsLayout(panels: JsonObject[], add: AddElement): JsonObject {
  const rows: JsonObject[] = [];
  let pending: JsonObject[] = [];
  let current: JsonObject | undefined;
  const flush = () => {
    if (current) rows.push(row(current, current.collapsed === true ? [...panelsOf(current), ...pending] : pending, add));
    else if (pending.length > 0) rows.push(row(undefined, pending, add));
    pending = [];
  };
  for (const panel of panels) {
    if (panel.type !== 'row') {
      pending.push(panel);
      continue;
    }
    flush();
    current = panel;
  }
  flush();
  return { kind: 'RowsLayout', spec: { rows } };
}

const panelsOf = (rowPanel: JsonObject): JsonObject[] => (Array.isArray(rowPanel.panels) ? rowPanel.panels.filter(isObject) : []);

function row(rowPanel: JsonObject | undefined, panels: JsonObject[], add: AddElement): JsonObject {
  const rowY = rowPanel && isObject(rowPanel.gridPos) ? Number(rowPanel.gridPos.y ?? 0) + 1 : 0;
  const spec: JsonObject = rowPanel
    ? { title: typeof rowPanel.title === 'string' ? rowPanel.title : '', collapse: rowPanel.collapsed === true }
    : { title: '', collapse: false, hideHeader: true };
  if (rowPanel && typeof rowPanel.repeat === 'string' && rowPanel.repeat !== '') spec.repeat = { mode: 'variable', value: rowPanel.repeat };
  spec.layout = gridLayout(panels, add, rowY);
  return { kind: 'RowsLayoutRow', spec };
}

function addElement(panel: JsonObject, elements: JsonObject, angularMigration: boolean): string {
  const id = Number(panel.id ?? Object.keys(elements).length + 1);
  let name = `panel-${id}`;
  for (let n = 2; name in elements; n++) name = `panel-${id}-${n}`;
  elements[name] = isObject(panel.libraryPanel) ? libraryPanelElement(panel, id) : panelElement(panel, id, angularMigration);
  return name;
}

const MIXED = '-- Mixed --';

/**
 * A query's datasource as Grafana's conversion gives it (v1beta1_to_v2alpha1.go, transformPanelQueries and
 * transformSingleQuery): a panel naming a concrete datasource (not `-- Mixed --`) gives it to every query that
 * names none or another one (an expression `__expr__` keeps its own); a mixed panel's queries keep their own, and
 * one without names none. A plain string counts only as a template variable (`$ds`); `{type: "datasource"}`
 * without a uid is Grafana's own datasource, uid `grafana`.
 */
function queryDatasource(panelRef: unknown, queryRef: unknown): { type: string; uid: string } {
  const panel = reference(panelRef);
  const query = reference(queryRef);
  const panelHasUid = panel.uid !== '' && panel.uid !== MIXED;
  const queryEmpty = query.uid === '' && query.type === '';
  if (panelHasUid && (queryEmpty || (query.uid !== '__expr__' && query.uid !== panel.uid))) return { type: panel.type, uid: panel.uid };
  if (panel.type === 'datasource' && queryEmpty) return { type: 'datasource', uid: 'grafana' };
  return query;
}

function reference(ref: unknown): { type: string; uid: string } {
  if (typeof ref === 'string') return { type: '', uid: ref.startsWith('$') ? ref : '' };
  if (!isObject(ref)) return { type: '', uid: '' };
  const type = typeof ref.type === 'string' ? ref.type : '';
  const uid = typeof ref.uid === 'string' ? ref.uid : '';
  return { type, uid: type === 'datasource' && uid === '' ? 'grafana' : uid };
}

function libraryPanelElement(panel: JsonObject, id: number): JsonObject {
  const ref = panel.libraryPanel as JsonObject;
  const title = typeof panel.title === 'string' ? panel.title : '';
  return { kind: 'LibraryPanel', spec: { id, title, libraryPanel: { uid: String(ref.uid ?? ''), name: String(ref.name ?? '') } } };
}

function panelElement(panel: JsonObject, id: number, angularMigration: boolean): JsonObject {
  const targets = (Array.isArray(panel.targets) ? panel.targets : []).filter(isObject);
  const queries = targets.map((target, index) => {
    const { refId, hide, datasource, ...query } = target;
    return {
      kind: 'PanelQuery',
      spec: {
        query: dataQuery(queryDatasource(panel.datasource, datasource), query),
        refId: typeof refId === 'string' ? refId : String.fromCharCode(65 + index),
        hidden: hide === true,
      },
    };
  });
  const transformations = (Array.isArray(panel.transformations) ? panel.transformations : []).filter(isObject).map((t) => {
    const { id: transformId, ...spec } = t;
    return { kind: 'Transformation', group: String(transformId ?? ''), spec: { options: {}, ...spec } };
  });
  const viz = vizConfigOf(panel, angularMigration);
  const queryOptions: JsonObject = {};
  for (const key of ['timeFrom', 'maxDataPoints', 'timeShift', 'queryCachingTTL', 'interval', 'cacheTimeout', 'hideTimeOverride']) {
    if (panel[key] !== undefined && panel[key] !== null) queryOptions[key] = panel[key];
  }
  return {
    kind: 'Panel',
    spec: {
      id,
      title: typeof panel.title === 'string' ? panel.title : '',
      description: typeof panel.description === 'string' ? panel.description : '',
      links: Array.isArray(panel.links) ? panel.links : [],
      data: { kind: 'QueryGroup', spec: { queries, transformations, queryOptions } },
      vizConfig: {
        kind: 'VizConfig',
        group: viz.group,
        version: typeof panel.pluginVersion === 'string' ? panel.pluginVersion : '',
        spec: {
          options: viz.options,
          fieldConfig: isObject(panel.fieldConfig) ? panel.fieldConfig : { defaults: {}, overrides: [] },
        },
      },
      ...(panel.transparent === true ? { transparent: true } : {}),
    },
  };
}

/** The classic panel keys the v2 Panel schema has a place for (v1beta1_to_v2alpha1.go knownPanelProperties). */
const KNOWN_PANEL_PROPERTIES = new Set([
  'type', 'id', 'pluginVersion', 'targets', 'title', 'description', 'transparent', 'datasource', 'gridPos', 'links',
  'repeat', 'repeatDirection', 'maxPerRow', 'maxDataPoints', 'transformations', 'interval', 'timeFrom', 'timeShift',
  'hideTimeOverride', 'timeCompare', 'libraryPanel', 'cacheTimeout', 'queryCachingTTL', 'options', 'fieldConfig',
  'autoMigrateFrom',
]);

/**
 * A panel's plugin and options in v2 (buildVizConfig). With `angularMigration` (PR #115368, "Support Angular panel
 * migrations in v2 schema", opened 2025-12-15: 12.4.0 of 2026-02-24 on, and 13): a panel the migration marked
 * (`autoMigrateFrom`), or of an Angular type (GetAngularPanelMigration: the type it becomes), or holding any key
 * outside the schema (extractAngularOptions: an old text panel's `content` and `mode`, a graph's `bars`, …) carries
 * `options.__angularMigration: {autoMigrateFrom, originalOptions}`, those keys, so that the editor, which removes it on
 * load, can run the new plugin's migration on them.
 */
function vizConfigOf(panel: JsonObject, angularMigration: boolean): { group: string; options: JsonObject } {
  let group = typeof panel.type === 'string' ? panel.type : '';
  if (!angularMigration) return { group, options: isObject(panel.options) ? panel.options : {} };
  const options: JsonObject = isObject(panel.options) ? { ...panel.options } : {};
  const originalOptions = Object.fromEntries(Object.entries(panel).filter(([key]) => !KNOWN_PANEL_PROPERTIES.has(key)));
  let from = typeof panel.autoMigrateFrom === 'string' ? panel.autoMigrateFrom : '';
  if (from === '') {
    const replacement = autoMigratedType(panel);
    if (replacement !== undefined) [from, group] = [group, replacement];
    else if (Object.keys(originalOptions).length > 0) from = group;
  }
  if (from !== '') options.__angularMigration = { autoMigrateFrom: from, originalOptions };
  return { group, options };
}
