import { joinedJsonBytes, type Reply } from '../http/reply.js';
import { mayReadIn } from '../folder-permissions.js';
import { keepsApisTrash } from '../era.js';
import { orgDashboards, orgFolders, type DashboardRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { currentView, historyView, INTERNAL_ID_LABEL, type DashboardView } from './dashboard-view.js';
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
 * LIST dashboards (legacy storage's ListIterator, pkg/registry/apis/dashboard/legacy): newest internal id first;
 * `continue` is the legacy token `org:<org>/start:<last id>/folder:`, so a page never moves when others write
 * (new dashboards get higher ids). `grafana.app/get-history=true` + `fieldSelector=metadata.name=<uid>` lists the
 * versions newest first (the token counts versions); `grafana.app/get-trash=true` lists "Recently deleted".
 */
export function listDashboards(context: ApisContext): Reply {
  if (context.query.get('watch') === 'true' || context.query.get('watch') === '1') return methodNotSupported(context.gr, 'watch');
  const options = readListOptions(context.query, context.identity.orgId);
  if ('status' in options) return options;
  const form = negotiateOutput(context.headers.accept);
  if (form.as === 'PartialObjectMetadata') return notAcceptable(form, `*${context.version}.DashboardList`);
  const storedDefault = context.era.metaApiVersion ?? 'v0alpha1';
  const dashboards = orgDashboards(context.state, context.identity.orgId);
  const folders = orgFolders(context.state, context.identity.orgId);
  // The authorizer lets any dashboards:read holder list; the storage leaves out what the caller may not read.
  const readable = (record: DashboardRecord) => mayReadIn(folders, context.identity, record.folderUid);
  let views: { view: DashboardView; key: number }[];
  if (options.source === 'history') {
    const record = dashboards.get(options.name);
    views = record && readable(record) ? [...record.versions].reverse().map((entry) => ({ view: historyView(record, entry, storedDefault, context.settings.storage), key: entry.version })) : [];
  } else {
    const trash = options.source === 'trash';
    // The trash shows an entry to its deleter and to whoever may set its permissions (12.1 on; 12.0.x: to its readers: apis-trash.ts), the rest what they may read.
    const listable = trash ? (record: DashboardRecord) => mayListTrashEntry(folders, context.identity, record, context.rules) : readable;
    if (trash && !keepsApisTrash(context.settings.storage)) views = [];
    else views = sortedRecords(dashboards, trash).filter(listable).map((record) => ({ view: currentView(record, storedDefault, context.settings.storage), key: record.id }));
  }
  const page: DashboardView[] = [];
  let lastKey = 0;
  let more = false;
  for (const { view, key } of views) {
    if (options.start > 0 && key >= options.start) continue;
    if (!matches(view, options)) continue;
    if (options.limit > 0 && page.length === options.limit) {
      more = true;
      break;
    }
    page.push(view);
    lastKey = key;
  }
  const token = more ? `org:${context.identity.orgId}/start:${lastKey}/folder:` : '';
  const listRv = String(context.state.counters.resourceVersion ?? 0);
  if (form.as === 'PartialObjectMetadataList') return { status: 200, body: renderMetadataList(page, form.apiVersion, { resourceVersion: listRv, continue: token }) };
  // Escaped item by item (a page holds megabytes; most items hold none of the characters): k8s-wire-text.ts.
  const items = page.map((view) => escapeGoHtml(renderDashboardObject(view, context.version, context.era)));
  const metadata = JSON.stringify({ resourceVersion: listRv, ...(token ? { continue: token } : {}) });
  // A page holds megabytes: written item by item into one buffer (http/reply.ts joinedJsonBytes).
  const head = `{"kind":"DashboardList","apiVersion":"${context.gr.group}/${context.version}","metadata":${metadata},"items":[`;
  return { status: 200, body: '', bytes: joinedJsonBytes(head, items, LIST_CLOSE), escaped: true };
}

function sortedRecords(dashboards: Map<string, DashboardRecord>, trash: boolean): DashboardRecord[] {
  const out: DashboardRecord[] = [];
  for (const record of dashboards.values()) if (Boolean(record.deleted) === trash) out.push(record);
  return out.sort((a, b) => b.id - a.id);
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
