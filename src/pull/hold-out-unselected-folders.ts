import { FOLDER_FILE } from '../files/discover-tree.js';
import { joinTreePath } from '../files/tree-paths.js';
import { describeSelection } from '../files/describe-selection.js';
import type { Selection } from './find-unselected-files.js';
import type { FolderFiles, FolderTarget, SkippedTarget } from './types.js';

export interface FolderHoldOutInput {
  folders: FolderTarget[];
  /** Root-relative files of this run once the pull is done: the selected files the tree holds, and those the pull writes. */
  runFiles: Iterable<string>;
  /** The `_folder.json` files on disk (what each says; null = invalid). */
  folderFiles: FolderFiles;
  selection: Selection | undefined;
}

/**
 * Pure: the folders whose `_folder.json` this run may write. With include/exclude in effect a
 * folder is this run's when a file of its selection lies in its directory or below — the folders
 * plan and apply make with that selection (buildFolders); another directory's `_folder.json` is
 * another run's, which may hold a title it has not applied yet. Those are not written; the ones
 * whose file does not say Grafana's uid and title (or does not parse) come back as skipped.
 */
export function holdOutUnselectedFolders(input: FolderHoldOutInput): { folders: FolderTarget[]; skipped: SkippedTarget[] } {
  const lists = input.selection ? describeSelection({ include: input.selection.include, exclude: input.selection.exclude, selectionFrom: input.selection.from }) : null;
  if (lists === null) return { folders: input.folders, skipped: [] };
  const runDirs = new Set<string>();
  for (const file of input.runFiles) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) runDirs.add(file.slice(0, slash));
  }
  const folders: FolderTarget[] = [];
  const skipped: SkippedTarget[] = [];
  for (const folder of input.folders) {
    if (runDirs.has(folder.dir)) {
      folders.push(folder);
      continue;
    }
    const wanted = folder.folderFile;
    const onDisk = input.folderFiles.get(folder.dir);
    if (wanted === null || (onDisk && onDisk.uid === wanted.uid && onDisk.title === wanted.title)) continue;
    skipped.push({
      uid: folder.uid,
      title: folder.title,
      file: joinTreePath(folder.dir, FOLDER_FILE),
      why: `this run's selection (${lists}) holds no dashboard or library panel file beside or below it`,
      resource: 'folder',
    });
  }
  return { folders, skipped };
}
