import { pathExists } from '../files/path-exists.js';
import { posix, resolve } from 'node:path';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { selectTreePaths } from '../files/select-tree-paths.js';
import { splitDashboardDocument } from '../files/split-dashboard-document.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { readHistoryDeletions, type HistoryDeletions, type HistoryDeletionsReader } from './read-history-deletions.js';
import { runGit } from './run-git.js';
import { parseCommittedJson } from './parse-committed-json.js';

/**
 * How a dashboard's file left the working tree: a commit deleted it (`commit`, full sha); `git rm` not committed (`staged`:
 * HEAD holds it, the index does not); or a plain delete (`unstaged`: the index still holds it, `fromIndex` when the index's
 * text is not HEAD's: staged edits, or a file never committed).
 */
export type FileRemoval = { kind: 'commit'; commit: string; subject?: string } | { kind: 'staged' } | { kind: 'unstaged'; fromIndex: boolean };

/** The file that last held a dashboard's (or library panel's) uid before it was removed. */
export interface RemovedDashboardFile {
  /** Relative to the tree. */
  path: string;
  removal: FileRemoval;
  /** Something is at that path now (another file, or a directory): bringing the old one back would take its place. */
  taken: boolean;
  /** The text the file held when it was removed. */
  text: string;
}

const GIT_TIMEOUT_MS = 60_000;
/** Texts read per cat-file, newest first: a uid found early spares reading the rest of history. */
const CHUNK = 200;

interface Candidate {
  path: string;
  removal: FileRemoval;
  /** The text's object name for cat-file. */
  spec: string;
}

/**
 * For each of the uids, the dashboard file (or, among the `_library/` files, the library panel file) of the tree that last
 * held it before it was removed: newest first, the removals not committed yet (the working tree's and the index's), then
 * the deletions of HEAD's history; a path is judged by its newest removal only. A free path wins over one something else
 * takes now (`taken`). One `git log`, two short listings and a cat-file per 200 texts, stopped once every uid has a free
 * path. `historyDeletions`: a plan's shared walk, whose callers share the listings too (uncommittedBeside). `inDirectory`: only removed files of the directories (relative to `tree`, `.` its top) it takes are read. A uid no removed file held is absent; empty maps without git or a commit. Never throws.
 */
export async function findRemovedTreeFiles(
  tree: string,
  uids: { dashboards: readonly string[]; libraryPanels: readonly string[] },
  options: { inDirectory?: (dir: string) => boolean; historyDeletions?: HistoryDeletionsReader } = {},
): Promise<{ dashboards: Map<string, RemovedDashboardFile>; libraryPanels: Map<string, RemovedDashboardFile> }> {
  const found = { dashboards: new Map<string, RemovedDashboardFile>(), libraryPanels: new Map<string, RemovedDashboardFile>() };
  if (uids.dashboards.length === 0 && uids.libraryPanels.length === 0) return found;
  const walk = (options.historyDeletions ?? readHistoryDeletions)(tree);
  const [uncommitted, deleted] = await Promise.all([uncommittedBeside(walk, tree), walk]);
  if (uncommitted === null || !deleted.ok) return found;
  const { unstaged, staged, notHeads } = uncommitted;
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const add = (path: string, removal: FileRemoval, spec: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    candidates.push({ path, removal, spec });
  };
  for (const path of unstaged) add(path, { kind: 'unstaged', fromIndex: notHeads.has(path) }, `:./${path}`);
  for (const path of staged) add(path, { kind: 'staged' }, `HEAD:./${path}`);
  for (const { commit, subject, path, blob } of deleted.deletions) add(path, { kind: 'commit', commit, subject }, blob);
  const read = selectTreePaths(
    candidates.map((candidate) => candidate.path),
    [],
    [],
  );
  const wanted = { dashboards: new Set(uids.dashboards), libraryPanels: new Set(uids.libraryPanels) };
  const kindOf = (path: string): keyof typeof wanted | null => {
    if (!read.has(path) || posix.basename(path) === FOLDER_FILE) return null;
    return path.split('/').includes(LIBRARY_DIR) ? 'libraryPanels' : 'dashboards';
  };
  const files = candidates.filter((candidate) => {
    if (options.inDirectory !== undefined && !options.inDirectory(posix.dirname(candidate.path))) return false;
    const kind = kindOf(candidate.path);
    return kind !== null && wanted[kind].size > 0;
  });
  const left = () => wanted.dashboards.size + wanted.libraryPanels.size;
  for (let at = 0; at < files.length && left() > 0; at += CHUNK) {
    const chunk = files.slice(at, at + CHUNK);
    const blobs = await readCatFileBatch(tree, chunk.map((candidate) => candidate.spec));
    if (blobs === null) return found;
    for (const [index, { path, removal }] of chunk.entries()) {
      const kind = kindOf(path)!;
      const text = blobs[index]?.text;
      const uid = kind === 'dashboards' ? uidOfDashboardText(text) : uidOfLibraryPanelText(text);
      if (text === undefined || uid === undefined || !wanted[kind].has(uid)) continue;
      const taken = await pathExists(resolve(tree, path));
      if (!taken) wanted[kind].delete(uid);
      if (!taken || !found[kind].has(uid)) found[kind].set(uid, { path, removal, taken, text });
    }
  }
  return found;
}

