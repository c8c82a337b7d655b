import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import type { DashboardPermissions, DashboardWriteAccess } from '../grafana/port.js';
import type { WrittenKind } from '../grafana/read-write-access.js';
import { findUnwritableFolders } from './find-unwritable-folders.js';
import { sortWarnings } from './sort-warnings.js';
import { dashboardActions, type Plan, type PlanWarning } from './types.js';

/** A planned create's entry in `/apis`' "Recently deleted" (AccessNotesInput.inTrash). */
export interface TrashedCreate {
  deletedAt: string | null;
  deletedBy: string | null;
  byUser?: true;
  /** backedUpModelDigest of the model the entry holds, where the list gave it (TrashEntry.modelSha256). */
  modelSha256?: string;
  /** The metadata.uid of the object deleted, where the list gave it (TrashEntry.objectUid). */
  objectUid?: string;
  /** `/api`'s id of the object deleted and when it was made, where the list gave them (TrashEntry.internalId, created). */
  internalId?: number;
  created?: string;
  /** dashsync's own delete deleted it: the backup it took first, as the user's shell reaches it (markPrunedInTrash). */
  backup?: string;
  /** With `backup`, why dashsync deleted it, as the backup says (absent: a backup of an earlier release, which does not say). */
  deletedFor?: DashsyncDelete;
  /**
   * A backup of dashsync's delete of the uid, from within the hour, that neither is this entry's delete nor is known not to
   * be (its backup records no outcome of the delete, or nothing of the object either side can compare): the note says not known.
   */
  maybeBackup?: string;
}

/** Why dashsync deleted a dashboard: a prune (no file held it), or the old half of a change of uid in place (its file holds `uidChangedTo` now). */
export type DashsyncDelete = { prune: true } | { uidChangedTo: { file: string; uid: string } };

/** What Grafana said of the plan's target beyond its resources (readAccessNotesInput); null = not asked. */
export interface AccessNotesInput {
  /** The uids in Grafana 11's "Recently deleted" (null: not asked, not answered, or no such trash; `refused`: not an org Admin's credentials). */
  trashedUids: readonly string[] | 'refused' | null;
  writeAccess: DashboardWriteAccess | null;
  /** The credentials' permissions behind `writeAccess` (null: not asked or not to be read). */
  permissions?: DashboardPermissions | null;
  /**
   * The plan's creates whose uids `/apis`' "Recently deleted" holds, with when and by whom (named) each was deleted (null
   * or absent: not asked, no such trash, or not to be read).
   */
  inTrash?: ReadonlyMap<string, TrashedCreate> | null;
  /**
   * That list was read with credentials not known to be shown every entry (TrashEntriesSeen): others' deletes may wait there
   * unnamed; or it was asked for and could not be read (`unread`: its failure), so any may.
   */
  trashHidden?: Exclude<TrashEntriesSeen, 'all'> | { unread: string };
  /** Whether that "Recently deleted" is switched on (null: not asked, or unknown). */
  trashOn?: boolean | null;
}

/** Whether the plan creates a dashboard: only then is 11's trash worth listing. */
export function createsDashboards(plan: Pick<Plan, 'actions'>): boolean {
  return dashboardActions(plan).some((action) => action.action === 'create');
}

/** Whether the plan deletes a dashboard into a trash (soft delete): only then may the restore's needs be worth a note. */
export function prunesIntoTrash(plan: Pick<Plan, 'actions' | 'deleteMode'>): boolean {
  return plan.deleteMode === 'soft' && dashboardActions(plan).some((action) => action.action === 'delete');
}

/** The kinds of resource (dashboards, folders, library panels) the plan writes or deletes: only where there is one are the credentials' permissions worth asking. */
export function writtenKindsOf(plan: Pick<Plan, 'actions'>): WrittenKind[] {
  return [...new Set(plan.actions.filter((action) => action.action !== 'noop').map((action) => action.kind))];
}

/**
 * Pure: the plan with a `recently-deleted` warning for each dashboard create whose uid waits in 11's trash, one
 * `restore-needs-admin` note when it prunes into a trash that is on and these credentials may not list (only an org
 * Admin may take a dashboard back from there, and the trash keeps its uid taken, so its file cannot create it again),
 * one `read-only` note when Grafana lists no write permission for the credentials for what the plan writes (dashboards,
 * folders, library panels: `input.writeAccess`, judged by readAccessNotesInput), and a `not-writable` one
 * per folder where it lists some but not the ones the plan's writes there need (nothing when unsure).
 */
export function addAccessNotes(plan: Plan, input: AccessNotesInput): Plan {
  const trashed = new Set(input.trashedUids === 'refused' ? [] : (input.trashedUids ?? []));
  const notes: PlanWarning[] = dashboardActions(plan)
    .filter((action) => action.action === 'create' && trashed.has(action.uid))
    .map((action) => ({ kind: 'recently-deleted', uid: action.uid, title: action.title }));
  for (const action of dashboardActions(plan)) {
    const entry = action.action === 'create' && action.file !== undefined ? input.inTrash?.get(action.uid) : undefined;
    if (entry === undefined) continue;
    const { deletedAt, deletedBy, byUser, backup, deletedFor, maybeBackup } = entry;
    notes.push({
      kind: 'in-recently-deleted',
      uid: action.uid,
      title: action.title,
      file: action.file!,
      deletedAt,
      deletedBy,
      ...(byUser && { byUser }),
      ...(backup !== undefined && { backup }),
      ...(maybeBackup !== undefined && { maybeBackup }),
      ...(deletedFor !== undefined && ('prune' in deletedFor ? { pruned: true as const } : { uidChangedTo: deletedFor.uidChangedTo })),
    });
  }
  if (input.trashedUids === 'refused' && input.trashOn === true && prunesIntoTrash(plan)) {
    notes.push({ kind: 'restore-needs-admin', uid: null, deletes: dashboardActions(plan).filter((action) => action.action === 'delete').length });
  }
  const written = writtenKindsOf(plan);
  if (input.writeAccess === 'none' && written.length > 0) {
    notes.push({
      kind: 'read-only',
      uid: null,
      orgId: plan.target.orgId,
      ...(plan.target.environment !== undefined && plan.target.environment !== null && { environment: plan.target.environment }),
      // Named as the apply's refusal names them (describeWrites): a plan of dashboards alone keeps the words it always had.
      ...(written.some((kind) => kind !== 'dashboard') && { writes: written }),
    });
  }
  if (input.writeAccess === 'some' && input.permissions) notes.push(...findUnwritableFolders(plan, input.permissions));
  if (notes.length === 0) return plan;
  return { ...plan, warnings: sortWarnings([...plan.warnings, ...notes]) };
}
