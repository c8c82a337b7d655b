import type { LastSave, LiveDashboard } from '../grafana/port.js';
import { holdsUserMetadata, keepsUserMetadata } from '../grafana/user-metadata.js';

/**
 * The newest save as the drift check takes it, when that save is dashsync's through `/api` and the dashboard now holds
 * labels or annotations of the author's on unified storage. Pure.
 *
 * Grafana 13's `/api` save resets every label and annotation (`saveDashboardViaK8s`), and a push through `/apis` leaves
 * its record (`pushed`): a dashboard at the version of dashsync's save, with no record, holding some, was labelled
 * since, by someone else (`kubectl label`, a PATCH), without a new version. Told as the drift `/apis` records tell
 * (`metadataEdited`): `api: auto` writes such a file's classic dashboard through `/api`, which removes them.
 */
export function withLabelsSinceApiSave(
  dashboard: Pick<LiveDashboard, 'version' | 'pushed' | 'apiVersion' | 'metadata' | 'metadataNotKept'>,
  lastSave: LastSave,
): LastSave {
  if (lastSave.byDashsync !== true || lastSave.version !== dashboard.version || dashboard.pushed !== null) return lastSave;
  if (!keepsUserMetadata(dashboard) || !holdsUserMetadata(dashboard.metadata)) return lastSave;
  return { ...lastSave, byDashsync: false, metadataEdited: true };
}