/** The tree's removals not committed yet, relative to it (readUncommittedRemovals). */
interface UncommittedRemovals {
  /** Deleted from the working tree, the index still holding them. */
  unstaged: string[];
  /** `git rm` not committed: HEAD holds them, the index does not. */
  staged: string[];
  /** The paths whose index text is not HEAD's (staged edits, files never committed, staged deletes). */
  notHeads: Set<string>;
}

/**
 * The uncommitted removals read beside a walk: where the walk is a plan's shared one (shareHistoryDeletions gives every
 * reader of a tree the same promise), every findRemovedTreeFiles of that plan takes the same listing (two git processes
 * a plan, not three a caller). A walk of its own gets a listing of its own.
 */
const listedBeside = new WeakMap<Promise<HistoryDeletions>, Promise<UncommittedRemovals | null>>();

function uncommittedBeside(walk: Promise<HistoryDeletions>, tree: string): Promise<UncommittedRemovals | null> {
  let listing = listedBeside.get(walk);
  if (listing === undefined) {
    listing = readUncommittedRemovals(tree);
    listedBeside.set(walk, listing);
  }
  return listing;
}

/**
 * The tree's removals not committed yet: two git processes, each answer relative to `tree` (ls-files is by default, the
 * diff by --relative); --no-renames: a moved file's old path is a delete. null when git cannot tell (no git, no commit).
 */
async function readUncommittedRemovals(tree: string): Promise<UncommittedRemovals | null> {
  const [deleted, cached] = await Promise.all([
    runGit(tree, ['ls-files', '--deleted', '-z', '--', '.'], GIT_TIMEOUT_MS),
    runGit(tree, ['diff', '--cached', '--no-renames', '--relative', '--name-status', '-z', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
  ]);
  if (!deleted.ok || !cached.ok) return null;
  // `--name-status -z`: each change is its status letter and its path, each ending in a NUL.
  const fields = cached.stdout.split('\0');
  const staged: string[] = [];
  const notHeads = new Set<string>();
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const path = fields[at + 1]!;
    if (path === '') continue;
    notHeads.add(path);
    if (fields[at] === 'D') staged.push(path);
  }
  return { unstaged: deleted.stdout.split('\0').filter(Boolean), staged, notHeads };
}

/** The uid a dashboard file's text holds (either form), trimmed; undefined when it holds none or is no JSON. */
export function uidOfDashboardText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const document = parseCommittedJson(text);
  const uid = isPlainObject(document) ? splitDashboardDocument(document).uid : undefined;
  return typeof uid === 'string' ? uid.trim() : undefined;
}

/** The uid a `_library/` file's text holds, trimmed; undefined when it holds none or is no JSON. */
function uidOfLibraryPanelText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const document = parseCommittedJson(text);
  return isPlainObject(document) && typeof document.uid === 'string' ? document.uid.trim() : undefined;
}
