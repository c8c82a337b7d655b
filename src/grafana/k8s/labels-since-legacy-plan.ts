import type { UserMetadata } from '../port.js';
import { userMetadata } from '../user-metadata.js';
import { metadataDigest } from './to-live-dashboard.js';

/**
 * Whether a write would lose labels or annotations written since a plan made on legacy SQL storage (Grafana 12), now
 * that the dashboard is on unified storage (the upgrade to 13). Pure.
 *
 * That plan saw none of the author's: legacy storage keeps none, and the upgrade's migration carries legacy's object
 * over (`pkg/registry/apis/dashboard/legacy/migrate.go` migrateDashboards). Unified storage keeps the generation on a
 * labels or annotations edit (`pkg/storage/unified/apistore/prepare.go` prepareObjectForUpdate: only a changed spec or
 * folder, or a delete, bumps it), so the generation and uid still match the plan's (sameRevision) after such an edit.
 * What the dashboard carries now that the write would not store is someone's edit since. `current.metadataNotKept`:
 * read from legacy storage itself (still on 12).
 */
export function labelsWrittenSinceLegacyPlan(
  plannedOnLegacy: boolean,
  current: { metadata: UserMetadata; metadataNotKept?: boolean },
  written: UserMetadata | undefined,
): boolean {
  if (!plannedOnLegacy || current.metadataNotKept === true) return false;
  const { labels, annotations } = current.metadata;
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return false;
  return metadataDigest(current.metadata) !== metadataDigest(userMetadata(written ?? {}));
}
