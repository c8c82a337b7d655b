import { describeV2UnservedElsewhere } from '../check/describe-v2-unserved.js';
import { DASHBOARD_GROUP, schemaOfApiVersion } from '../files/dashboard-api-version.js';
import { EXPORT_ONLY_KEYS } from '../files/parse-dashboard-text.js';
import { withoutMigrationDefaults } from '../diff/drop-migration-defaults.js';
import { restoreFileForm, type FileForm } from '../files/restore-file-form.js';
import type { DashboardFileForm, DesiredContent } from '../files/types.js';
import type { UserMetadata } from '../grafana/port.js';
import type { DeclaredGrafana } from '../config/types.js';
import { findUnrestoredInputs, placeholderNames, type InputsContext, type UnrestoredInputs } from './find-unrestored-inputs.js';
import { placeNewFileInputs, type PlacedInputs } from './place-new-file-inputs.js';
import { findLiteralsOverPlaceholders, type LiteralOverPlaceholder } from './find-literals-over-placeholders.js';

/** The file a pulled dashboard replaces, as read: its form and its model or spec as written (placeholders kept). */
export interface CurrentFile {
  form: DashboardFileForm;
  schema: DesiredContent['schema'];
  apiVersion: string | null;
  /** The bare model, or a resource's `spec`, as written. */
  written: Record<string, unknown>;
  metadata: UserMetadata;
}

export interface PulledDocument {
  /** What to write (canonicalJson of it). */
  document: Record<string, unknown>;
  /** Why an "export for sharing" file was written as a plain one. */
  formLost?: string;
  /** Set when the file changes form because Grafana stores the dashboard in another schema than the file held. */
  formChanged?: string;
  /**
   * Set when an "export for sharing" file changes schema and some of its placeholders cannot be put back
   * unambiguously: pull refuses the file without `--force` (the document is what `--force` writes).
   */
  inputsLost?: UnrestoredInputs;
  /** A new file: the datasources written as this run's `${DS_…}` placeholders, and those left literal (placeNewFileInputs). */
  newInputs?: Omit<PlacedInputs, 'model'>;
  /** The file's datasource placeholders Grafana's version holds a literal in place of, which no input of this run maps. */
  literalsOverPlaceholders?: LiteralOverPlaceholder[];
}

/** Where neither the file nor Grafana names a version (a classic dashboard read through `/api`): one both 12 and 13 serve. */
const DEFAULT_API_VERSION = { v1: `${DASHBOARD_GROUP}/v1beta1`, v2: `${DASHBOARD_GROUP}/v2beta1` } as const;

/**
 * Why the file's own labels and annotations are not a change Grafana made, read through `/apis`; null when Grafana's
 * are the ones to write. `storage`: Grafana's answer says the dashboard is in its legacy SQL storage (Grafana 12's
 * default), which keeps none of a write's labels or annotations (LiveDashboard.metadataNotKept). `none-held`: Grafana
 * holds neither labels, annotations nor dashsync's record of a push, though its answer does not name that storage.
 * Unified storage keeps both, and keeps them through a save in the UI. Pull then keeps the file's.
 */
export function keepsNoMetadata(live: { apiVersion: string | null; pushed: unknown; metadata: UserMetadata; metadataNotKept?: true }): 'storage' | 'none-held' | null {
  if (live.apiVersion === null) return null;
  if (live.metadataNotKept === true) return 'storage';
  return live.pushed === null && !hasEntries(live.metadata) ? 'none-held' : null;
}

/** Whether the metadata holds any label or annotation. */
export function hasEntries(metadata: UserMetadata): boolean {
  return Object.keys(metadata.labels).length > 0 || Object.keys(metadata.annotations).length > 0;
}

