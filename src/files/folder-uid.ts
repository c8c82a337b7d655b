import { createHash } from 'node:crypto';
import { normalizeRelativePath, slugForUid } from './uid-slug.js';

const PREFIX = 'ds-';
const HASH_LENGTH = 8;
const MAX_UID_LENGTH = 40;
const MAX_SLUG_LENGTH = MAX_UID_LENGTH - PREFIX.length - 1 - HASH_LENGTH;

/**
 * The folder uid of a directory without `_folder.json`: `ds-<slug of last segment>-<hash>`.
 * The hash covers the whole relative path, so `a-b` and `a/b` (same slug) still differ,
 * and the result is the same on every machine (forward slashes, no leading `./`).
 */
export function deriveFolderUid(dir: string): string {
  const path = normalizeRelativePath(dir);
  const hash = createHash('sha256').update(path).digest('hex').slice(0, HASH_LENGTH);
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  const slug = slugForUid(lastSegment, MAX_SLUG_LENGTH);
  return slug ? `${PREFIX}${slug}-${hash}` : `${PREFIX}${hash}`;
}

/**
 * The folder a directory of the tree (relative to its root) stands for: its `_folder.json`'s uid and title (`named`; null
 * when it has none, or an invalid one), else the uid derived from its path and its last segment as the title.
 */
export function folderOfDirectory(dir: string, named: { uid: string; title: string } | null | undefined): { uid: string; title: string } {
  if (named) return { uid: named.uid, title: named.title };
  const path = normalizeRelativePath(dir);
  return { uid: deriveFolderUid(path), title: path.slice(path.lastIndexOf('/') + 1) };
}

/**
 * Whether `folder` is what directory `dir` (relative to the root) gives its folder without a `_folder.json`: the uid
 * deriveFolderUid makes of its path and its last segment as the title. Otherwise only a `_folder.json` names it so.
 */
export function isDirectoryFolder(dir: string, folder: { uid: string; title: string }): boolean {
  const path = normalizeRelativePath(dir);
  return folder.uid === deriveFolderUid(path) && folder.title === path.slice(path.lastIndexOf('/') + 1);
}

const DERIVED_SHAPE = /^ds-(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?[0-9a-f]{8}$/;

/** Whether a uid has the form deriveFolderUid gives (`ds-<slug>-<8 hex>`); which directory it came from cannot be told. */
export function isDerivedFolderUid(uid: string): boolean {
  return DERIVED_SHAPE.test(uid);
}
