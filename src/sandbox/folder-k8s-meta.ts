import { randomUUID } from 'node:crypto';
import type { RouteContext } from './http/route-table.js';
import { identityRef } from './identity-ref.js';
import { nextResourceVersion, type FolderRecord, type K8sMeta } from './state.js';

/** The /apis metadata of a folder after a write by the caller (new resourceVersion, updatedBy). */
export function folderK8sMeta(context: Pick<RouteContext, 'state' | 'identity'>, previous: FolderRecord | undefined): K8sMeta {
  const author = identityRef(context.identity);
  return {
    k8sUid: previous?.k8s?.k8sUid ?? randomUUID(),
    resourceVersion: nextResourceVersion(context.state),
    createdById: previous ? (previous.k8s?.createdById ?? '') : author,
    updatedById: author,
  };
}
