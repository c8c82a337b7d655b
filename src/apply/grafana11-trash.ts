import type { GrafanaPort } from '../grafana/port.js';

/**
 * Grafana 11's "Recently deleted" (the dashboardRestore toggle's soft delete) as a backup's save meets it: it keeps a deleted
 * dashboard's row, and with it its uid, so a save of that uid is refused while the entry is there (src/sandbox/README.md).
 * `uids`: its entries, as these credentials list them (an org Admin's); `admin-only`: these credentials may not list it
 * (Grafana 11 lists it, and gives dashboards back from it, to org Admins only); null: no such trash here (Grafana 12 on),
 * switched off, or its list failed otherwise (the save then says what Grafana says).
 */
export type Grafana11Trash = { uids: ReadonlySet<string> } | 'admin-only' | null;

/** Reads Grafana11Trash: one listing of Grafana 11's trash (none off Grafana 11), and the settings where it is refused. */
export async function readGrafana11Trash(grafana: Pick<GrafanaPort, 'describeServer' | 'trashedDashboardUids' | 'recentlyDeleted'>): Promise<Grafana11Trash> {
  const { capabilities } = await grafana.describeServer();
  if (!capabilities.softDeleteTrash) return null;
  const listed = await grafana.trashedDashboardUids();
  if (listed === null) return null;
  if (listed !== 'refused') return { uids: new Set(listed) };
  // Refused to these credentials: only a trash the settings say is off holds nothing.
  const setting = await grafana.recentlyDeleted().catch(() => null);
  return setting?.on === false ? null : 'admin-only';
}

/** Pure: whether Grafana 11's trash, as listed, holds `uid` (and so keeps it taken). */
export function grafana11TrashHolds(trash: Grafana11Trash, uid: string): boolean {
  return trash !== null && trash !== 'admin-only' && trash.uids.has(uid);
}