/**
 * Pure: the document pull writes for a live dashboard (`live`: normalized, its apiVersion the one
 * it is stored in, null when read through `/api`). The dashboard stays in the schema Grafana stores
 * it in — a v2 one is always a resource file — and the file keeps its form: a bare model stays a
 * bare model (unless Grafana holds labels or annotations for it, which only a resource holds), a
 * resource a resource (with its own apiVersion while it names the stored schema),
 * an "export for sharing" file its placeholders where they still resolve to what Grafana has, a classic file its own form
 * where Grafana's differs only by what its schema migration writes (withoutMigrationDefaults; the ids it gave panels and
 * its panel type renames are written); a new
 * file this run's `${DS_…}` placeholders where a datasource is exactly one input's value (placeNewFileInputs).
 */
export function pulledDocument(
  live: DesiredContent,
  current: CurrentFile | null,
  inputs: Record<string, string>,
  /**
   * `otherEnvironments`: the config's other environments that deploy this file (a form only Grafana 13 serves names them);
   * `declaredGrafanas`: what the config says of each one's Grafana (its `grafanaVersion`), so the note says which run 12.
   */
  options: { storageKeepsNoMetadata?: boolean; environments?: Omit<InputsContext, 'inputs'>; otherEnvironments?: readonly string[]; declaredGrafanas?: Record<string, DeclaredGrafana> } = {},
): PulledDocument {
  // Labels and annotations (read through /apis) need a resource file: a bare model cannot hold them.
  const labelled = live.apiVersion !== null && hasEntries(live.metadata);
  const resource = live.schema === 'v2' || current?.form === 'resource' || labelled;
  const body = resource && live.schema === 'v1' ? withoutUid(live.spec) : live.spec;
  const sameSchema = current !== null && current.schema === live.schema;
  let restored: FileForm | undefined;
  let formChanged: string | undefined;
  let inputsLost: UnrestoredInputs | undefined;
  if (current !== null && !sameSchema) {
    // In another schema the file's placeholders seldom sit at the same paths: they go back by the text they resolve to.
    restored = restoreFileForm(body, current.written, inputs, { otherSchema: true });
    if (live.schema === 'v2') restored = withoutClassicExportKeys(restored);
    const context = { inputs, environmentInputs: options.environments?.environmentInputs ?? {}, environment: options.environments?.environment };
    inputsLost = findUnrestoredInputs(current.written, body, restored, context) ?? undefined;
    formChanged = `Grafana stores this dashboard as ${describeSchema(live)}; the file held ${describeSchema(current)}${describeKeptInputs(current.written, restored, inputsLost, live.schema)}`;
  } else if (current !== null) {
    // What Grafana's schema migration wrote where the file says nothing (its defaults) stays out of the file, as plan leaves it out.
    const own = live.schema === 'v1' ? withoutMigrationDefaults(body, current.written, { keepGrafanaIdsAndTypes: true }) : body;
    restored = restoreFileForm(own, current.written, inputs);
    if (current.form === 'model' && resource) formChanged = 'Grafana holds labels or annotations for this dashboard, which only a resource file can hold; the file held a bare model';
  }
  const formLost = sameSchema ? restored?.lost : undefined;
  // A new file gets this run's placeholders for its datasources: another environment's plan then gets its own.
  const placed = current === null ? placeNewFileInputs(body, inputs) : undefined;
  const spec = restored?.model ?? placed?.model ?? body;
  const literals = current !== null && sameSchema ? findLiteralsOverPlaceholders(current.written, spec) : [];
  const lost = {
    ...(literals.length > 0 && { literalsOverPlaceholders: literals }), ...(inputsLost ? { inputsLost } : {}), ...(placed && (placed.placed.length > 0 || placed.ambiguous.length > 0) ? { newInputs: { placed: placed.placed, ambiguous: placed.ambiguous } } : {}) };
  if (!resource) return { document: spec, formLost, formChanged, ...lost };

  const metadata: Record<string, unknown> = { name: live.uid };
  // Read through /api, or from a storage that keeps none (storageKeepsNoMetadata), Grafana has no labels or annotations to give: the file's stay as they are.
  const own = (live.apiVersion === null || options.storageKeepsNoMetadata === true) && current ? current.metadata : live.metadata;
  if (Object.keys(own.labels).length > 0) metadata.labels = own.labels;
  if (Object.keys(own.annotations).length > 0) metadata.annotations = own.annotations;
  const apiVersion = apiVersionFor(live, current);
  const servedFrom13 = formChanged !== undefined ? onlyGrafana13Serves(apiVersion) : null;
  // Another environment's "api" comes first (check's v2-unserved rule): "legacy" takes no v2 file, of any version.
  // The rest keep the advice below for the release (a v2beta1 file, whose spec differs), which that rule gives less of.
  const onLegacy = (options.otherEnvironments ?? []).filter((name) => options.declaredGrafanas?.[name]?.api === 'legacy');
  const unserved = formChanged !== undefined && live.schema === 'v2' ? describeV2UnservedElsewhere({ uid: live.uid, apiVersion }, onLegacy, options.declaredGrafanas ?? {}) : null;
  if (unserved) formChanged += `; ${unserved.message}`;
  const rest = (options.otherEnvironments ?? []).filter((name) => !unserved?.environments.includes(name));
  if (servedFrom13 && (unserved === null || rest.length > 0)) formChanged += `; ${apiVersion} is served by Grafana 13 and later only: ${describeWhoNeeds12(rest, options.declaredGrafanas ?? {})}, ${toVersion12Serves(servedFrom13)}`;
  return { document: { apiVersion, kind: 'Dashboard', metadata, spec }, formLost, formChanged, ...lost };
}

