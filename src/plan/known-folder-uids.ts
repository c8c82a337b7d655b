import { posix } from 'node:path';
import { deriveFolderUid, folderOfDirectory } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import type { FormerFolderFile, Removal, TreeHistory } from '../git/read-tree-history.js';

/** Why git history ties a folder uid to this tree: the path it held, and the commit that removed it (null: HEAD still holds it). */
export interface FolderEvidence {
  /** A directory, or a `<dir>/_folder.json`, relative to the tree. */
  path: string;
  removed: Removal | null;
  /**
   * The folder git gave the directory above that path (its `_folder.json`'s uid as last committed, or the one derived from it);
   * null: the tree's top. A live folder under that parent is where this tree put it (decideManagedFolders), whatever the parent's title.
   */
  parent: string | null;
}

/**
 * Pure: the folder uids this tree's git history shows it held (readTreeHistory): the uid derived
 * from each directory that held a dashboard or library panel file directly (unless its `_folder.json` named another), and the uid the
 * `_folder.json` of such a directory named. A derived uid depends only on the path, so every tree in an org derives the same one
 * for `apps/`: only this evidence tells this tree's `apps` folder from another tree's (docs/apply.md "Which folders are managed").
 * A directory that only ever held subdirectories (and its `_folder.json`) ties nothing: a pull of a nested folder writes its parents so.
 */
export function knownFolderUids(history: TreeHistory): Set<string> {
  return new Set(folderEvidence(history).keys());
}

/** Pure: knownFolderUids with, for each uid, the path that shows it (a `_folder.json` naming it before a directory deriving it). */
export function folderEvidence(history: TreeHistory): Map<string, FolderEvidence> {
  const evidence = new Map<string, FolderEvidence>();
  const removed = (path: string) => history.removals?.get(path) ?? null;
  const holders = history.holders ?? history.dirs;
  const named = new Map(history.folderFiles.map((file) => [posix.dirname(file.path), folderFileUid(file)]));
  const parentOf = (dir: string) => (posix.dirname(dir) === '.' ? null : (named.get(posix.dirname(dir)) ?? deriveFolderUid(posix.dirname(dir))));
  const folderFiles = history.folderFiles.filter((file) => holders.has(posix.dirname(file.path)));
  for (const file of folderFiles) if (!evidence.has(folderFileUid(file))) evidence.set(folderFileUid(file), { path: file.path, removed: removed(file.path), parent: parentOf(posix.dirname(file.path)) });
  // A directory whose `_folder.json` names a uid of its own never stood for the uid its path derives (or git cannot tell when): no evidence for that one.
  const namedOtherwise = new Set(history.folderFiles.filter((file) => folderFileUid(file) !== deriveFolderUid(posix.dirname(file.path))).map((file) => posix.dirname(file.path)));
  for (const dir of holders) if (!namedOtherwise.has(dir) && !evidence.has(deriveFolderUid(dir))) evidence.set(deriveFolderUid(dir), { path: dir, removed: removed(dir), parent: parentOf(dir) });
  return evidence;
}

/** Pure: for each folder uid `evidence` holds, the folder git showed its directory under (FolderEvidence.parent). */
export function formerParentsOf(evidence: ReadonlyMap<string, FolderEvidence>): Map<string, string | null> {
  return new Map([...evidence].map(([uid, seen]) => [uid, seen.parent]));
}

/**
 * Pure: `evidence` without what git history alone says of a folder another tool manages (foldersOtherToolsKeep: Terraform,
 * Git Sync, …, or one below such a folder): a directory or `_folder.json` committed for it and removed since (a pull that wrote
 * one before pull left those folders out, then `git rm`) never made it this tree's, and prune would otherwise name it so on
 * every plan (walk-62 L6). What HEAD still holds is a directory of the tree, judged as one.
 */
export function withoutOtherToolsFolders(evidence: ReadonlyMap<string, FolderEvidence>, keptByTools: ReadonlySet<string>): Map<string, FolderEvidence> {
  return new Map([...evidence].filter(([uid, seen]) => seen.removed === null || !keptByTools.has(uid)));
}

/**
 * Pure: the folder uids of the directories git held that never held a dashboard or library panel directly (only
 * subdirectories and a `_folder.json`), and that no other evidence names: no evidence for the dashboards in them, but
 * such a folder whose directory left the tree may go with it once it is empty (decideManagedFolders' `shells`).
 */
export function shellFolderUids(history: TreeHistory): Set<string> {
  const holders = history.holders ?? history.dirs;
  const named = new Map(history.folderFiles.map((file) => [posix.dirname(file.path), folderFileUid(file)]));
  const known = knownFolderUids(history);
  return new Set([...history.dirs].filter((dir) => !holders.has(dir)).map((dir) => named.get(dir) ?? deriveFolderUid(dir)).filter((uid) => !known.has(uid)));
}

/** The uid a `_folder.json` git held gives its folder: its own, or the one derived from its directory. */
function folderFileUid({ path, text }: FormerFolderFile): string {
  return folderOfDirectory(posix.dirname(path), parseFolderFile(text, path).folder).uid;
}
