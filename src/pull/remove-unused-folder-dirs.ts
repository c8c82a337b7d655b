import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { resolveInsideRoot } from './safe-path.js';
import type { FolderTarget, PullFileEvent, PullResult } from './types.js';

/** A folder directory the tree did not have before this pull (writeFolderTargets), root-relative. */
export interface NewFolderDir {
  uid: string;
  dir: string;
}

/** The outcomes that put a file into a directory. */
const LANDS = new Set<PullFileEvent['outcome']>(['created', 'updated', 'moved']);

/**
 * Takes back the directories this pull made for folders that got no file in the end (each dashboard or library panel meant
 * for them refused, kept, failed or not started), with the `_folder.json` it wrote there, and drops that file's line from
 * the report (a dry run's too): a refused pull leaves the tree as it found it. Deepest first; a directory that holds
 * anything else now is left as it is.
 */
export async function removeUnusedFolderDirs(result: PullResult, newDirs: readonly NewFolderDir[], options: { realRoot: string; dryRun: boolean; display: (rel: string) => string }): Promise<void> {
  const landed = landedIn(result, options.display);
  const unused = newDirs.filter(({ dir }) => !landed(dir));
  const removed = new Set<string>();
  for (const { uid, dir } of [...unused].reverse()) {
    if (options.dryRun || (await removeEmptyDir(resolveInsideRoot(options.realRoot, dir)))) removed.add(uid);
  }
  if (removed.size > 0) result.events = result.events.filter((event) => !(event.outcome === 'folder-file' && removed.has(event.uid)));
}

/** Pure: the notes of the folders that got a new directory though their files sit elsewhere (mapFolderDirs), where a file went there (a dry run's too): a pull that kept or refused every file meant for it says nothing of it. */
export function sayNewDirNotes(result: PullResult, folders: readonly FolderTarget[], display: (rel: string) => string): void {
  const landed = landedIn(result, display);
  for (const folder of folders) if (folder.newDirNote !== undefined && landed(folder.dir)) result.notes.push(folder.newDirNote);
}

/** Whether a file of the pull went into a root-relative directory (or below). */
function landedIn(result: PullResult, display: (rel: string) => string): (dir: string) => boolean {
  const landed = result.events.filter((event) => LANDS.has(event.outcome)).map((event) => event.file);
  return (dir) => {
    const inside = `${display(dir)}/`;
    return landed.some((file) => file.startsWith(inside));
  };
}

/** Removes a directory holding nothing or only a `_folder.json` (that file first); false when it holds more, or cannot be removed. */
async function removeEmptyDir(absDir: string): Promise<boolean> {
  try {
    const entries = await readdir(absDir);
    if (entries.some((entry) => entry !== FOLDER_FILE)) return false;
    if (entries.length > 0) await unlink(join(absDir, FOLDER_FILE));
    await rmdir(absDir);
    return true;
  } catch {
    return false;
  }
}
