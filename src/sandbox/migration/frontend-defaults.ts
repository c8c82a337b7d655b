import { autoMigratedType } from '../../grafana-migration/auto-migrated-type.js';
import { BUILT_IN_ANNOTATION } from '../../grafana-migration/built-in-annotation.js';
import { asList, asMap, isTruthy, mapsOf, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * The passes `migration.Migrate` runs around the schema steps since PR #110525 (apps/dashboard/pkg/migration/migrate.go),
 * as frontend_defaults.go writes them: the frontend DashboardModel/PanelModel constructors' defaults, then getSaveModel's
 * cleanup. The net effect on a dashboard: its absent top-level defaults added, default-valued panel keys removed, types
 * of Angular panels renamed. Without `preload` removal (PR #112475 kept it). src/sandbox/README.md "Schema migration".
 *
 * Main's form from 2025-09-24 on (12.3+, 13): `applyFrontendDefaultsBeforeSteps`, the steps, `cleanupAfterSteps`.
 */

/**
 * Before the steps (the bmchelix b1c048fb / fieldsphere 35d4b12d copies): 0. `__elements`, `__inputs`, `__requires`
 * deleted; 1. the panels that hold `transformations` marked (trackOriginalTransformations); 2. the dashboard defaults (the
 * built-in annotation comes after the steps), panel defaults on top-level panels only; 3. unique panel ids. Mutates `dashboard`.
 */
export function applyFrontendDefaultsBeforeSteps(dashboard: JsonMap): void {
  for (const key of ['__elements', '__inputs', '__requires']) delete dashboard[key];
  for (const panel of allPanels(dashboard)) if (Object.hasOwn(panel, 'transformations')) panel[HAD_TRANSFORMATIONS] = true;
  applyDashboardDefaults(dashboard, false);
  for (const panel of mapsOf(dashboard.panels)) applyPanelDefaults(panel);
  ensurePanelsHaveUniqueIds(dashboard);
}

/**
 * What a release's cleanup does beyond the common form: `renameNested`, the Angular rename of a collapsed row's panels
 * too (PR #109037); `truthyRepeats`, a repeated copy known by a truthy `repeatPanelId`/`repeatedByRow` rather than by the
 * key alone (PR #129284).
 */
export interface CleanupRules {
  renameNested?: boolean;
  truthyRepeats?: boolean;
}

/** After the steps: 6. the built-in annotation; 7. `cleanupDashboardForSave`. Mutates `dashboard`. */
export function cleanupAfterSteps(dashboard: JsonMap, rules: CleanupRules = {}): void {
  addBuiltInAnnotation(dashboard);
  cleanupDashboardForSave(dashboard, rules);
}

/**
 * The form of commit 6c4e990f, a branch state of PR #110525 no release read ships (1. applyFrontendDefaults, 2.
 * applyPanelDefaults on every panel, rows' included, 3. unique ids, 4. cleanupDashboardForSave; then the steps): kept
 * for SandboxOptions.cleanupBeforeSteps. Mutates `dashboard`.
 */
export function applyFrontendDefaultsAndCleanup(dashboard: JsonMap, rules: CleanupRules = {}): void {
  applyDashboardDefaults(dashboard, true);
  for (const panel of allPanels(dashboard)) applyPanelDefaults(panel);
  ensurePanelsHaveUniqueIds(dashboard);
  cleanupDashboardForSave(dashboard, rules);
}

/** applyFrontendDefaults: DashboardModel's constructor defaults where the key is absent or null. */
function applyDashboardDefaults(dashboard: JsonMap, withBuiltInAnnotation: boolean): void {
  const defaults: JsonMap = {
    title: 'No Title',
    tags: [],
    timezone: '',
    weekStart: '',
    editable: true,
    graphTooltip: 0,
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    schemaVersion: 0,
    fiscalYearStartMonth: 0,
    links: [],
  };
  for (const [key, value] of Object.entries(defaults)) setWhereNull(dashboard, key, value);
  ensureList(dashboard, 'templating');
  ensureList(dashboard, 'annotations');
  if (withBuiltInAnnotation) addBuiltInAnnotation(dashboard);
  dropNullCurrentValues(dashboard);
}

function setWhereNull(map: JsonMap, key: string, value: unknown): void {
  if (map[key] === undefined || map[key] === null) map[key] = structuredClone(value);
}

/** ensureTemplatingExists / ensureAnnotationsExist: `{list: []}` where not an object, `list: []` where null. */
function ensureList(dashboard: JsonMap, key: 'templating' | 'annotations'): void {
  const holder = asMap(dashboard[key]);
  if (holder) setWhereNull(holder, 'list', []);
  else dashboard[key] = { list: [] };
}

/** addBuiltInAnnotationQuery: the built-in annotation first, unless one has `builtIn` 1 (a number: `true` is not). */
function addBuiltInAnnotation(dashboard: JsonMap): void {
  const annotations = asMap(dashboard.annotations);
  const list = asList(annotations?.list);
  if (!annotations || !list) return;
  if (mapsOf(list).some((annotation) => annotation.builtIn === 1)) return;
  annotations.list = [structuredClone(BUILT_IN_ANNOTATION), ...list];
}

/** removeNullValuesFromVariables: a variable's `current.value` that is null, or a list holding a null, is removed. */
function dropNullCurrentValues(dashboard: JsonMap): void {
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) {
    const current = asMap(variable.current);
    if (!current || !('value' in current)) continue;
    const value = current.value;
    if (value === null || (Array.isArray(value) && value.includes(null))) delete current.value;
  }
}

/** getPanels: each top-level panel, then the panels of its `panels` (one level). */
function allPanels(dashboard: JsonMap): JsonMap[] {
  const found: JsonMap[] = [];
  for (const panel of mapsOf(dashboard.panels)) {
    found.push(panel);
    found.push(...mapsOf(panel.panels));
  }
  return found;
}

/** The PanelModel defaults, as applyPanelDefaults sets them and cleanupPanelForSave drops them again when unchanged. */
const PANEL_DEFAULTS: Readonly<JsonMap> = {
  gridPos: { x: 0, y: 0, h: 3, w: 6 },
  targets: [{ refId: 'A' }],
  cachedPluginOptions: {},
  transparent: false,
  options: {},
  links: [],
  fieldConfig: { defaults: {}, overrides: [] },
  title: '',
};

/** applyPanelDefaults: PanelModel's defaults where absent or null; a fieldConfig's missing halves; refIds. */
function applyPanelDefaults(panel: JsonMap): void {
  for (const [key, value] of Object.entries(PANEL_DEFAULTS)) {
    if (key === 'fieldConfig') continue;
    setWhereNull(panel, key, value);
  }
  if (!('fieldConfig' in panel)) panel.fieldConfig = structuredClone(PANEL_DEFAULTS.fieldConfig);
  else {
    const fieldConfig = asMap(panel.fieldConfig);
    if (fieldConfig && !('defaults' in fieldConfig)) fieldConfig.defaults = {};
    if (fieldConfig && !('overrides' in fieldConfig)) fieldConfig.overrides = [];
  }
  ensureQueryIds(panel);
}

/** ensureQueryIds: targets without a refId get the first letters A–Z that no target of the panel uses. */
function ensureQueryIds(panel: JsonMap): void {
  const targets = mapsOf(panel.targets);
  if (!targets.some((target) => target.refId === undefined || target.refId === null)) return;
  const used = new Set(targets.map((target) => target.refId).filter((refId) => typeof refId === 'string'));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let index = 0;
  for (const target of targets) {
    if (target.refId !== undefined && target.refId !== null) continue;
    while (index < letters.length) {
      const letter = letters[index]!;
      if (!used.has(letter)) {
        target.refId = letter;
        used.add(letter);
        break;
      }
      index++;
    }
    index++;
  }
}

/** ensurePanelsHaveUniqueIds: a panel without a positive numeric id, or with one taken before it, gets max + 1 and on. */
function ensurePanelsHaveUniqueIds(dashboard: JsonMap): void {
  const panels = allPanels(dashboard);
  const isId = (id: unknown): id is number => typeof id === 'number' && id > 0;
  let next = Math.trunc(Math.max(0, ...panels.map((panel) => (isId(panel.id) ? panel.id : 0)))) + 1;
  const seen = new Set<number>();
  for (const panel of panels) {
    if (isId(panel.id) && !seen.has(panel.id)) seen.add(panel.id);
    else panel.id = next++;
  }
}

/** cleanupDashboardForSave: removeNonPersistedProperties, removeNullValues, cleanupTemplating, cleanupPanels, cleanupDashboardDefaults. */
function cleanupDashboardForSave(dashboard: JsonMap, rules: CleanupRules): void {
  for (const key of NOT_PERSISTED_DASHBOARD_KEYS) delete dashboard[key];
  if (dashboard.gnetId === null) delete dashboard.gnetId;
  cleanupTemplating(dashboard);
  cleanupPanels(dashboard, rules);
  if (dashboard.style === 'dark') delete dashboard.style;
  if (dashboard.hideControls === false) delete dashboard.hideControls;
  if ('id' in dashboard && dashboard.id === null) delete dashboard.id;
  delete dashboard.iteration;
}

const NOT_PERSISTED_DASHBOARD_KEYS = [
  'events',
  'meta',
  'originalTime',
  'originalTemplating',
  'originalLibraryPanels',
  'panelInEdit',
  'panelInView',
  'getVariablesFromState',
  'formatDate',
  'appEventsSubscription',
  'panelsAffectedByVariableChange',
  'lastRefresh',
  'timeRangeUpdatedDuringEditOrView',
  'originalDashboard',
  'variables',
];

/** cleanupTemplating: nulls removed all the way down, then each variable as its type's adapter saves it. */
function cleanupTemplating(dashboard: JsonMap): void {
  const templating = asMap(dashboard.templating);
  if (!templating) return;
  removeNulls(templating);
  for (const variable of mapsOf(templating.list)) {
    if (variable.datasource === undefined || variable.datasource === null) delete variable.datasource;
    delete variable.index;
    if (variable.type === 'query' && !('options' in variable)) variable.options = [];
    else if (variable.type === 'constant') delete variable.options;
    else if (variable.type === 'datasource') variable.options = [];
  }
}

/** removeNullValuesRecursively: null-valued keys of objects go, at any depth; null array elements stay. */
function removeNulls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null) removeNulls(item);
    return;
  }
  const map = asMap(value);
  if (!map) return;
  for (const [key, inner] of Object.entries(map)) {
    if (inner === null) delete map[key];
    else removeNulls(inner);
  }
}

