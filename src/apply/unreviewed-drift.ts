import { actionId, folderActions, isFolderMove, type ActionId, type DashboardAction, type FolderAction, type LibraryPanelAction, type Plan, type PlanAction, type PlanWarning } from '../plan/types.js';
import { FOLDER_TAKEOVER_NOT_JUDGED, isFolderTakeover } from '../plan/find-folder-takeovers.js';
import { FOLDER_DRIFT } from '../plan/find-folder-drift.js';
import { isDirectoryFolder } from '../files/folder-uid.js';
import type { ApplyConflict, UnreviewedWhy } from './types.js';

/** A plan's warning of an edit made in Grafana that its save overwrites. */
export type DriftWarning = Extract<PlanWarning, { kind: 'drift' }>;

/**
 * The plan's drift warnings (edits made in Grafana that its saves would overwrite), by the id of the action they are about. A
 * same-content move overwrites no edit (its warning says what it undoes): not one of them.
 */
export function driftByAction(plan: Pick<Plan, 'warnings'>): Map<string, DriftWarning> {
  return new Map(plan.warnings.flatMap((warning) => (warning.kind === 'drift' && warning.sameContent !== true ? [[actionId(warning.resource ?? 'dashboard', warning.uid), warning] as const] : [])));
}

/** A plan's warning of another repository's dashboard in a folder the tree does not hold (not-in-branch, `outside-tree`). */
type OtherRepositoryWarning = Extract<PlanWarning, { kind: 'not-in-branch' }>;

/**
 * The plan's writes over another repository's dashboards (a file that took a uid another repository deploys, in a folder the
 * tree does not hold), by action id: an apply no one reviewed holds them as it holds drift. Prune's deletes are not among them
 * (the scope that takes them is asked for by name).
 */
export function otherRepositoryByAction(plan: Pick<Plan, 'warnings'>): Map<string, OtherRepositoryWarning> {
  return new Map(
    plan.warnings.flatMap((warning) =>
      warning.kind === 'not-in-branch' && warning.anotherRepository === 'outside-tree' && warning.action !== 'delete' ? [[actionId('dashboard', warning.uid), warning] as const] : [],
    ),
  );
}

/**
 * The conflict of a write no one reviewed over a dashboard another push saved (a not-in-branch warning): left untouched, at
 * the version the plan read; `held` says whose (otherRepository, notInClone).
 */
function notInBranchConflict(action: DashboardAction, warning: Extract<PlanWarning, { kind: 'not-in-branch' }>, why: UnreviewedWhy, held: Pick<ApplyConflict, 'otherRepository' | 'notInClone'>): ApplyConflict {
  return {
    uid: action.uid,
    title: action.title,
    action: action.action,
    file: action.file,
    plannedVersion: warning.version,
    currentVersion: warning.version,
    changedBy: null,
    changedAt: null,
    plannedTitle: warning.title,
    unreviewedDrift: true,
    unreviewedWhy: why,
    ...held,
  };
}

/** The conflict of a save over another repository's dashboard that no one reviewed (otherRepositoryByAction): left untouched. */
export function otherRepositoryConflict(action: DashboardAction, warning: OtherRepositoryWarning, why: UnreviewedWhy): ApplyConflict {
  return notInBranchConflict(action, warning, why, {
    otherRepository: { commit: warning.commit, folderUid: warning.folderUid ?? '', folderTitle: warning.folderTitle ?? warning.folderUid ?? '', ...(warning.externalListed ? { externalListed: true as const } : {}) },
  });
}

/** A plan's warning of a dashboard saved from a commit this clone does not have, whose repository is not known (not-in-branch). */
type NotInCloneWarning = Extract<PlanWarning, { kind: 'not-in-branch' }>;

/**
 * The plan's updates, moves and prune deletes of dashboards dashsync saved from a commit this repository does not have, with nothing to tell
 * whose (the "not in this clone" warning: an unfetched branch of this repository, or another repository): an apply no one
 * reviewed holds them, as nothing may be lost unreviewed (a delete too: main's CI would delete what a branch just deployed,
 * review-65a M5); after a fetch the next plan knows. By action id.
 */
export function notInCloneByAction(plan: Pick<Plan, 'warnings'>): Map<string, NotInCloneWarning> {
  return new Map(
    plan.warnings.flatMap((warning) =>
      warning.kind === 'not-in-branch' && !warning.inRepository && warning.anotherRepository === undefined
        ? [[actionId('dashboard', warning.uid), warning] as const]
        : [],
    ),
  );
}

