import { isPlainObject } from '../../files/is-plain-object.js';

type Json = Record<string, unknown>;

/** The keys the cleanup keeps of a library panel (cleanupPanelForSaveWithContext): the rest goes. */
const LIBRARY_PANEL_KEYS = new Set(['id', 'title', 'gridPos', 'libraryPanel']);

/**
 * Whether a stored classic spec holds what the cleanup of Grafana's next v1-family write changes. Main's `migration.Migrate`
 * (12.3+, 13) runs the cleanup (frontend_defaults.go cleanupDashboardForSave) after the schema steps, so its answer holds
 * none of this; where the cleanup runs before them (commit 6c4e990f's form, no release read ships it), what a step writes
 * that the cleanup does not keep is removed only by the next write, a spec change that moves the generation. The steps'
 * outputs that do so (apps/dashboard/pkg/migration/schemaversion):
 * - nulls at any depth of a panel (rows' panels too) or of the templating, a top-level `id` or `gnetId` null: V33's and
 *   V36's panel `datasource: null` where the instance has no default datasource, V30's and V34's nil lists, V28's
 *   threshold base;
 * - a library panel holding more than id, title, gridPos and its reference: V33's `datasource`, V36's `targets` and
 *   `datasource`, whatever the instance's datasources (the cleanup cuts such a panel back to those four);
 * - a constant variable's `options`: V27 writes `[current]`, the cleanup removes a constant's options (a constant shown,
 *   `hide` 0 or 1, becomes a textbox, whose options stay).
 * Other steps write what the cleanup keeps. Pure.
 */
export function holdsWhatCleanupRewrites(spec: Json | null): boolean {
  if (spec === null) return false;
  if (spec.id === null || spec.gnetId === null) return true;
  if (holdsNull(spec.panels) || (isPlainObject(spec.templating) && holdsNull(spec.templating))) return true;
  return panelsOf(spec).some(holdsMoreThanLibraryReference) || variablesOf(spec).some((variable) => variable.type === 'constant' && Object.hasOwn(variable, 'options'));
}

/**
 * Whether the answer to a v1-family write shows that this Grafana's migration runs no frontend-defaults pass (12.0–12.2):
 * a release that runs it migrates to schemaVersion 42 at least and leaves the DashboardModel's top-level defaults and the
 * built-in annotation in every spec it stores (frontend_defaults.go applyFrontendDefaults; the cleanup keeps them). A
 * spec lacking one was not through it; one holding them all may have been written so by its author. Pure.
 */
export function answerShowsNoCleanup(spec: Json | null): boolean {
  if (spec === null) return false;
  if (typeof spec.schemaVersion === 'number' && spec.schemaVersion < 42) return true;
  if (PASS_KEYS.some((key) => spec[key] === undefined || spec[key] === null)) return true;
  if (!isPlainObject(spec.templating)) return true;
  const annotations = isPlainObject(spec.annotations) && Array.isArray(spec.annotations.list) ? spec.annotations.list : [];
  return !annotations.some((annotation) => isPlainObject(annotation) && annotation.builtIn === 1);
}

/** What applyFrontendDefaults sets where absent (beside templating and annotations); `panels` the cleanup's. */
const PASS_KEYS = ['title', 'tags', 'timezone', 'weekStart', 'editable', 'graphTooltip', 'time', 'timepicker', 'fiscalYearStartMonth', 'links', 'panels'];

/** A null value of an object key at any depth (null array elements are kept by the cleanup). */
function holdsNull(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => item !== null && holdsNull(item));
  if (!isPlainObject(value)) return false;
  return Object.values(value).some((inner) => inner === null || holdsNull(inner));
}

function holdsMoreThanLibraryReference(panel: Json): boolean {
  return panel.libraryPanel !== undefined && panel.libraryPanel !== null && Object.keys(panel).some((key) => !LIBRARY_PANEL_KEYS.has(key));
}

/** Each top-level panel, then its `panels` (a collapsed row's). */
function panelsOf(spec: Json): Json[] {
  if (!Array.isArray(spec.panels)) return [];
  return spec.panels.filter(isPlainObject).flatMap((panel) => [panel, ...(Array.isArray(panel.panels) ? panel.panels.filter(isPlainObject) : [])]);
}

function variablesOf(spec: Json): Json[] {
  const list = isPlainObject(spec.templating) ? spec.templating.list : undefined;
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}