/** cleanupPanels: repeated copies dropped, each panel cleaned (rows' panels as nested), sorted by grid position; `panels: []` when none. */
function cleanupPanels(dashboard: JsonMap, { renameNested = false, truthyRepeats = false }: CleanupRules): void {
  const list = asList(dashboard.panels);
  if (!list) {
    dashboard.panels = [];
    return;
  }
  const copy = (panel: JsonMap, key: string) => (truthyRepeats ? isTruthy(panel[key]) : key in panel);
  const kept = mapsOf(list).filter((panel) => !copy(panel, 'repeatPanelId') && !copy(panel, 'repeatedByRow'));
  for (const panel of kept) {
    cleanupPanel(panel, true, false);
    for (const nested of mapsOf(panel.panels)) cleanupPanel(nested, renameNested, true);
  }
  dashboard.panels = sortByGridPosition(kept);
}

/** sortPanelsByGridPosition: by y, then x (a missing one reads 0). Go's sort.Slice is not stable; this is (ties keep their order). */
function sortByGridPosition(panels: JsonMap[]): JsonMap[] {
  const at = (panel: JsonMap, axis: 'x' | 'y') => {
    const value = asMap(panel.gridPos)?.[axis];
    return typeof value === 'number' ? value : 0;
  };
  return [...panels].sort((a, b) => at(a, 'y') - at(b, 'y') || at(a, 'x') - at(b, 'x'));
}

