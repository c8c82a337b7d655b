import { GrafanaHttpError, HiddenFolderRefusal, MOVED_FOLDER_KEEPS_NO_GRANTS, NotLandedError, ownPermissionsHide, PermissionError, RequestInterruptedError, SaveUnconfirmedError } from '../errors.js';
import type { FolderChangeRecord, GrafanaPort, LiveFolder, WriteTally } from '../grafana/port.js';
import { describeUnreadableFolder } from '../plan/read-live-folders.js';
import { isFolderMove, type FolderAction } from '../plan/types.js';
import { label, type ApplyRun } from './apply-run.js';
import type { ApplyConflict, FolderChange, ForcedOver } from './types.js';
import { describeFolderTitleRefusal } from './describe-folder-title-refusal.js';
import { isFolderTitleTakenRefusal } from '../grafana/folder-title-taken.js';
import { describeKeptFolder, isFolderNotEmptyRefusal, readLibraryPanelsIn } from './describe-kept-folder.js';
import { answeredServerError, mayHaveLanded, notDeletedWhenReadBack, readBack, stillThereWhenReadBack } from './read-back.js';
import { describeFolderCounts } from './describe-folder-counts.js';
import { folderAsWanted } from '../grafana/folder-as-seen.js';

/**
 * What a folder hidden from the apply's credentials needs (a folder moved to the top level in Grafana keeps no role grants of
 * its own); one the tree has at the top level was not moved there: its own permissions hide it, and no move back helps.
 */
function editOnHiddenFolder(folder: FolderAction): string {
  const grant = "grant the token's user or service account Edit on that folder";
  return folder.parentUid === null ? `${grant} (${ownPermissionsHide()})` : `${grant}, or move it back where the tree has it (${MOVED_FOLDER_KEEPS_NO_GRANTS})`;
}

/** Why a folder write found nothing to do: someone made or changed it as wanted since the plan (this plan applied before is another run). */
function alreadyThere(folder: FolderAction): string {
  return `Grafana already has this folder as wanted (${folder.action === 'create' ? 'made' : 'changed'} since the plan, by another run or someone else)`;
}

/**
 * One folder create or update; true when the folder exists for what goes into it. A refused
 * or failed request is read back: a folder already as wanted is `unchanged` when the refusal
 * came at the first send (another run made it), and done when a resend was refused (our own
 * first send landed). An update expects the revision the plan read (any with --force): a
 * folder renamed or moved in Grafana after the plan is a conflict, left as it is — it still
 * exists, so its dashboards are saved into it. One only saved again since (its title and parent still as the plan saw
 * them: folderStillAsSeen) is updated all the same; one deleted and created again since (another internal id) is a
 * conflict whatever its title and parent. `treeDirs` (uid → directory) names the tree's folders in a title refusal;
 * `titles` (uid → the plan's title) names the parent a folder moves into on its line.
 */
