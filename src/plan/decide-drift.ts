import { RENAME_LIMIT } from '../git/rename-limit.js';
import type { LastSave, LiveLibraryPanel } from '../grafana/port.js';
import type { DriftCandidate, HeldCommit } from './find-held-in-git.js';
import type { LibraryPanelDriftCandidate } from './find-library-panels-held.js';
import type { DashboardAction, DriftNotCheckedReason, LibraryPanelAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { describeSaver } from '../report/describe-saver.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { wordedForShells } from './worded-for-shells.js';
import { plural } from '../plural.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { capitalize } from '../report/capitalize.js';

type DriftWarning = Extract<PlanWarning, { kind: 'drift' }>;

/**
 * Pure: a drift warning when the newest live save of a dashboard the plan changes was not
 * made by dashsync — someone edited it in Grafana, and applying will overwrite that edit.
 * Unknown (no history) is not drift. A move whose content equals the file's (a tree adopted from
 * another tool, its directories not yet the live folders) loses no edit: `sameContent` says so. A labels or annotations
 * edit the file holds exactly (`fileHoldsLiveMetadata`: pulled since, the push record still naming dashsync's) loses nothing either.
 */
export function decideDrift(
  dashboard: { uid: string; title: string; live?: { title: string } | null; action?: DashboardAction['action']; changes?: readonly unknown[] },
  lastSave: LastSave,
  fileHoldsLiveMetadata = false,
): DriftWarning | null {
  if (lastSave.byDashsync !== false || (lastSave.metadataEdited && fileHoldsLiveMetadata)) return null;
  return {
    kind: 'drift',
    uid: dashboard.uid,
    // The title people see in Grafana now, which the edit may have changed.
    title: dashboard.live?.title || dashboard.title,
    version: lastSave.version,
    // A labels or annotations edit: by and at are those of the version it left, not the edit's.
    updatedBy: lastSave.metadataEdited ? '' : lastSave.by,
    updated: lastSave.metadataEdited ? '' : lastSave.at,
    message: lastSave.message ?? '',
    ...(lastSave.metadataEdited ? { metadataEdited: true as const } : {}),
    ...(lastSave.restored && { restoredFrom: lastSave.restored.from, restoredAt: lastSave.restored.at, ...(lastSave.restored.version !== undefined && { savedVersion: lastSave.restored.version }) }),
    ...(lastSave.restored?.noBackup && { restoredWithoutBackup: true as const }),
    ...(lastSave.uncommittedPush && { uncommittedPush: true as const }),
    ...(dashboard.action === 'move' && dashboard.changes?.length === 0 ? { sameContent: true as const } : {}),
  };
}

/**
 * Pure: the note in place of a drift warning when a commit of HEAD's history holds the live version (findHeldInGit):
 * the edit was pulled and committed (a hand merge after `pull --force` included). Whether HEAD's file still holds all of it
 * is not judged (a later commit may have dropped part of it): the note says the listed changes are made on top of it. Or
 * the version is another environment's variant's (HeldCommit.variantFile), which the file was copied from and changed.
 */
export function heldInGitNote(drift: DriftWarning, held: HeldCommit): PlanWarning {
  const by = drift.updatedBy ? ` by ${describeSaver(drift.updatedBy)}` : '';
  const subject = held.subject === undefined ? '' : ` ${quoteText(held.subject)}`;
  // A variant's version (another environment's file the file was copied from, then changed): the changes listed are the copy's.
  const message =
    held.variantFile === undefined
      ? `the live edit (version ${drift.version}${by}) is in commit ${held.commit.slice(0, 12)}${subject} of this branch, and the changes listed are made on top of it (a later commit that dropped part of that edit drops it in Grafana too)`
      : `the live version (version ${drift.version}${by}) is what ${held.variantFile} (a file this run leaves out, holding the same uid) holds in commit ${held.commit.slice(0, 12)}${subject} of this branch, and the changes listed are this file's own, made on a copy of it`;
  return { kind: 'note', code: 'edit-in-git', uid: drift.uid, message: `edit in git: ${drift.uid} ${quoteText(drift.title)}: ${message}` };
}

/** `3 dashboards (a, b, c)`: the first five uids in natural order (m2 before m10, as a reader counts them). */
export function someUids(uids: readonly string[]): string {
  const sorted = [...uids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const shown = sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? `, … (${sorted.length - 5} more)` : '');
  return `${plural(sorted.length, 'dashboard')} (${shown})`;
}

/** The way out on Grafana 12 and later, where the version history is refused only through `/api` (`--api legacy`). */
const THROUGH_APIS = '; on Grafana 12 and later, plan through /apis (api auto or k8s), whose history any reader of the dashboard may list';

/** Why a dashboard's version history gave no answer, as the note says it after `drift not checked for …: `; `deletes`: the plan deletes them (prune), so any edit goes with them. */
const HISTORY_UNREAD: Record<DriftNotCheckedReason, (deletes: boolean) => string> = {
  // /api's versions API needs dashboards:write on the dashboard (Edit on its folder, whatever the role): a read-only token,
  // or an Editor whose folder gives it View only, is refused there, which must not fail the plan. /apis (12+) lists the
  // history to anyone who may read the dashboard (the resource server's List checks `get`), so only /api gets here.
  forbidden: () =>
    'these credentials may not read version history (Grafana answers 403; it needs dashboards:write: Edit on the dashboard\'s folder), ' +
    'so edits made in Grafana cannot be detected; plan with credentials that may edit them to see them' +
    THROUGH_APIS,
  // 12+: one entry Grafana cannot convert (e.g. a hand-written "Restored from version" message) fails the whole list. Not a permission matter.
  unconvertible: (deletes) =>
    'Grafana could not read their version history (it answers 404 "No versions found" for a dashboard that exists), ' +
    `so whether someone edited them in Grafana is not known; ${deletes ? 'they will be deleted as planned, with any such edit' : 'they will be overwritten as planned'}`,
};

/** Why the history of a `drift-not-checked` warning's dashboards gave no answer, as its line says it after `drift not checked for …: `. */
export function describeHistoryUnread(warning: { reason: DriftNotCheckedReason; readOnlyToken?: boolean; deletes?: boolean }): string {
  const deletes = warning.deletes ?? false;
  return warning.readOnlyToken ? historyUnreadByReadOnlyToken(deletes) : HISTORY_UNREAD[warning.reason](deletes);
}

/**
 * HISTORY_UNREAD's `forbidden` for credentials that are read-only on purpose (the Action's `read-only-token`: a pull
 * request's plan with a Viewer's token): "plan with credentials that may edit them" would undo that setup, so the advice is
 * what a reviewer can do instead.
 */
function historyUnreadByReadOnlyToken(deletes: boolean): string {
  return (
    "a read-only token, as input read-only-token says, may not read version history (Grafana needs dashboards:write: Edit on the dashboard's folder), " +
    `so edits made in Grafana cannot be detected here, ${deletes ? 'and applying deletes any with them' : 'and applying overwrites any'}; before approving, look at their history in Grafana ` +
    "(Dashboard settings → Versions), or run dashsync plan with an Editor's token outside the pull request" +
    THROUGH_APIS
  );
}

/** Pure: one warning for the dashboards whose version history could not be read, saying why (`reason`); none when there are none. `deletes`: the plan deletes them (prune). */
export function driftNotChecked(uids: string[], reason: DriftNotCheckedReason, deletes = false): PlanWarning[] {
  if (uids.length === 0) return [];
  return [{ kind: 'drift-not-checked', uid: null, uids: [...uids].sort(), reason, ...(deletes && { deletes: true as const }) }];
}

/**
 * Pure: one line for the prune deletes whose edit made in Grafana a shallow clone cannot check (unprovenInShallowClone):
 * someone else saved them last, Grafana's history no longer reaches their first version, nothing on them records a push
 * (`/api`), and only a removed file of this tree, which a full clone's history holds, would say dashsync deployed them
 * (then the delete's edit is drift). Not held (nl-59's decision): said, with the fetch that tells. None when there are none.
 */
export function shallowDeletesNotChecked(uids: readonly string[], selection: RunSelection | undefined): PlanWarning[] {
  if (uids.length === 0) return [];
  const deletes = [...uids].sort();
  const words = wordedForShells(
    (shell) =>
      `drift not checked for ${someUids(deletes)} the plan deletes: someone else saved them last, the versions Grafana keeps no longer reach their first ` +
      "([dashboards] versions_to_keep, 20 by default) and nothing on them records a push of dashsync's (a save through /api keeps none), and this clone's git history is shallow " +
      '(only its newest commits): it has no copy of a removed file of theirs to show whether dashsync deployed them. If it did, an edit made in Grafana since goes with them unseen ' +
      '(they will be deleted as planned). ' +
      (shell === 'action'
        ? `${capitalize(fetchFullHistory(shell))}: its run shows such a delete's edit as drift`
        : `Fetch the full history (git fetch --unshallow), then run ${renderNextCommand(selection, 'plan')} again: such a delete's edit then shows as drift`),
  );
  return [{ kind: 'shallow-history', uid: null, ...words, deletes }];
}

/**
 * Pure: one note when who these credentials are could not be learnt (GET /api/user failed: `failure`, e.g.
 * `HTTP 500`): a save carrying dashsync's marker then counts as dashsync's, whoever made it.
 */
export function authorshipNotChecked(failure: string | null): PlanWarning[] {
  if (failure === null) return [];
  return [
    {
      kind: 'other',
      uid: null,
      message: `drift authorship not checked: GET /api/user failed (${failure}), so a save carrying dashsync's message counts as dashsync's whoever made it`,
    },
  ];
}

/** How Grafana's history names a save made by restoring an older version (grafana-api.md §6). */
export const RESTORE_MESSAGE = /^Restored from version \d+/;

/**
 * Pure: the updates and moves whose newest live save dashsync did not make, for findHeldInGit to
 * compare with git (a move is held only by a version committed in a directory that stood for Grafana's folder in its commit,
 * unless Grafana's folder is that of a directory this run leaves out: `leftOutFolders`, or the action's liveDirectoryLeftOut).
 */
export function selectDriftCandidates(actions: DashboardAction[], lastSaves: Map<string, LastSave | 'unreadable' | 'unconvertible'>, leftOutFolders: ReadonlySet<string> = new Set()): DriftCandidate[] {
  return actions.flatMap((action) => {
    const lastSave = lastSaves.get(action.uid);
    if ((action.action !== 'update' && action.action !== 'move') || action.file === null || action.live === null || lastSave === undefined || typeof lastSave === 'string' || lastSave.byDashsync !== false) return [];
    const restored = RESTORE_MESSAGE.test(lastSave.message ?? '');
    const leftOut = action.liveDirectoryLeftOut !== undefined || (action.live.folderUid !== null && leftOutFolders.has(action.live.folderUid));
    return [{ uid: action.uid, file: action.file, folderUid: action.folderUid, liveFolderUid: action.live.folderUid, version: action.live.version, restored, ...(leftOut && { liveFolderLeftOut: true as const }) }];
  });
}

/** Pure: the library panel updates and moves whose last change in Grafana these credentials did not make, as the drift warning judges it (judgedSave). */
export function selectLibraryPanelDriftCandidates(writes: LibraryPanelAction[], live: LiveLibraryPanel[], leftOutFolders: ReadonlySet<string> = new Set()): LibraryPanelDriftCandidate[] {
  const liveByUid = new Map(live.map((panel) => [panel.uid, panel]));
  return writes.flatMap((write) => {
    const element = liveByUid.get(write.uid);
    // Judged as the drift warning judges it (judgedSave): an unnamed saver counts, so git is asked about it too.
    if ((write.action !== 'update' && write.action !== 'move') || write.file === null || !element || judgedSave(element).byDashsync !== false) return [];
    const leftOut = write.liveDirectoryLeftOut !== undefined || (element.folderUid !== null && leftOutFolders.has(element.folderUid));
    return [{ uid: write.uid, file: write.file, folderUid: write.folderUid, live: element, ...(leftOut && { liveFolderLeftOut: true as const }) }];
  });
}

/** Why git could not be asked about all of a file's history, as the plan says it. */
const HISTORY_CUT = {
  // actions/checkout fetches one commit by default.
  shallow: () =>
    wordedForShells(
      (shell) =>
        'drift compared with the commits present only: this git checkout is shallow, so an edit an older commit already holds is reported as drift ' +
        `(${fetchFullHistory(shell)}, and those warnings go away)`,
    ),
  // A commit that moved more files than the rename limit git was given: a file's history may end there.
  renamesSkipped: (limit: number) => ({
    message: `drift compared with part of the history only: git skipped rename detection in a change of more than ${limit} moved files, so an edit committed under an earlier name may be reported as drift ` +
    `(commit such moves in smaller steps, or set git's diff.renameLimit above ${limit}, or read the warnings knowing this)`,
  }),
};

/**
 * Pure: the notes that go with drift warnings when git's history was cut short (a shallow clone, renames git gave up on): one line each.
 * `renameLimit` is the limit git was given (RENAME_LIMIT when not said).
 */
export function historyCutNotes(driftCount: number, cut: { shallow?: boolean; renamesSkipped?: boolean; renameLimit?: number }): PlanWarning[] {
  if (driftCount === 0) return [];
  const limit = cut.renameLimit ?? RENAME_LIMIT;
  return (['shallow', 'renamesSkipped'] as const).filter((why) => cut[why]).map((why) => ({ kind: why === 'shallow' ? 'shallow-history' : 'other', uid: null, ...HISTORY_CUT[why](limit) }));
}

/**
 * A panel's last change as drift judges it: a saver Grafana no longer names (its user row gone: an account deleted since) is
 * not these credentials, whose row is there: their change is drift as any other's, though the login rule cannot tell (it was silent).
 */
export function judgedSave(live: LiveLibraryPanel): LiveLibraryPanel['lastSave'] {
  return live.lastSave.by === '' && live.lastSave.byDashsync === null ? { ...live.lastSave, byDashsync: false } : live.lastSave;
}
