import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { resolveInsideRoot } from './safe-path.js';
import type { PullFileEvent, PullResult } from './types.js';

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
  const landed = result.events.filter((event) => LANDS.has(event.outcome)).map((event) => event.file);
  const unused = newDirs.filter(({ dir }) => {
    const inside = `${options.display(dir)}/`;
    return !landed.some((file) => file.startsWith(inside));
  });
  const removed = new Set<string>();
  for (const { uid, dir } of [...unused].reverse()) {
    if (options.dryRun || (await removeEmptyDir(resolveInsideRoot(options.realRoot, dir)))) removed.add(uid);
  }
  if (removed.size > 0) result.events = result.events.filter((event) => !(event.outcome === 'folder-file' && removed.has(event.uid)));
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
