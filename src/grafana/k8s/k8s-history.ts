import { DASHSYNC_MARKER } from '../../config/render-commit-message.js';
import type { LastSave, LiveDashboard } from '../port.js';
import { readVersionFor } from './choose-versions.js';
import { createDashboardObject, listDashboardPage } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import type { K8sObject } from './k8s-object.js';
import { asStored } from './read-dashboards.js';

const GET_HISTORY = 'grafana.app/get-history=true';
const GET_TRASH = 'grafana.app/get-trash=true';

/**
 * The newest save of a dashboard: its record says so when dashsync made it and nobody saved
 * since (no request); otherwise the newest entry of its history (one LIST of one item), whose
 * `grafana.app/message` carries dashsync's marker when dashsync saved it.
 */
export async function readK8sLastSave(context: K8sContext, dashboard: Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'>): Promise<LastSave> {
  if (dashboard.lastSave.byDashsync === true) return dashboard.lastSave;
  const page = await listDashboardPage(context.http, await context.namespace(), context.versions.v1Read, {
    limit: 1,
    labelSelector: GET_HISTORY,
    fieldSelector: `metadata.name=${dashboard.uid}`,
  });
  const newest = page.items[0];
  if (!newest) return { ...dashboard.lastSave, byDashsync: null };
  const message = newest.annotations['grafana.app/message'] ?? '';
  return {
    by: newest.annotations['grafana.app/updatedBy'] || newest.annotations['grafana.app/createdBy'] || '',
    at: newest.annotations['grafana.app/updatedTimestamp'] || newest.creationTimestamp,
    message,
    byDashsync: message.includes(DASHSYNC_MARKER),
    version: newest.generation || dashboard.version,
  };
}

/** Server-set metadata a restore leaves out: the create gets its own. */
const SERVER_ANNOTATIONS = ['grafana.app/createdBy', 'grafana.app/updatedBy', 'grafana.app/updatedTimestamp', 'grafana.app/message'];

/**
 * Brings a dashboard back from "Recently deleted" the way Grafana's UI does: the deleted object,
 * read at its stored version from the trash list (`labelSelector=grafana.app/get-trash=true`), is
 * created again without a resourceVersion. false when the trash holds no such dashboard.
 */
export async function restoreFromK8sTrash(context: K8sContext, uid: string): Promise<boolean> {
  const namespace = await context.namespace();
  let deleted = await findInTrash(context, namespace, context.versions.v1Read, uid);
  if (deleted === null) return false;
  const stored = asStored(deleted);
  if (stored === null) deleted = await findInTrash(context, namespace, readVersionFor(context.versions, deleted.conversion!.storedVersion), uid);
  else deleted = stored;
  if (deleted === null || deleted.spec === null) return false;
  const annotations = { ...deleted.annotations };
  for (const key of SERVER_ANNOTATIONS) delete annotations[key];
  const labels = { ...deleted.labels };
  delete labels['grafana.app/deprecatedInternalID'];
  const version = deleted.apiVersion.slice(deleted.apiVersion.indexOf('/') + 1);
  await createDashboardObject(context.http, namespace, version, { name: uid, resourceVersion: '', annotations, labels, spec: deleted.spec });
  return true;
}

async function findInTrash(context: K8sContext, namespace: string, version: string, uid: string): Promise<K8sObject | null> {
  let next = '';
  do {
    const page = await listDashboardPage(context.http, namespace, version, { limit: context.pageSize, labelSelector: GET_TRASH, continue: next });
    const found = page.items.find((object) => object.name === uid);
    if (found) return found;
    next = page.next;
  } while (next !== '');
  return null;
}
