import type { FolderRecord } from '../state.js';
import { k8sMetaOf, INTERNAL_ID_LABEL } from './dashboard-view.js';
import { sortKeys } from './dashboard-object.js';
import { namespaceForOrg } from './namespaces.js';

/**
 * A folder as folder.grafana.app serves it from legacy storage (pkg/registry/apis/folders/conversions.go
 * convertToK8sResource): spec {title, description?}; the parent is the `grafana.app/folder` annotation.
 */
export function renderFolderObject(folder: FolderRecord, version: string): string {
  const k8s = k8sMetaOf(folder);
  const annotations: Record<string, string> = { ...k8s.annotations };
  if (k8s.createdById) annotations['grafana.app/createdBy'] = k8s.createdById;
  if (folder.parentUid) annotations['grafana.app/folder'] = folder.parentUid;
  if (k8s.updatedById) annotations['grafana.app/updatedBy'] = k8s.updatedById;
  annotations['grafana.app/updatedTimestamp'] = folder.updated;
  const object = {
    kind: 'Folder',
    apiVersion: `folder.grafana.app/${version}`,
    metadata: {
      name: folder.uid,
      namespace: namespaceForOrg(folder.orgId),
      uid: k8s.k8sUid,
      resourceVersion: String(k8s.resourceVersion),
      generation: folder.version,
      creationTimestamp: folder.created,
      labels: sortKeys({ ...k8s.labels, [INTERNAL_ID_LABEL]: String(folder.id) }),
      annotations: sortKeys(annotations),
    },
    spec: { title: folder.title, ...(folder.description ? { description: folder.description } : {}) },
    status: {},
  };
  return JSON.stringify(object);
}
