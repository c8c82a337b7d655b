import { objectMetadata } from './dashboard-object.js';
import type { DashboardView } from './dashboard-view.js';

/**
 * meta.AsPartialObjectMetadata: the object's whole ObjectMeta (name, namespace, uid, resourceVersion,
 * generation, creationTimestamp, labels, annotations), no spec and no status — so nothing of a
 * conversion (`status.conversion`) either. Field order of metav1.PartialObjectMetadata.
 */
export function renderPartialMetadata(view: DashboardView, apiVersion: string): string {
  return `{"kind":"PartialObjectMetadata","apiVersion":"${apiVersion}","metadata":${JSON.stringify(objectMetadata(view))}}`;
}

/**
 * handlers/response.go asPartialObjectMetadataList: the list's resourceVersion and continue token,
 * one PartialObjectMetadata per item. Its Items slice starts nil and the field has no omitempty, so
 * an empty page says `"items":null`.
 */
export function renderMetadataList(views: DashboardView[], apiVersion: string, list: { resourceVersion: string; continue: string }): string {
  const metadata = JSON.stringify({ resourceVersion: list.resourceVersion, ...(list.continue ? { continue: list.continue } : {}) });
  const items = views.length === 0 ? 'null' : `[${views.map((view) => renderPartialMetadata(view, apiVersion)).join(',')}]`;
  return `{"kind":"PartialObjectMetadataList","apiVersion":"${apiVersion}","metadata":${metadata},"items":${items}}`;
}
