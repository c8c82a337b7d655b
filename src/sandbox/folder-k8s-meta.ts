import { randomUUID } from 'node:crypto';
import type { Identity } from './authenticate.js';
import type { RouteContext } from './http/route-table.js';
import { identityRef } from './identity-ref.js';
import { nextResourceVersion, type FolderRecord, type K8sMeta } from './state.js';

/**
 * The typed identity a folder's `grafana.app/createdBy` / `updatedBy` carries. Unified storage stores the caller's
 * own (`user:<uid>`, `service-account:<uid>`: apistore prepare.go). Legacy storage builds it from the dashboard-table
 * row's saver id, service accounts included (folderimpl `CreateLegacy` records `identity.UserIdentifier`), always as a
 * user: `claims.NewTypeID(claims.TypeUser, strconv.FormatInt(v.CreatedBy, 10))` (`pkg/registry/apis/folders/conversions.go`
 * convertToK8sResource, the copy of the `apps/folder/…/v1beta1` era).
 */
export function folderSaverRef(identity: Pick<Identity, 'kind' | 'uid' | 'id'>, storage: 'legacy' | 'unified'): string {
  return storage === 'legacy' ? `user:${identity.id}` : identityRef(identity);
}

/**
 * The /apis metadata of a folder after a write by the caller (new resourceVersion, updatedBy). The annotations and labels
 * a caller wrote (unified storage only) stay: the folder service updates the stored object's spec.
 */
export function folderK8sMeta(context: Pick<RouteContext, 'state' | 'identity' | 'settings'>, previous: FolderRecord | undefined): K8sMeta {
  const author = folderSaverRef(context.identity, context.settings.storage ?? 'legacy');
  return {
    k8sUid: previous?.k8s?.k8sUid ?? randomUUID(),
    resourceVersion: nextResourceVersion(context.state),
    createdById: previous ? (previous.k8s?.createdById ?? '') : author,
    updatedById: author,
    ...(previous?.k8s?.annotations ? { annotations: previous.k8s.annotations } : {}),
    ...(previous?.k8s?.labels ? { labels: previous.k8s.labels } : {}),
  };
}
