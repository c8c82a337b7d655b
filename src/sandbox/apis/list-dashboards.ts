import { joinedJsonBytes, type Reply } from '../http/reply.js';
import { mayReadIn } from '../folder-permissions.js';
import { keepsApisTrash } from '../era.js';
import { orgDashboards, orgFolders, type DashboardRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { currentView, historyStamp, historyView, INTERNAL_ID_LABEL, k8sMetaOf, type DashboardStorage, type DashboardView } from './dashboard-view.js';
import { cutPage, STORED_METADATA_BYTES, unifiedContinueToken } from './list-pages.js';
import { mayListTrashEntry } from './apis-trash.js';
import { renderDashboardObject } from './dashboard-object.js';
import { escapeGoHtml } from '../go-json-text.js';
import { methodNotSupported } from './k8s-status.js';
import { LIST_CLOSE } from './k8s-wire-text.js';
import { readListOptions, type ListOptions } from './list-options.js';
import { namespaceForOrg } from './namespaces.js';
import { negotiateOutput, notAcceptable } from './negotiate-output.js';
import { renderMetadataList } from './partial-metadata.js';
import { recordsByName } from './records-by-name.js';
import { matchesLabels } from './selectors.js';
import type { VersionRecord } from '../state.js';

/**
 * One row a listing walks: its key (the legacy token's id, the history's and trash's place) and its view, made when a page
 * first looks at it: a page takes a few hundred of an org's thousands of rows, and the rows before its offset are only
 * counted.
 */
interface ListRow {
  key: number;
  view(): DashboardView;
}

const madeRow = (view: DashboardView, key: number): ListRow => ({ key, view: () => view });

function lazyRow(key: number, make: () => DashboardView): ListRow {
  let view: DashboardView | undefined;
  return { key, view: () => (view ??= make()) };
}

/**
 * LIST dashboards, paged as the resource server pages it (list-pages.ts: the era's default page size where no `limit` is
 * given, and at most LIST_PAGE_BYTES of stored objects a page), in the storage's order and with its continue token:
 * - legacy SQL storage (pkg/registry/apis/dashboard/legacy): newest internal id first; `continue` is the legacy token
 *   `org:<org>/start:<last id>/folder:`, so a page never moves when others write (new dashboards get higher ids);
 * - unified storage (pkg/storage/unified/sql/backend.go): by name (`ORDER BY namespace, name`, resource_list.sql); the
 *   first page is the latest state, and its token (`{"o":<rows read>,"v":<the list's resourceVersion>}`) makes every later
 *   page read the dashboards as they were at that resourceVersion (listAtRevision), from that row on.
 * `grafana.app/get-history=true` + `fieldSelector=metadata.name=<uid>` lists the versions newest first (the legacy token
 * counts versions; unified storage's names the last resourceVersion given); `grafana.app/get-trash=true` lists
 * "Recently deleted" (unified storage: newest deletion first, continued below the last one's resourceVersion).
 */
export function listDashboards(context: ApisContext): Reply {
  if (context.query.get('watch') === 'true' || context.query.get('watch') === '1') return methodNotSupported(context.gr, 'watch');
  const storage = context.settings.storage;
  const unified = storage === 'unified';
  const options = readListOptions(context.query, context.identity.orgId, storage);
  if ('status' in options) return options;
  const form = negotiateOutput(context.headers.accept);
  if (form.as === 'PartialObjectMetadata') return notAcceptable(form, `*${context.version}.DashboardList`);
  const storedDefault = context.era.metaApiVersion ?? 'v0alpha1';
  const dashboards = orgDashboards(context.state, context.identity.orgId);
  const folders = orgFolders(context.state, context.identity.orgId);
  // The authorizer lets any dashboards:read holder list; the storage leaves out what the caller may not read.
  const readable = (view: DashboardView) => mayReadIn(folders, context.identity, view.folderUid);
  let rows: ListRow[];
  if (options.source === 'history') {
    const record = dashboards.get(options.name);
    rows = record && mayReadIn(folders, context.identity, record.folderUid)
      ? [...record.versions].reverse().map((entry) => {
        const view = historyView(record, entry, storedDefault, storage);
        return madeRow(view, unified ? view.resourceVersion : entry.version);
      })
      : [];
  } else if (options.source === 'trash') {
    // The trash shows an entry to its deleter and to whoever may set its permissions (12.1 on; 12.0.x: to its readers: apis-trash.ts).
    const listable = (record: DashboardRecord) => mayListTrashEntry(folders, context.identity, record, context.rules);
    rows = !keepsApisTrash(storage) ? [] : trashRows(dashboards, storedDefault, storage).filter((row) => listable(row.view().record));
  } else if (unified) {
    rows = namedRows(dashboards, options.at?.resourceVersion, storedDefault);
  } else {
    rows = legacyRows(dashboards, storedDefault, storage);
  }
  const visible = (row: ListRow) => (options.source === 'trash' || readable(row.view())) && matches(row.view(), options);
  const listRv = context.state.counters.resourceVersion ?? 0;
  const from = options.at ? options.at.offset : rows.findIndex(({ key }) => options.start === 0 || key < options.start);
  const limit = options.limit > 0 ? options.limit : context.rules.listDefaultLimit;
  const cut = cutPage(rows, from < 0 ? rows.length : from, { limit, maxBytes: context.settings.maxPageSizeBytes }, visible, (row) => row.view().body.length + STORED_METADATA_BYTES);
  const page = cut.items.map((row) => row.view());
  let token = '';
  if (cut.nextIndex !== undefined) {
    const last = cut.items.at(-1)!;
    if (!unified) token = `org:${context.identity.orgId}/start:${last.key}/folder:`;
    else if (options.source === 'store') token = unifiedContinueToken(cut.nextIndex, options.at?.resourceVersion ?? listRv);
    else token = unifiedContinueToken(cut.nextIndex - (from < 0 ? rows.length : from), last.key);
  }
  const listResourceVersion = String(options.at?.resourceVersion ?? listRv);
  if (form.as === 'PartialObjectMetadataList') return { status: 200, body: renderMetadataList(page, form.apiVersion, { resourceVersion: listResourceVersion, continue: token }) };
  // Escaped item by item (a page holds megabytes; most items hold none of the characters): k8s-wire-text.ts.
  const items = page.map((view) => escapeGoHtml(renderDashboardObject(view, context.version, context.era)));
  const metadata = JSON.stringify({ resourceVersion: listResourceVersion, ...(token ? { continue: token } : {}) });
  // A page holds megabytes: written item by item into one buffer (http/reply.ts joinedJsonBytes).
  const head = `{"kind":"DashboardList","apiVersion":"${context.gr.group}/${context.version}","metadata":${metadata},"items":[`;
  return { status: 200, body: '', bytes: joinedJsonBytes(head, items, LIST_CLOSE), escaped: true };
}

/** Legacy storage's live rows, newest internal id first, keyed by id. */
function legacyRows(dashboards: Map<string, DashboardRecord>, storedDefault: string, storage: DashboardStorage): ListRow[] {
  const out: DashboardRecord[] = [];
  for (const record of dashboards.values()) if (!record.deleted) out.push(record);
  return out.sort((a, b) => b.id - a.id).map((record) => lazyRow(record.id, () => currentView(record, storedDefault, storage)));
}

/** Unified storage's "Recently deleted", newest deletion first, keyed by the deletion marker's resourceVersion (legacy: by id). */
function trashRows(dashboards: Map<string, DashboardRecord>, storedDefault: string, storage: DashboardStorage): ListRow[] {
  const rows: ListRow[] = [];
  for (const record of dashboards.values()) {
    if (!record.deleted) continue;
    const view = currentView(record, storedDefault, storage);
    rows.push(madeRow(view, storage === 'unified' ? (record.deletedResourceVersion ?? view.resourceVersion) : record.id));
  }
  return rows.sort((a, b) => b.key - a.key);
}

/**
 * Unified storage's store rows in name order (`ORDER BY namespace, name`; byte order): the live dashboards, or, from a
 * continue token's `resourceVersion` on, each as the resource history held it then (stateAt).
 */
function namedRows(dashboards: Map<string, DashboardRecord>, resourceVersion: number | undefined, storedDefault: string): ListRow[] {
  const rows: ListRow[] = [];
  for (const record of recordsByName(dashboards)) {
    const state = resourceVersion === undefined ? (record.deleted ? undefined : 'current') : stateAt(record, resourceVersion);
    if (state === undefined) continue;
    rows.push(lazyRow(0, () => (state === 'current' ? currentView(record, storedDefault, 'unified') : historyView(record, state, storedDefault, 'unified'))));
  }
  return rows;
}

/**
 * Which state of a dashboard the resource history holds at `resourceVersion` (resource_history_list.sql: each name's newest
 * row at or below it, unless that row is the delete): the current row, a history entry, or none when it was created after
 * it or deleted at or before it.
 */
function stateAt(record: DashboardRecord, resourceVersion: number): 'current' | VersionRecord | undefined {
  const currentStamp = k8sMetaOf(record).resourceVersion;
  if (record.deleted && (record.deletedResourceVersion ?? currentStamp) <= resourceVersion) return undefined;
  if (!record.deleted && currentStamp <= resourceVersion) return 'current';
  for (let index = record.versions.length - 1; index >= 0; index--) {
    const entry = record.versions[index]!;
    if (historyStamp(entry) <= resourceVersion) return entry;
  }
  return undefined;
}

function matches(view: DashboardView, options: ListOptions): boolean {
  for (const requirement of options.fields) {
    const value = requirement.field === 'metadata.name' ? view.record.uid : namespaceForOrg(view.record.orgId);
    if ((value === requirement.value) !== (requirement.operator === '=')) return false;
  }
  if (options.labels.length === 0) return true;
  const labels = { ...view.k8s.labels, [INTERNAL_ID_LABEL]: String(view.record.id) };
  return matchesLabels(labels, options.labels);
}
