import { access } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { FOLDER_FILE, LIBRARY_DIR } from '../files/discover-tree.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { selectTreePaths } from '../files/select-tree-paths.js';
import { splitDashboardDocument } from '../files/split-dashboard-document.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';

/** The file a commit deleted that last held a dashboard's uid, at a path the working tree does not use. */
export interface RemovedDashboardFile {
  /** Relative to the tree. */
  path: string;
  /** The commit that deleted it (full sha). */
  removedIn: string;
}

const GIT_TIMEOUT_MS = 60_000;
/** Texts read per cat-file, newest first: a uid found early spares reading the rest of history. */
const CHUNK = 200;

/**
 * For each of `uids`, the dashboard file of the tree a commit of HEAD's history deleted (newest deletion first) that held
 * it, where its path is free now. A path HEAD holds was not deleted (its text there is the working tree's business). One
 * `git log` and a cat-file per 200 texts, stopped once every uid is found. A uid no deleted file held, or whose path
 * another file now takes, is absent; an empty map without git or a commit. Never throws.
 */
export async function findRemovedDashboardFiles(tree: string, uids: readonly string[]): Promise<Map<string, RemovedDashboardFile>> {
  const found = new Map<string, RemovedDashboardFile>();
  if (uids.length === 0) return found;
  // Both answer relative to `tree`; --no-renames: a moved file's old path is a delete.
  const [head, deleted] = await Promise.all([
    runGit(tree, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
    runGit(tree, ['log', '--no-renames', '--relative', '--diff-filter=D', '--name-only', '-z', '--format=%x01%H', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
  ]);
  if (!head.ok || !deleted.ok) return found;
  const candidates: { path: string; removedIn: string; spec: string }[] = [];
  // A path HEAD holds, or one seen deleted by a newer commit, is no candidate.
  const seen = new Set(head.stdout.split('\0').filter(Boolean));
  for (const record of deleted.stdout.split('\x01').slice(1)) {
    const [commit = '', ...paths] = record.split(/\n|\0/).filter(Boolean);
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      candidates.push({ path, removedIn: commit, spec: `${commit}^:./${path}` });
    }
  }
  const read = selectTreePaths(candidates.map((candidate) => candidate.path), [], []);
  const free: typeof candidates = [];
  for (const candidate of candidates) {
    if (!read.has(candidate.path) || posix.basename(candidate.path) === FOLDER_FILE || candidate.path.split('/').includes(LIBRARY_DIR)) continue;
    if (!(await exists(resolve(tree, candidate.path)))) free.push(candidate);
  }
  const wanted = new Set(uids);
  for (let at = 0; at < free.length && wanted.size > 0; at += CHUNK) {
    const chunk = free.slice(at, at + CHUNK);
    const blobs = await readCatFileBatch(tree, chunk.map((candidate) => candidate.spec));
    if (blobs === null) return found;
    chunk.forEach(({ path, removedIn }, index) => {
      const uid = uidOf(blobs[index]?.text);
      if (uid === undefined || !wanted.has(uid)) return;
      wanted.delete(uid);
      found.set(uid, { path, removedIn });
    });
  }
  return found;
}

function uidOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const document: unknown = JSON.parse(text);
    const uid = isPlainObject(document) ? splitDashboardDocument(document).uid : undefined;
    return typeof uid === 'string' ? uid.trim() : undefined;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
