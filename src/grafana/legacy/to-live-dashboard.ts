import type { DashboardOwner, LiveDashboard, LiveFolder } from '../port.js';
import type { Folder, LiveDashboard as LegacyDashboard } from './legacy-api.js';

/** GET /api/dashboards/uid/:uid as the port's LiveDashboard. Pure. */
export function toLiveDashboard(uid: string, legacy: LegacyDashboard): LiveDashboard {
  const { dashboard, meta } = legacy;
  return {
    uid,
    model: dashboard,
    schema: 'v1',
    apiVersion: null,
    metadata: { labels: {}, annotations: {} },
    pushed: null,
    folderUid: meta.folderUid === '' ? null : meta.folderUid,
    folderTitle: meta.folderTitle,
    revision: String(meta.version),
    version: meta.version,
    owner: ownerOf(meta),
    lastSave: { by: meta.updatedBy, at: meta.updated, message: null, byDashsync: null, version: meta.version },
    internalId: positiveInteger(dashboard.id),
    ...(typeof meta.created === 'string' && meta.created !== '' && { created: meta.created }),
    ...(legacy.inexactNumber ? { inexactNumber: legacy.inexactNumber } : {}),
  };
}

export function positiveInteger(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * `meta.provisioned` is true only where the provider disallows UI updates; a dashboard
 * provisioned with allowUiUpdates still names its file in `provisionedExternalId`.
 */
function ownerOf(meta: LegacyDashboard['meta']): DashboardOwner | null {
  if (!meta.provisioned && meta.provisionedExternalId === '') return null;
  return { manager: 'provisioning', id: meta.provisionedExternalId, allowsUpdates: !meta.provisioned };
}

/** A folder as read by uid; `listed` ones come from a listing, which carries no version. */
export function toLiveFolder(folder: Folder, listed = false): LiveFolder {
  return { uid: folder.uid, title: folder.title, parentUid: folder.parentUid, revision: listed ? null : String(folder.version), ...(!listed && { version: folder.version }), ...(folder.id !== undefined && { internalId: folder.id }) };
}