/**
 * Who needs a form Grafana 12 serves: the other environments that deploy the file (audit-ux-19 F-2: their plan stops on it
 * there) but those the config says run 13 or later, named as running 12 where its `grafanaVersion` says so; else any tree
 * that must work on 12.
 */
function describeWhoNeeds12(deployers: readonly string[], declared: Record<string, DeclaredGrafana>): string {
  const major = (name: string) => (declared[name]?.release === undefined ? null : Number(declared[name].release!.split('.')[0]));
  const others = deployers.filter((name) => (major(name) ?? 12) < 13);
  if (others.length === 0) return 'for a tree that must also work on 12 (a mixed fleet, or a rollback)';
  if (others.every((name) => major(name) === 12)) {
    const releases = others.map((name) => `${declared[name]!.release} (${declared[name]!.releaseFrom})`).join(', ');
    return others.length === 1
      ? `environment ${others[0]} deploys this file too and runs Grafana ${releases}: its plan stops on it (api-unwritable); for it (or a rollback)`
      : `environments ${others.join(', ')} deploy this file too and run Grafana ${releases}: their plans stop on it (api-unwritable); for them (or a rollback)`;
  }
  if (others.length === 1) return `environment ${others[0]} deploys this file too: if its Grafana is 12, its plan stops on it (api-unwritable); for it (or a rollback)`;
  return `environments ${others.join(', ')} deploy this file too: where one's Grafana is 12, its plan stops on it (api-unwritable); for them (or a rollback)`;
}

/**
 * What to do for 12. v1 and v1beta1 hold the same classic spec; a v2beta1 spec differs from a v2 one
 * (Convert_V2_to_V2beta1 moves each panel transformation's id), so only its apiVersion cannot be changed.
 */
function toVersion12Serves(version: string): string {
  if (!version.endsWith('/v2beta1')) return `set the file's apiVersion to ${version}`;
  return `make it a ${version} file as docs/upgrading.md "A fleet on 12 and 13" says (a v2beta1 spec differs from a v2 one in its panel transformations)`;
}

/** The version 12 also serves for a schema, when `apiVersion` is one only 13 and later serve (`v1`, `v2`); else null. */
function onlyGrafana13Serves(apiVersion: string): string | null {
  const [group, version] = apiVersion.split('/');
  return version === 'v1' || version === 'v2' ? `${group}/${version}beta1` : null;
}

/**
 * Pure: the file's version (`v2beta1`) when both it and the stored apiVersion are v2 versions and differ; else null.
 * Pull reads the dashboard at the file's version: a v2 spec under a v2beta1 apiVersion would be a file Grafana
 * reads differently (Convert_V2_to_V2beta1 moves each panel transformation's id).
 */