/** The conflict of an update or move of a dashboard saved from a commit this clone does not have (notInCloneByAction): left untouched. */
export function notInCloneConflict(action: DashboardAction, warning: NotInCloneWarning, why: UnreviewedWhy): ApplyConflict {
  return notInBranchConflict(action, warning, why, { notInClone: { commit: warning.commit, subject: warning.subject } });
}

/** What an apply no one reviewed holds of a folder takeover (heldTakeovers): the folder, its `_folder.json`, and what is known of it. */
export type HeldTakeover = NonNullable<ApplyConflict['takeover']>;

/**
 * The folders a `_folder.json` takes over from whoever made them in Grafana (the plan's folder-takeover warnings), by uid:
 * an apply no one reviewed holds their rename, the prune deletes in them and what the tree would put in them;
 * `historyUnread`, where the plan could not read the history that says whether dashsync pushed their dashboards (held all the
 * same: no evidence is no leave); `treeInside`, where the tree's own dashboards are in it too (the plan's updates there).
 */
export function heldTakeovers(plan: Pick<Plan, 'warnings' | 'actions'>): Map<string, HeldTakeover> {
  const titles = new Map(plan.actions.flatMap((action) => (action.kind === 'folder' && action.live !== null ? [[action.uid, action.live.title] as const] : [])));
  const treeInside = new Set(plan.actions.flatMap((action) => (action.kind === 'dashboard' && action.action !== 'delete' && action.file !== null && action.live?.folderUid ? [action.live.folderUid] : [])));
  return new Map(
    plan.warnings.flatMap((warning) =>
      isFolderTakeover(warning) && warning.uid !== null && warning.file !== undefined
        ? [
            [
              warning.uid,
              {
                folderUid: warning.uid,
                folderTitle: titles.get(warning.uid) ?? warning.uid,
                file: warning.file,
                ...(warning.rule === FOLDER_TAKEOVER_NOT_JUDGED && { historyUnread: true as const }),
                ...(treeInside.has(warning.uid) && { treeInside: true as const }),
              },
            ] as const,
          ]
        : [],
    ),
  );
}

/**
 * Pure: the folder a create or move puts the action into (a dashboard's or library panel's folder, a folder's parent; null:
 * the top level or General), or undefined for an action that puts nothing anywhere new (an update in place, a delete, a noop).
 */
export function writeTargetOf(action: PlanAction): string | null | undefined {
  if (action.kind === 'folder') return action.action === 'create' || isFolderMove(action) ? action.parentUid : undefined;
  return action.action === 'create' || action.action === 'move' ? action.folderUid : undefined;
}

/**
 * Pure: the folders an apply no one reviewed writes nothing into while it holds their takeover (heldTakeovers): each taken-over
 * folder, and the folders the plan would create inside one (all the way down: they are held too, so are what goes into them).
 * By uid, the takeover that holds them.
 */
export function foldersHeldByTakeovers(plan: Pick<Plan, 'actions'>, takeovers: ReadonlyMap<string, HeldTakeover>): Map<string, HeldTakeover> {
  const held = new Map(takeovers);
  const creates = folderActions(plan).filter((folder) => folder.action === 'create' && folder.parentUid !== null);
  for (let changed = true; changed; ) {
    changed = false;
    for (const folder of creates) {
      const takeover = held.get(folder.parentUid!);
      if (takeover === undefined || held.has(folder.uid)) continue;
      held.set(folder.uid, takeover);
      changed = true;
    }
  }
  return held;
}

/**
 * The conflict of a folder rename or a prune delete that takes over a folder made in Grafana, or of a write of the tree's into
 * it (a create or move of a dashboard, library panel or folder: `into`, the folder made inside it that the write goes into),
 * which no one reviewed (heldTakeovers).
 */
