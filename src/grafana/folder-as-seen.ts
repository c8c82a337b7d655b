import { sameIncarnation } from './same-incarnation.js';

/** A folder as a plan saw it: all that a folder update replaces, and which folder it was. */
export interface FolderSeen {
  title: string;
  /** null = top level. */
  parentUid: string | null;
  /** Its internal id (`/api`'s `id`, `/apis`' `grafana.app/deprecatedInternalID` label); absent where not read (plans from before it was recorded). */
  internalId?: number;
}

/**
 * Whether a folder found at another revision than the plan's still has the title and parent the plan saw (`seen`): saved
 * again since with neither changed (a save that changed nothing, its description, another tool's labels or annotations).
 * An update replaces only those two and writes the rest back as it is now, so writing over such a save loses nothing the
 * plan did not show. A folder's revision cannot tell: `/apis` stamps a new resourceVersion on every write that differs in
 * any byte, and `/api`'s version counts every save. Pure.
 */
export function folderStillAsSeen(current: FolderSeen, seen: FolderSeen | undefined): boolean {
  return seen !== undefined && folderAsWanted(current, seen);
}

/** Whether a folder read is as wanted: that title, under that parent (null = the top level); a folder not there (null) is not. Pure. */
export function folderAsWanted(live: Pick<FolderSeen, 'title' | 'parentUid'> | null, wanted: Pick<FolderSeen, 'title' | 'parentUid'>): boolean {
  return live !== null && live.title === wanted.title && live.parentUid === wanted.parentUid;
}

/**
 * What a folder update makes of the folder read right before its write: `as-planned` (the revision the plan read with the
 * title and parent the plan saw, one only saved again since: folderStillAsSeen, or any with --force), `changed` (renamed
 * or moved since), `saved-again`: at the planned revision, yet renamed or moved from what the plan saw — another save under
 * that number (Grafana's database restored from a backup gives `/api`'s versions out again, and a save since reaches the
 * planned one), or `recreated`: another folder under the uid (another internal id), deleted and created again since the
 * plan. Same title and parent or not, that one is not the folder the plan was made against (its permissions, its history
 * are its own), and on `/api` its version starts again at 1, so even the planned revision does not tell it apart. Pure.
 */
export function judgeFolderFound(
  current: FolderSeen & { revision: string | null },
  change: { expect: string; seen?: FolderSeen },
): 'as-planned' | 'changed' | 'saved-again' | 'recreated' {
  if (change.expect === 'any') return 'as-planned';
  if (!sameIncarnation(change.seen?.internalId, current.internalId)) return 'recreated';
  if (change.seen === undefined) return current.revision === change.expect ? 'as-planned' : 'changed';
  if (folderStillAsSeen(current, change.seen)) return 'as-planned';
  return current.revision === change.expect ? 'saved-again' : 'changed';
}