const NOT_PERSISTED_PANEL_KEYS = [
  'events',
  'isViewing',
  'isEditing',
  'isInView',
  'hasRefreshed',
  'cachedPluginOptions',
  'plugin',
  'queryRunner',
  'replaceVariables',
  'configRev',
  'hasSavedPanelEditChange',
  'getDisplayTitle',
  'dataSupport',
  'key',
  'isNew',
  'refreshWhenInView',
  'scopedVars',
];

const LEGACY_TABLE_KEYS = ['pageSize', 'scroll', 'fontSize', 'showHeader', 'sort'];

/**
 * The marker step 1 gives a panel that holds `transformations` before any default: a collapsed row's panel keeps an empty
 * list it had (the frontend's hasOwnProperty); Grafana's frontend_defaults_test.go TestTransformationsArrayContextAwareLogic.
 */
const HAD_TRANSFORMATIONS = '_originallyHadTransformations';

/**
 * cleanupPanelForSaveWithContext: PanelModel.getSaveModel's cleanup, the Angular types migrated first where `renamed`
 * (top-level panels; a row's too from PR #109037); `nested`: a collapsed row's panel.
 */
function cleanupPanel(panel: JsonMap, renamed: boolean, nested: boolean): void {
  const keepsTransformations = nested && panel[HAD_TRANSFORMATIONS] === true;
  delete panel[HAD_TRANSFORMATIONS];
  if (renamed) autoMigratePanelType(panel);
  if (panel.libraryPanel !== undefined && panel.libraryPanel !== null) {
    const kept: JsonMap = { id: panel.id, title: panel.title, gridPos: panel.gridPos, libraryPanel: panel.libraryPanel };
    for (const key of Object.keys(panel)) delete panel[key];
    for (const [key, value] of Object.entries(kept)) if (value !== undefined && value !== null) panel[key] = value;
    return;
  }
  if (panel.type === 'row' && panel.repeat === '') delete panel.repeat;
  for (const key of NOT_PERSISTED_PANEL_KEYS) delete panel[key];
  for (const [key, value] of Object.entries(PANEL_DEFAULTS)) {
    if (key in panel && goEqual(panel[key], value)) delete panel[key];
  }
  if (Array.isArray(panel.transformations) && panel.transformations.length === 0 && !keepsTransformations) delete panel.transformations;
  removeNulls(panel);
  // filterDefaultValues: a fieldConfig the nulls' removal left at the default goes too (the other defaults stay once present).
  if (goEqual(panel.fieldConfig, PANEL_DEFAULTS.fieldConfig)) delete panel.fieldConfig;
  if (panel.type === 'table' && panel.autoMigrateFrom !== 'table-old') for (const key of LEGACY_TABLE_KEYS) delete panel[key];
  if (Array.isArray(panel.targets) && panel.targets.length === 0) delete panel.targets;
  const defaults = asMap(asMap(panel.fieldConfig)?.defaults);
  if (defaults && isMigratedSinglestat(panel, defaults) && asMap(defaults.custom) && Object.keys(asMap(defaults.custom)!).length === 0) delete defaults.custom;
}

