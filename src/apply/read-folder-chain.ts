import { PermissionError } from '../errors.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';

/** A folder as a backup names it. */
export interface FolderRef {
  uid: string;
  title: string;
}

/**
 * The folders above a dashboard's folder, top level first, or why they are not known: `unread`
 * is the folder on the way that could not be read (the dashboard's own or one above it) and `why`
 * says what Grafana answered.
 */
export type FolderChain = { parents: FolderRef[] } | { parents: null; unread: string; why: string };

/** Whether a backup's `folderParents` is a chain restore can use (uids and titles). */
export function isFolderChain(value: unknown): value is FolderRef[] {
  return Array.isArray(value) && value.every((ref) => typeof ref?.uid === 'string' && ref.uid !== '' && typeof ref.title === 'string');
}

/** Grafana nests folders at most 4 deep (5 with older releases' 8: a bound, not a rule). */
const MAX_ANCESTORS = 8;

/**
 * The folders above `folderUid`, top level first (empty for a top-level folder or General), so
 * that a backup can say where to create the folder again. Best effort: a folder on the way that
 * cannot be read gives no chain, and says which and why (a delete never fails for it; apply
 * warns, and restore says so). `cache` shares reads between the deletes of one run.
 */
export async function readFolderChain(
  grafana: Pick<GrafanaPort, 'getFolder'>,
  folderUid: string | null,
  cache: Map<string, Promise<LiveFolder | null>> = new Map(),
): Promise<FolderChain> {
  const parents: FolderRef[] = [];
  const seen = new Set<string>();
  let next = folderUid;
  while (next !== null) {
    if (seen.has(next) || seen.size > MAX_ANCESTORS) return { parents: null, unread: next, why: 'the folders above it loop or nest deeper than Grafana allows' };
    seen.add(next);
    if (!cache.has(next)) cache.set(next, grafana.getFolder(next));
    let folder: LiveFolder | null;
    try {
      folder = await cache.get(next)!;
    } catch (error) {
      return { parents: null, unread: next, why: describeReadFailure(error) };
    }
    if (folder === null) return { parents: null, unread: next, why: 'it is gone (deleted while the backup was written)' };
    if (next !== folderUid) parents.unshift({ uid: folder.uid, title: folder.title });
    next = folder.parentUid;
  }
  return { parents };
}

function describeReadFailure(error: unknown): string {
  if (error instanceof PermissionError) return `these credentials cannot read it (${error.method} ${error.path}: HTTP 403)`;
  return `reading it failed (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * The warning a delete prints when its backup records no folder chain: which folder, why, and
 * what that means for a later restore (the backup itself is written; nothing is lost).
 */
export function describeMissingChain(uid: string, folderUid: string, chain: { unread: string; why: string }): string {
  const which = chain.unread === folderUid ? `its folder ${folderUid}` : `folder ${chain.unread} above its folder ${folderUid}`;
  return (
    `the backup of ${uid} records no folders above its folder: ${which} could not be read, ${chain.why}; ` +
    `if folder ${folderUid} is gone when ${uid} is restored from this backup, it goes to the General level instead of being created again where it was ` +
    `(the backup is written; grant these credentials View on ${chain.unread} to record the chain)`
  );
}
