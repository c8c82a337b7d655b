import type { UserMetadata } from '../port.js';
import { holdsUserMetadata, metadataDigest, userMetadata } from '../user-metadata.js';
import { parseRevision } from './to-live-dashboard.js';

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
  if (!holdsUserMetadata(current.metadata)) return false;
  return metadataDigest(current.metadata) !== metadataDigest(userMetadata(written ?? {}));
}

/**
 * Whether an `/api` save would drop labels or annotations written after a plan made on unified storage (Grafana 13, a
 * 12.4 that moved its dashboards there), which keeps them and which `/api` resets on every save. Pure.
 *
 * Such an edit (`kubectl label`, a PATCH) keeps the generation and gets a new resourceVersion (`prepare.go`
 * prepareObjectForUpdate: only a changed spec or folder bumps the generation; every write stamps the resourceVersion), so
 * the planned generation under another resourceVersion of the same object is a labels or annotations edit since the
 * plan; it is lost only when the dashboard now holds some of the author's (userMetadata) other than the plan saw
 * (`plannedDigest`, metadataDigest of those; absent: none seen, or a plan that did not record it). Such a write that left
 * them as the plan saw them (another tool's own annotation, a save of the same content) loses nothing the plan did not
 * show. Not for a plan made on legacy storage, whose resourceVersion changed form with the upgrade:
 * labelsWrittenSinceLegacyPlan tells those.
 */
export function metadataWrittenSincePlan(
  planned: string,
  current: { revision: string; metadata: UserMetadata; metadataNotKept?: boolean },
  plannedDigest?: string,
): boolean {
  const plan = parseRevision(planned);
  const now = parseRevision(current.revision);
  if (plan === null || now === null || current.metadataNotKept === true) return false;
  if ((plan.uid && now.uid && plan.uid !== now.uid) || plan.generation !== now.generation || plan.resourceVersion === now.resourceVersion) return false;
  return holdsUserMetadata(current.metadata) && metadataDigest(current.metadata) !== plannedDigest;
}

/**
 * Whether the dashboard is still the one the plan saw in all that a write replaces, though saved again since (another
 * resourceVersion of the same object): its spec and folder unchanged (the planned generation: prepareObjectForUpdate
 * bumps it on a change of either, and nothing else does), and the author's labels and annotations as the plan saw them
 * (`plannedDigest`, metadataDigest of those; absent: it saw none). Unified storage writes such a save under a new
 * resourceVersion once any byte differs (its message, a tool's own annotation; one copy of apistore's GuaranteedUpdate
 * skips identical bytes, a later one writes every update, and `resource/server.go` Update compares nothing): a save of
 * unchanged content through the UI or an API, a tool's bookkeeping. A write at the planned resourceVersion is refused (409) though it would lose nothing the plan did not
 * show; apply writes at the new one (save-k8s-dashboard.ts) and prunes it (delete-dashboard-action.ts). Needs the planned
 * metadata.uid (same object: a re-created one has another); not for legacy SQL storage, whose resourceVersion is the
 * version. Pure.
 */
export function resavedUnchangedSincePlan(planned: string, current: { revision: string; metadata: UserMetadata; metadataNotKept?: boolean }, plannedDigest: string | undefined): boolean {
  const plan = parseRevision(planned);
  const now = parseRevision(current.revision);
  if (plan === null || now === null || current.metadataNotKept === true || !plan.uid || plan.uid !== now.uid) return false;
  if (plan.generation !== now.generation || plan.resourceVersion === now.resourceVersion) return false;
  return (holdsUserMetadata(current.metadata) ? metadataDigest(current.metadata) : undefined) === plannedDigest;
}