export function takeoverConflict(action: PlanAction, takeover: HeldTakeover, why: UnreviewedWhy, into?: { uid: string; title: string }): ApplyConflict {
  const version = action.kind === 'folder' ? (action.live?.revision ?? null) : (action.live?.version ?? null);
  const label = action.kind === 'folder' ? (action.uid !== takeover.folderUid && isFolderMove(action) ? 'folder-move' : `folder-${action.action}`) : action.kind === 'library-panel' ? `library-panel-${action.action}` : action.action;
  return {
    uid: action.uid,
    title: action.title,
    action: label,
    file: action.kind === 'folder' ? null : action.file,
    plannedVersion: version,
    currentVersion: version,
    changedBy: null,
    changedAt: null,
    unreviewedDrift: true,
    unreviewedWhy: why,
    takeover: into === undefined ? takeover : { ...takeover, into },
  };
}

/** The folders whose rename or move made in Grafana the plan undoes (its folder-drift warnings), by uid: their `_folder.json`. */
export function heldFolderEdits(plan: Pick<Plan, 'warnings'>): Map<string, string> {
  return new Map(plan.warnings.flatMap((warning) => (warning.kind === 'other' && warning.rule === FOLDER_DRIFT && warning.uid !== null && warning.file !== undefined ? [[warning.uid, warning.file] as const] : [])));
}

/** The conflict of a folder update that undoes a rename or move made in Grafana (heldFolderEdits), which no one reviewed. */
export function folderEditConflict(action: FolderAction, file: string, why: UnreviewedWhy): ApplyConflict {
  const live = action.live!;
  return {
    uid: action.uid,
    title: action.title,
    action: 'folder-update',
    file: null,
    plannedVersion: live.revision,
    currentVersion: live.revision,
    changedBy: null,
    changedAt: null,
    unreviewedDrift: true,
    unreviewedWhy: why,
    folderEdit: {
      file,
      ...(live.title !== action.title && { liveTitle: live.title }),
      ...(live.parentUid !== action.parentUid && { liveParentUid: live.parentUid }),
      ...(action.dir !== null && isDirectoryFolder(action.dir, action) && { directory: true as const }),
    },
  };
}

/**
 * The folders an apply no one reviewed does not create: every write into one (a dashboard, a library panel, a folder below it) is
 * an action that apply keeps as a conflict (`held`: their ids), so it would stand empty in Grafana for a change not made. By
 * folder uid, what would have gone into it (`dashboard redis-exporter`), for its line. Pure.
 */
export function foldersOnlyForHeld(plan: Pick<Plan, 'actions'>, held: ReadonlySet<ActionId>): Map<string, string[]> {
  const creates = plan.actions.filter((action) => action.kind === 'folder' && action.action === 'create');
  // The writes into each created folder, in the plan's order: one pass over the actions (a plan of 5,000 creates has ~900 folders).
  const into = new Map<ActionId, PlanAction[]>(creates.map((folder) => [actionId('folder', folder.uid), []]));
  for (const action of plan.actions) {
    if (action.action === 'delete' || action.action === 'noop') continue;
    for (const id of action.dependsOn) {
      const writes = into.get(id);
      if (writes !== undefined && writes.at(-1) !== action) writes.push(action);
    }
  }
  const left = new Map<string, string[]>();
  // A folder below such a folder is one of them first (children before parents: repeated until nothing changes).
  for (let changed = true; changed; ) {
    changed = false;
    for (const folder of creates) {
      const writes = into.get(actionId('folder', folder.uid))!;
      if (left.has(folder.uid) || writes.length === 0) continue;
      if (!writes.every((write) => held.has(actionId(write.kind, write.uid)) || (write.kind === 'folder' && left.has(write.uid)))) continue;
      left.set(folder.uid, writes.map((write) => `${write.kind === 'library-panel' ? 'library panel' : write.kind} ${write.uid}`));
      changed = true;
    }
  }
  return left;
}

/**
 * The conflict of a save that would overwrite an edit made in Grafana that no one reviewed (ApplyPlanOptions.keepDrift): the
 * version the plan read is the edit's, and Grafana still has it (this apply made the plan a moment ago).
 */