export async function applyFolderWrite(
  folder: FolderAction,
  grafana: GrafanaPort,
  run: ApplyRun,
  options: { force: boolean; treeDirs: ReadonlyMap<string, string | null>; titles: ReadonlyMap<string, string> },
  tally: WriteTally,
): Promise<boolean> {
  const asWanted = (live: LiveFolder | null) => folderAsWanted(live, folder);
  try {
    if (folder.action === 'create') {
      await grafana.createFolder({ uid: folder.uid, title: folder.title, parentUid: folder.parentUid }, tally);
      run.done(folder);
      return true;
    }
    const expect = options.force ? 'any' : (folder.live?.revision ?? 'any');
    const seen = folder.live === null ? {} : { seen: { title: folder.live.title, parentUid: folder.live.parentUid, ...(folder.live.internalId !== undefined && { internalId: folder.live.internalId }) } };
    const outcome = await grafana.updateFolder(folder.uid, { title: folder.title, parentUid: folder.parentUid, expect, ...seen }, tally);
    if (outcome.kind === 'saved') {
      const forcedOver = outcome.replaced === undefined ? undefined : await describeFolderForcedOver(folder, outcome.replaced, grafana);
      // What it changed, from what it went over: a --force write over a rename made since renamed that one.
      const before = forcedOver === undefined ? folder : { ...folder, live: folder.live && { ...folder.live, title: outcome.replaced!.folder.title, parentUid: outcome.replaced!.folder.parentUid } };
      run.done(folder, { folderChange: folderChangeOf(before, options.titles), ...(forcedOver !== undefined && { forcedOver }) });
    }
    else if (outcome.kind === 'unchanged' || asWanted(outcome.current)) run.unchanged(folder, alreadyThere(folder));
    else {
      const by = outcome.lastChange?.by || null;
      // Another save under the planned version: named by that number where the API counts them (`/api`).
      const version = outcome.savedAgain ? outcome.current?.version : undefined;
      run.conflict(folder, {
        uid: folder.uid,
        title: folder.title,
        action: label(folder),
        file: null,
        plannedVersion: version ?? folder.live?.revision ?? null,
        currentVersion: version ?? outcome.current?.revision ?? null,
        changedBy: by && ((await grafana.nameSavers([by])).get(by) ?? by),
        changedAt: outcome.lastChange?.at || null,
        currentTitle: outcome.current?.title ?? null,
        plannedTitle: folder.live?.title ?? null,
        ...(outcome.recreated ? { recreated: true as const } : await movedSincePlan(folder, outcome.current, options.titles, grafana)),
        ...(outcome.savedAgain && { versionSavedAgain: true as const }),
        ...(version === undefined && { opaqueRevisions: true as const }),
      });
    }
    return true;
  } catch (error) {
    // Answered 2xx in words that do not show the write, and read back by the port: nothing of it there (not saved), or the
    // folder changed otherwise, or no answer to the read (not known: the run stops on the latter).
    if (error instanceof NotLandedError) {
      run.fail(folder, error, tally);
      return false;
    }
    if (error instanceof SaveUnconfirmedError) {
      run.unknown(folder, error);
      return false;
    }
    // The read before an update was refused: the folder is there, hidden from these credentials.
    if (error instanceof PermissionError && error.method === 'GET') {
      run.fail(folder, new HiddenFolderRefusal(`${describeUnreadableFolder(folder.uid, error, null)}: ${editOnHiddenFolder(folder)}`), tally);
      return false;
    }
    const wanted = await readBack(error, async () => asWanted(await grafana.getFolder(folder.uid, tally)));
    if (wanted === true) {
      if (mayHaveLanded(error)) run.done(folder, { folderChange: folderChangeOf(folder, options.titles) });
      else run.unchanged(folder, alreadyThere(folder));
      return true;
    }
    if (wanted === null && mayHaveLanded(error)) run.unknown(folder, error);
    else if (folder.action === 'create' && wanted === false && isUidTakenRefusal(error)) {
      // Another folder holds the uid, made since the plan (another branch's apply, the UI): a conflict, as a dashboard's create meets.
      const conflict = await createdSinceConflict(folder, grafana, options.titles, tally);
      if (conflict === null) run.fail(folder, error, tally);
      else run.conflict(folder, conflict);
    } else if (isFolderTitleTakenRefusal(error)) run.fail(folder, new Error(await describeFolderTitleRefusal(error, folder, grafana, options.treeDirs)), tally);
    else if (folder.action === 'create' && error instanceof GrafanaHttpError && error.status === 409 && wanted === null && error.readBackUnreachable === undefined) {
      // Taken, yet no read shows it: a folder these credentials may not see (the listing left it out, the read back was refused).
      run.fail(folder, new HiddenFolderRefusal(`${error.message}: the folder exists, hidden from these credentials by its permissions: ${editOnHiddenFolder(folder)}`), tally);
    } else run.fail(folder, error, tally);
    return false;
  }
}

/** A create Grafana refused because the uid is taken (409; a 412 where a proxy or an older release words it so). */
function isUidTakenRefusal(error: unknown): boolean {
  return error instanceof GrafanaHttpError && (error.status === 409 || error.status === 412);
}

/**
 * A folder create refused because a folder made in Grafana after the plan holds its uid (another title or parent, or both):
 * who made it and when, as what and where; null when it cannot be read now (the refusal is then reported as it is).
 */
async function createdSinceConflict(folder: FolderAction, grafana: GrafanaPort, titles: ReadonlyMap<string, string>, tally: WriteTally): Promise<ApplyConflict | null> {
  const found = await grafana.getFolderWithLastChange(folder.uid, tally).catch(() => null);
  if (found === null) return null;
  const { folder: current, lastChange } = found;
  const by = lastChange?.by || null;
  const parentUid = current.parentUid;
  const parentTitle = parentUid === null ? null : (titles.get(parentUid) ?? (await grafana.getFolder(parentUid).catch(() => null))?.title ?? null);
  return {
    uid: folder.uid,
    title: folder.title,
    action: label(folder),
    file: null,
    plannedVersion: null,
    currentVersion: current.version ?? current.revision ?? '',
    changedBy: by && ((await grafana.nameSavers([by]).catch(() => null))?.get(by) ?? by),
    changedAt: lastChange?.at || null,
    currentTitle: current.title,
    ...(parentUid !== folder.parentUid && { currentParent: { uid: parentUid, title: parentTitle } }),
    ...(current.version === undefined && { opaqueRevisions: true as const }),
  };
}

