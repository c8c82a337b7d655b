import type { EraRules } from '../era.js';
import { DASHBOARD_GROUP } from './discovery.js';
import { convertForRead } from './convert-for-read.js';
import { INTERNAL_ID_LABEL, SERVER_ANNOTATIONS, legacyManagerAnnotations, type DashboardView } from './dashboard-view.js';
import { namespaceForOrg } from './namespaces.js';

/** utils.DeletedGeneration: what a trashed object reports as its generation (legacy scanRow). */
export const DELETED_GENERATION = -999;

/**
 * A dashboard object as JSON text at the requested version. At its stored version the stored spec text is
 * spliced in unparsed (lists of thousands stay cheap); at another version it is converted (convert-for-read.ts).
 */
export function renderDashboardObject(view: DashboardView, version: string, era: EraRules): string {
  const metadata = JSON.stringify(objectMetadata(view));
  const head = `{"kind":"Dashboard","apiVersion":"${DASHBOARD_GROUP}/${version}","metadata":${metadata},"spec":`;
  if (version === view.apiVersion) return `${head}${view.body},"status":{}}`;
  const converted = convertForRead(view, version, era, () => renderDashboardObject(view, view.apiVersion, era));
  return `${head}${converted.spec},"status":${converted.status}}`;
}

/** metav1.ObjectMeta in its JSON field order; labels and annotations are Go maps, so their keys print sorted. */
export function objectMetadata(view: DashboardView): Record<string, unknown> {
  const { record, k8s } = view;
  const labels: Record<string, string> = { ...k8s.labels, [INTERNAL_ID_LABEL]: String(record.id) };
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(view.annotations ?? {})) if (!SERVER_ANNOTATIONS.has(key)) annotations[key] = value;
  Object.assign(annotations, legacyManagerAnnotations(record));
  if (k8s.createdById) annotations['grafana.app/createdBy'] = k8s.createdById;
  if (view.folderUid) annotations['grafana.app/folder'] = view.folderUid;
  if (view.message) annotations['grafana.app/message'] = view.message;
  if (view.updatedById) annotations['grafana.app/updatedBy'] = view.updatedById;
  const current = view.resourceVersion === k8s.resourceVersion && !view.deleted;
  if (!(current && k8s.neverUpdated)) annotations['grafana.app/updatedTimestamp'] = view.updated;
  return {
    name: record.uid,
    namespace: namespaceForOrg(record.orgId),
    uid: k8s.k8sUid,
    resourceVersion: view.servedResourceVersion,
    generation: view.deleted ? DELETED_GENERATION : view.generation,
    creationTimestamp: record.created,
    ...(view.deleted ? { deletionTimestamp: view.deleted } : {}),
    labels: sortKeys(labels),
    annotations: sortKeys(annotations),
  };
}

export function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key]!;
  return out;
}