/** cleanupFieldConfigDefaults' test for a stat panel that was a singlestat: its autoMigrateFrom, or the sparkline migration's marks. */
function isMigratedSinglestat(panel: JsonMap, defaults: JsonMap): boolean {
  if (panel.autoMigrateFrom === 'singlestat' || panel.autoMigrateFrom === 'grafana-singlestat-panel') return true;
  const color = asMap(defaults.color);
  return typeof color?.fixedColor === 'string' && color.mode === 'fixed' && Array.isArray(defaults.mappings);
}

/** applyPanelAutoMigration: the type it gives the panel (autoMigratedType), `autoMigrateFrom` naming the old one. */
function autoMigratePanelType(panel: JsonMap): void {
  const type = panel.type;
  const replacement = autoMigratedType(panel);
  if (replacement === undefined) return;
  panel.autoMigrateFrom = type;
  panel.type = replacement;
}

/** frontend_defaults.go isEqual: same JSON type and value, objects key by key (same size), arrays element by element. */
function goEqual(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => goEqual(item, b[index]));
  const mapA = asMap(a);
  if (mapA) {
    const mapB = asMap(b);
    return mapB !== undefined && Object.keys(mapA).length === Object.keys(mapB).length && Object.entries(mapA).every(([key, value]) => goEqual(value, mapB[key]));
  }
  return typeof a === typeof b && a === b;
}