export function unreviewedDriftConflict(action: DashboardAction | LibraryPanelAction, drift: DriftWarning, why: UnreviewedWhy): ApplyConflict {
  const library = action.kind === 'library-panel';
  return {
    uid: action.uid,
    title: action.title,
    action: library ? `library-panel-${action.action}` : action.action,
    file: action.file,
    plannedVersion: drift.version,
    currentVersion: drift.version,
    // '' is a saver Grafana no longer names (an account deleted since), said as such; a labels or annotations edit has none.
    changedBy: drift.metadataEdited ? null : drift.updatedBy,
    changedAt: drift.updated || null,
    plannedTitle: library ? (action.live?.name ?? null) : (action.live?.title ?? null),
    ...(drift.metadataEdited ? { metadataEdited: true as const } : {}),
    ...(drift.shallowHistory ? { shallowHistory: true as const } : {}),
    ...(drift.uncommittedPush ? { uncommittedPush: true as const } : {}),
    ...(drift.historyUnread !== undefined ? { historyUnread: drift.historyUnread } : {}),
    unreviewedDrift: true,
    unreviewedWhy: why,
    ...(action.kind === 'dashboard' && action.replacedBy !== undefined ? { uidChangedTo: action.replacedBy } : {}),
  };
}

/**
 * The creates an unreviewed apply holds with a held delete (ApplyPlanOptions.keepDrift): a file whose uid was changed in place
 * plans the new uid's create and the old uid's delete, and where that delete is held (`held`: for any reason the apply holds
 * it: edited in Grafana since dashsync's push, saved from a commit this clone lacks, in a folder a takeover holds, …), the create
 * would leave two dashboards of one title in one folder (refused on Grafana ≤ 11.2). By the new uid: the held delete.
 */
export function heldUidChanges(plan: Pick<Plan, 'actions'>, held: (deleted: DashboardAction) => boolean): Map<string, DashboardAction> {
  return new Map(plan.actions.flatMap((action) => (action.kind === 'dashboard' && action.action === 'delete' && action.replacedBy !== undefined && held(action) ? [[action.replacedBy.uid, action] as const] : [])));
}

/** A plan's warning of a create whose dashboard a person deleted in Grafana, which waits in "Recently deleted". */
type DeletedInGrafanaWarning = Extract<PlanWarning, { kind: 'in-recently-deleted' }>;

/**
 * The creates of dashboards a person deleted in Grafana (the plan's in-recently-deleted warnings with `byUser`), by action id:
 * the delete is an edit made in Grafana, and the create would replace the copy "Recently deleted" keeps (Grafana lists it no
 * more), so an apply no one reviewed holds them as it holds drift (walk-64 L5). A tool's delete (a service account's) is not held.
 */
export function deletedInGrafanaByAction(plan: Pick<Plan, 'warnings'>): Map<string, DeletedInGrafanaWarning> {
  return new Map(plan.warnings.flatMap((warning) => (warning.kind === 'in-recently-deleted' && warning.byUser === true ? [[actionId('dashboard', warning.uid), warning] as const] : [])));
}

/**
 * The creates the plan's `trash-unseen` note names where "Recently deleted" could not be listed (rev-68c H1), by action id,
 * with that failure: a person's delete cannot be told from a file never applied, so an apply no one reviewed holds them as it
 * holds deletedInGrafanaByAction's.
 */
export function trashUnreadByAction(plan: Pick<Plan, 'warnings'>): Map<ActionId, string> {
  return new Map(
    plan.warnings.flatMap((warning) =>
      warning.kind === 'note' && warning.code === 'trash-unseen' && warning.trashUnread !== undefined ? (warning.uids ?? []).map((uid) => [actionId('dashboard', uid), warning.trashUnread!] as const) : [],
    ),
  );
}

/** The conflict of a create no one reviewed of a dashboard that may wait in a "Recently deleted" not listed (trashUnreadByAction): not created. */
export function trashUnreadConflict(action: DashboardAction, failure: string, why: UnreviewedWhy): ApplyConflict {
  return { uid: action.uid, title: action.title, action: action.action, file: action.file, plannedVersion: null, currentVersion: null, changedBy: null, changedAt: null, unreviewedDrift: true, unreviewedWhy: why, trashUnread: failure };
}

/** The conflict of a create no one reviewed over a dashboard a person deleted in Grafana (deletedInGrafanaByAction): not created. */
export function deletedInGrafanaConflict(action: DashboardAction, warning: DeletedInGrafanaWarning, why: UnreviewedWhy): ApplyConflict {
  return {
    uid: action.uid,
    title: action.title,
    action: action.action,
    file: action.file,
    plannedVersion: null,
    currentVersion: null,
    changedBy: warning.deletedBy,
    changedAt: warning.deletedAt,
    unreviewedDrift: true,
    unreviewedWhy: why,
    deletedInGrafana: { deletedAt: warning.deletedAt, deletedBy: warning.deletedBy },
  };
}
