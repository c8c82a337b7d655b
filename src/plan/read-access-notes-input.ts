import type { GrafanaPort } from '../grafana/port.js';
import { trashEntriesListed } from '../grafana/trash-listing.js';
import { writeAccessOf } from '../grafana/read-write-access.js';
import { trashEntriesSeen } from '../grafana/trash-entries-seen.js';
import { createsDashboards, prunesIntoTrash, writtenKindsOf, type AccessNotesInput } from './add-access-notes.js';
import { dashboardActions, type Plan } from './types.js';

/**
 * What addAccessNotes decides from, asked only where it can matter: 11's trash listing when the plan creates a
 * dashboard (the port lists only a trash that keeps uids taken) or deletes one softly (whether these credentials may
 * list it, and whether it is on), the credentials' permissions when it writes one, a folder or a library panel.
 */
export async function readAccessNotesInput(grafana: GrafanaPort, plan: Pick<Plan, 'actions' | 'deleteMode'>): Promise<AccessNotesInput> {
  const written = writtenKindsOf(plan);
  const [trashedUids, permissions, trash] = await Promise.all([
    createsDashboards(plan) || prunesIntoTrash(plan) ? grafana.trashedDashboardUids() : null,
    written.length > 0 ? grafana.dashboardPermissions() : undefined,
    createsDashboards(plan) ? readCreatesInTrash(grafana, plan) : null,
  ]);
  const writeAccess = permissions === undefined ? null : writeAccessOf(permissions, written);
  // Only a refused listing makes the trash's state worth a settings read (one per port).
  const trashOn = trashedUids === 'refused' && prunesIntoTrash(plan) ? (await grafana.recentlyDeleted()).on : null;
  // A trash list read with credentials not shown every entry: a create it does not name may still wait there (walk-64 L5).
  // A list that could not be read hides every entry, whatever the credentials (review-68a H2).
  const seen = trash === null ? 'all' : 'unread' in trash ? { unread: trash.unread } : await trashEntriesSeen(grafana);
  return { trashedUids, writeAccess, permissions: permissions ?? null, trashOn, inTrash: trash !== null && 'held' in trash ? trash.held : null, ...(seen !== 'all' && { trashHidden: seen }) };
}

/**
 * The plan's creates `/apis`' "Recently deleted" holds (one list read), their deleters named as Grafana names them, each
 * `byUser` where Grafana records a user account (`user:…`) as the deleter; null where there is no such trash, `unread` (its
 * failure) where the list was asked for and could not be read.
 */
async function readCreatesInTrash(grafana: GrafanaPort, plan: Pick<Plan, 'actions'>): Promise<{ held: NonNullable<AccessNotesInput['inTrash']> | null } | { unread: string } | null> {
  const listing = await grafana.recentlyDeletedEntries();
  if (listing !== null && 'unread' in listing) return { unread: listing.unread };
  const entries = trashEntriesListed(listing);
  if (entries === null) return null;
  const held = dashboardActions(plan).flatMap((action) => (action.action === 'create' && entries.has(action.uid) ? [[action.uid, entries.get(action.uid)!] as const] : []));
  if (held.length === 0) return { held: null };
  const names = await grafana.nameSavers([...new Set(held.map(([, entry]) => entry.deletedBy).filter((by) => by !== ''))]).catch(() => new Map<string, string>());
  return {
    held: new Map(
      held.map(([uid, entry]) => [
        uid,
        {
          deletedAt: entry.deletedAt,
          deletedBy: entry.deletedBy === '' ? null : (names.get(entry.deletedBy) ?? entry.deletedBy),
          ...(entry.deletedBy.startsWith('user:') && { byUser: true as const }),
          ...(entry.modelSha256 !== undefined && { modelSha256: entry.modelSha256 }),
          ...(entry.objectUid !== undefined && { objectUid: entry.objectUid }),
          ...(entry.internalId !== undefined && { internalId: entry.internalId }),
          ...(entry.created !== undefined && { created: entry.created }),
        },
      ]),
    ),
  };
}
