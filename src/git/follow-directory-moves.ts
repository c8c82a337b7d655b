import { posix } from 'node:path';
import type { PlaceLog } from './find-tree-moves.js';

/** A path below the tree that a commit removed (deleted, or renamed away from), and the path it has now if its directory moved since. */
export interface RemovedPath {
  commit: string;
  date: string;
  /** Relative to the tree, as the commit held it. */
  path: string;
  /** From the repository's top, as the commit's parent held it (for `<commit>^:<path>`). */
  fromTop: string;
  /** Where the directories moved since put it, relative to the tree: `path` when none moved. */
  now: string;
}

/**
 * Pure: every path below the tree the logs (readPlaceLogs, newest first) show removed, newest first, each with the path the
 * moves of its directory since give it. A commit renaming a directory's files `a/…` to `b/…` (same path below) moves the
 * directory when nothing is left below `a/` after it: what `a/` held before counts as `b/`'s. Renames that leave files behind
 * move nothing but themselves. `atHead`: the paths HEAD holds below the tree.
 */
export function followDirectoryMoves(logs: readonly PlaceLog[], atHead: readonly string[]): RemovedPath[] {
  const alive = new Set(atHead);
  // Newest move first; a path of a commit older than all of them goes through them oldest first.
  const moves: { from: string; to: string }[][] = [];
  const now = (path: string) => {
    let moved = path;
    for (let index = moves.length - 1; index >= 0; index--) {
      const move = moves[index]!.find(({ from }) => moved.startsWith(`${from}/`));
      if (move) moved = `${move.to}${moved.slice(move.from.length)}`;
    }
    return moved;
  };
  const removed: RemovedPath[] = [];
  for (const { place, commits, movedIn } of logs) {
    const below = (path: string | undefined) => (path !== undefined && path.startsWith(place) ? path.slice(place.length) : null);
    for (const { commit, date, changes } of commits) {
      const inCommit: { from: string; to: string }[] = [];
      for (const change of changes) {
        const path = below(change.path);
        const from = below(change.status === 'R' ? change.from : change.status === 'D' ? change.path : undefined);
        if (from !== null) removed.push({ commit, date, path: from, fromTop: change.status === 'R' ? change.from! : change.path, now: now(from) });
        if (change.status === 'R' && from !== null && path !== null) inCommit.push(...directoryPairs(from, path));
      }
      const directoryMoves = inCommit
        .filter(({ from, to }, index) => inCommit.findIndex((pair) => pair.from === from) === index && inCommit.every((pair) => pair.from !== from || pair.to === to))
        .filter(({ from }) => ![...alive].some((path) => path.startsWith(`${from}/`)))
        .sort((one, other) => one.from.length - other.from.length);
      if (commit === movedIn) break;
      for (const change of changes) {
        const path = below(change.path);
        if (path !== null && change.status !== 'D') alive.delete(path);
        const from = below(change.status === 'R' ? change.from : change.status === 'D' ? change.path : undefined);
        if (from !== null) alive.add(from);
      }
      if (directoryMoves.length > 0) moves.push(directoryMoves);
    }
  }
  return removed;
}

/** Pure: the directory pairs a rename `from` → `to` (same file name) may be part of moving: `a/s` → `b/s` for each `s` they share below. */
function directoryPairs(from: string, to: string): { from: string; to: string }[] {
  const pairs: { from: string; to: string }[] = [];
  if (posix.basename(from) !== posix.basename(to)) return pairs;
  for (let [one, other] = [posix.dirname(from), posix.dirname(to)]; one !== '.' && other !== '.' && one !== other; [one, other] = [posix.dirname(one), posix.dirname(other)]) {
    pairs.push({ from: one, to: other });
    if (posix.basename(one) !== posix.basename(other)) break;
  }
  return pairs;
}