export function otherV2Version(stored: string | null, fileApiVersion: string | null): string | null {
  const storedVersion = stored?.split('/')[1];
  const own = fileApiVersion?.startsWith(`${DASHBOARD_GROUP}/`) ? fileApiVersion.slice(DASHBOARD_GROUP.length + 1) : undefined;
  if (storedVersion === undefined || own === undefined || own === storedVersion) return null;
  return storedVersion.startsWith('v2') && own.startsWith('v2') ? own : null;
}

/** The file's apiVersion while it names the stored schema (an author's choice of v2beta1 over v2 stays); else the stored one. */
function apiVersionFor(live: DesiredContent, current: CurrentFile | null): string {
  const own = current?.apiVersion ? schemaOfApiVersion(current.apiVersion) : undefined;
  if (current?.apiVersion && own && 'schema' in own && own.schema === live.schema) return current.apiVersion;
  return live.apiVersion ?? DEFAULT_API_VERSION[live.schema];
}

/**
 * What became of an "export for sharing" file's placeholders and export keys in the stored schema's form,
 * for the note: '' when the file had none. What could not be put back is said apart (inputsLost).
 */
function describeKeptInputs(written: Record<string, unknown>, restored: FileForm, lost: UnrestoredInputs | undefined, schema: DesiredContent['schema']): string {
  if (!restored.kept) return '';
  const placed = placeholderNames(restored.model, written);
  const keys = EXPORT_ONLY_KEYS.filter((key) => key in restored.model);
  const dropped = EXPORT_ONLY_KEYS.filter((key) => key in written && !(key in restored.model));
  const parts: string[] = [];
  const back = placed.filter((name) => !lost?.inputs.includes(name));
  const datasources = back.filter((name) => name.startsWith('DS_'));
  const others = back.filter((name) => !name.startsWith('DS_'));
  if (datasources.length > 0) parts.push(`its placeholders ${datasources.map((name) => `\${${name}}`).join(', ')} were put back where their datasources sit`);
  if (others.length > 0) parts.push(`${others.map((name) => `\${${name}}`).join(', ')} put back where ${others.length === 1 ? 'its value sits' : 'their values sit'}`);
  const them = keys.length === 1 ? 'it' : 'them';
  const v2Only = schema === 'v2' ? ` (dashsync reads ${them}; a v2 spec has no such field, so kubectl or Git Sync take the file only without ${them})` : '';
  if (keys.length > 0) parts.push(`its ${keys.join(', ')} kept${v2Only}`);
  if (dropped.length > 0) parts.push(`its ${dropped.join(', ')} dropped (classic export keys that say nothing about a v2 dashboard)`);
  const gone = placeholderNames(written, written).filter((name) => !placed.includes(name) && !lost?.inputs.includes(name));
  if (gone.length > 0) parts.push(`pull found no place for ${gone.join(', ')} in Grafana's version`);
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

/**
 * A classic export's `__requires` (the plugins and Grafana release it was exported from) and an empty
 * `__elements` say nothing about a v2 dashboard: they go. `__inputs` stays (resolveInputs reads the
 * placeholders' declarations and constants from it), and so do library panels an `__elements` still holds.
 */
function withoutClassicExportKeys(restored: FileForm): FileForm {
  if (!restored.kept) return restored;
  const { __requires: _requires, ...model } = restored.model;
  const elements = model.__elements;
  if (typeof elements === 'object' && elements !== null && !Array.isArray(elements) && Object.keys(elements).length === 0) delete model.__elements;
  return { ...restored, model };
}

function describeSchema(content: { schema: DesiredContent['schema']; apiVersion: string | null }): string {
  if (content.schema === 'v2') return `a v2 dashboard${content.apiVersion ? ` (${content.apiVersion})` : ''}`;
  return `a classic dashboard${content.apiVersion ? ` (${content.apiVersion})` : ''}`;
}

/** A v1 resource's identity is metadata.name: its spec carries no uid (Grafana drops one on write). */
function withoutUid(model: Record<string, unknown>): Record<string, unknown> {
  const { uid: _uid, ...rest } = model;
  return rest;
}