/**
 * What a --force write went over where it is not the folder as the plan saw it (renamed or moved since): its version (null
 * where the API counts none), who saved it, by the name people know, and when. undefined when it is as the plan saw it.
 */
async function describeFolderForcedOver(folder: FolderAction, replaced: { folder: LiveFolder; lastChange?: FolderChangeRecord }, grafana: GrafanaPort): Promise<ForcedOver | undefined> {
  if (folder.live === null || folderAsWanted(replaced.folder, folder.live)) return undefined;
  const by = replaced.lastChange?.by ?? '';
  const named = by === '' ? '' : ((await grafana.nameSavers([by]).catch(() => null))?.get(by) ?? by);
  return { version: replaced.folder.version ?? null, by: named, at: replaced.lastChange?.at ?? '' };
}

/**
 * A folder's conflict: the parent it has now, where it is not the one the plan saw (moved in Grafana since), by the plan's
 * title for it, else as Grafana names it now (one read; unnamed when that fails).
 */
async function movedSincePlan(folder: FolderAction, current: LiveFolder | null, titles: ReadonlyMap<string, string>, grafana: GrafanaPort): Promise<Pick<ApplyConflict, 'currentParent'>> {
  if (current === null || folder.live === null || current.parentUid === folder.live.parentUid) return {};
  const uid = current.parentUid;
  const title = uid === null ? null : (titles.get(uid) ?? (await grafana.getFolder(uid).catch(() => null))?.title ?? null);
  return { currentParent: { uid, title } };
}

/** What an update of `folder` changes, for its line: its title, its parent (named by the plan's title for it); undefined for a create. */
function folderChangeOf(folder: FolderAction, titles: ReadonlyMap<string, string>): FolderChange | undefined {
  if (folder.action !== 'update' || folder.live === null) return undefined;
  const moved = isFolderMove(folder);
  return {
    ...(folder.live.title !== folder.title && { titleBefore: folder.live.title }),
    ...(moved && { into: { uid: folder.parentUid, title: folder.parentUid === null ? null : (titles.get(folder.parentUid) ?? null) } }),
  };
}

/**
 * Deletes a managed folder that left the tree — only when Grafana reports it empty (counts:
 * no dashboards, subfolders, alert rules or library panels; and search finds nothing inside):
 * a folder delete cascades and cannot be undone. Never sends forceDeleteRules. `rerun`: the command a kept folder's line ends with.
 */
export async function applyFolderDelete(folder: FolderAction, grafana: GrafanaPort, run: ApplyRun, tally: WriteTally, rerun: string): Promise<boolean> {
  try {
    const contents = await grafana.folderContents(folder.uid);
    if (!contents) {
      run.skipped(folder, 'already gone from Grafana; nothing to delete');
      return true;
    }
    const inside = Object.entries(contents.counts).filter(([, n]) => n > 0);
    if (inside.length > 0 || contents.found) {
      const what = inside.length > 0 ? describeFolderCounts(inside) : `search finds ${contents.found!.kind} ${contents.found!.uid} inside`;
      const panels = (contents.counts.librarypanels ?? 0) > 0 ? await readLibraryPanelsIn(grafana, folder.uid) : [];
      run.skipped(folder, describeKeptFolder(folder.title, `not empty (${what})`, panels, rerun));
      return false;
    }
    // false = already gone, e.g. a retried delete whose first attempt landed: the folder is deleted either way.
    await grafana.deleteFolder(folder.uid, tally);
    run.done(folder);
    return true;
  } catch (error) {
    // Something arrived inside between the counts and the DELETE: Grafana deleted nothing.
    if (isFolderNotEmptyRefusal(error)) {
      run.skipped(folder, describeKeptFolder(folder.title, `Grafana refused the delete (${error.grafanaMessage})`, await readLibraryPanelsIn(grafana, folder.uid), rerun));
      return false;
    }
    // A 5xx (answeredServerError) is read back too: Grafana may have deleted it before the error (walk-72 L5).
    const answered = answeredServerError(error);
    const gone = mayHaveLanded(error) || answered ? await readBack(error, async () => (await grafana.getFolder(folder.uid, tally)) === null) : false;
    if (gone === true) {
      run.done(folder);
      return true;
    }
    if (gone === null) run.unknown(folder, error);
    else if (answered) run.fail(folder, notDeletedWhenReadBack(error), tally);
    // Still there, yet a send that met no answer or a gateway's 504 may still be processed: not known, as for a dashboard (review-70a L1).
    else if (gone === false && mayHaveLanded(error) && !(error instanceof RequestInterruptedError)) run.unknown(folder, stillThereWhenReadBack(error).error);
    else run.fail(folder, error, tally);
    return false;
  }
}
