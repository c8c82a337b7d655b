import { joinedJsonBytes, type Reply } from '../http/reply.js';
import { mayReadIn } from '../folder-permissions.js';
import { keepsApisTrash } from '../era.js';
import { orgDashboards, orgFolders, type DashboardRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { currentView, historyView, INTERNAL_ID_LABEL, type DashboardStorage, type DashboardView } from './dashboard-view.js';
import { compareCodeUnits } from '../../compare-code-units.js';
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
import { matchesLabels } from './selectors.js';

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
  let rows: { view: DashboardView; key: number }[];
  if (options.source === 'history') {
    const record = dashboards.get(options.name);
    rows = record && mayReadIn(folders, context.identity, record.folderUid)
      ? [...record.versions].reverse().map((entry) => {
        const view = historyView(record, entry, storedDefault, storage);
        return { view, key: unified ? view.resourceVersion : entry.version };
      })
      : [];
  } else if (options.source === 'trash') {
    // The trash shows an entry to its deleter and to whoever may set its permissions (12.1 on; 12.0.x: to its readers: apis-trash.ts).
    const listable = (record: DashboardRecord) => mayListTrashEntry(folders, context.identity, record, context.rules);
    rows = !keepsApisTrash(storage) ? [] : trashRows(dashboards, storedDefault, storage).filter(({ view }) => listable(view.record));
  } else if (unified) {
    const at = options.at?.resourceVersion;
    rows = namedRows(dashboards, (record) => (at === undefined ? liveView(record, storedDefault) : viewAt(record, at, storedDefault)));
  } else {
    rows = legacyRows(dashboards, storedDefault, storage);
  }
  const visible = (row: { view: DashboardView }) => (options.source === 'trash' || readable(row.view)) && matches(row.view, options);
  const listRv = context.state.counters.resourceVersion ?? 0;
  const from = options.at ? options.at.offset : rows.findIndex(({ key }) => options.start === 0 || key < options.start);
  const limit = options.limit > 0 ? options.limit : context.rules.listDefaultLimit;
  const cut = cutPage(rows, from < 0 ? rows.length : from, { limit, maxBytes: context.settings.maxPageSizeBytes }, visible, ({ view }) => view.body.length + STORED_METADATA_BYTES);
  const page = cut.items.map(({ view }) => view);
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
function legacyRows(dashboards: Map<string, DashboardRecord>, storedDefault: string, storage: DashboardStorage): { view: DashboardView; key: number }[] {
  const out: DashboardRecord[] = [];
  for (const record of dashboards.values()) if (!record.deleted) out.push(record);
  return out.sort((a, b) => b.id - a.id).map((record) => ({ view: currentView(record, storedDefault, storage), key: record.id }));
}

/** Unified storage's "Recently deleted", newest deletion first, keyed by the deletion marker's resourceVersion (legacy: by id). */
function trashRows(dashboards: Map<string, DashboardRecord>, storedDefault: string, storage: DashboardStorage): { view: DashboardView; key: number }[] {
  const rows: { view: DashboardView; key: number }[] = [];
  for (const record of dashboards.values()) {
    if (!record.deleted) continue;
    const view = currentView(record, storedDefault, storage);
    rows.push({ view, key: storage === 'unified' ? (record.deletedResourceVersion ?? view.resourceVersion) : record.id });
  }
  return rows.sort((a, b) => b.key - a.key);
}

/** Unified storage's store rows in name order (`ORDER BY namespace, name`; byte order), each as `viewOf` shows it. */
function namedRows(dashboards: Map<string, DashboardRecord>, viewOf: (record: DashboardRecord) => DashboardView | undefined): { view: DashboardView; key: number }[] {
  const rows: { view: DashboardView; key: number }[] = [];
  for (const record of dashboards.values()) {
    const view = viewOf(record);
    if (view) rows.push({ view, key: 0 });
  }
  return rows.sort((a, b) => compareCodeUnits(a.view.record.uid, b.view.record.uid));
}

function liveView(record: DashboardRecord, storedDefault: string): DashboardView | undefined {
  return record.deleted ? undefined : currentView(record, storedDefault, 'unified');
}

/**
 * A dashboard as the resource history holds it at `resourceVersion` (resource_history_list.sql: each name's newest row at or
 * below it, unless that row is the delete): absent when created after it or deleted at or before it.
 */
function viewAt(record: DashboardRecord, resourceVersion: number, storedDefault: string): DashboardView | undefined {
  if (record.deleted && (record.deletedResourceVersion ?? currentView(record, storedDefault, 'unified').resourceVersion) <= resourceVersion) return undefined;
  const current = currentView(record, storedDefault, 'unified');
  if (!record.deleted && current.resourceVersion <= resourceVersion) return current;
  for (let index = record.versions.length - 1; index >= 0; index--) {
    const view = historyView(record, record.versions[index]!, storedDefault, 'unified');
    if (view.resourceVersion <= resourceVersion) return view;
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
