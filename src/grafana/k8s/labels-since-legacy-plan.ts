import type { UserMetadata } from '../port.js';
import { userMetadata } from '../user-metadata.js';
import type { K8sObjectHead } from './k8s-object.js';
import { answeredFromLegacySql } from './legacy-storage-signal.js';
import { metadataDigest } from './to-live-dashboard.js';

/**
 * Whether a write would lose labels or annotations written since a plan made on legacy SQL storage (Grafana 12), now
 * that the dashboard is on unified storage (the upgrade to 13). Pure.
 *
 * That plan saw none of the author's: legacy storage keeps none, and the upgrade's migration carries legacy's object
 * over (`pkg/registry/apis/dashboard/legacy/migrate.go` migrateDashboards). Unified storage keeps the generation on a
 * labels or annotations edit (`pkg/storage/unified/apistore/prepare.go` prepareObjectForUpdate: only a changed spec or
 * folder, or a delete, bumps it), so the generation and uid still match the plan's (sameRevision) after such an edit.
 * What the object carries now that the write would not is someone's edit since.
 */
export function labelsWrittenSinceLegacyPlan(plannedOnLegacy: boolean, object: Pick<K8sObjectHead, 'resourceVersion' | 'generation' | 'labels' | 'annotations'>, written: UserMetadata | undefined): boolean {
  if (!plannedOnLegacy || answeredFromLegacySql(object)) return false;
  const now = userMetadata(object);
  if (Object.keys(now.labels).length === 0 && Object.keys(now.annotations).length === 0) return false;
  return metadataDigest(now) !== metadataDigest(userMetadata(written ?? {}));
}
