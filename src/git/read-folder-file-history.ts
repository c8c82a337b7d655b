import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import { isShallowClone } from './is-shallow-clone.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { parseNameOnlyLog } from './parse-name-only-log.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;
/** The newest commits of the tree's `_folder.json` files read: past that, a title or place not found is not known to be Grafana's. */
export const FOLDER_HISTORY_LIMIT = 1000;

/** What git holds of one folder's `_folder.json`: the titles its commits gave the folder, and the directories it was committed in. */
interface FolderFileHistory {
  titles: Set<string>;
  /** Relative to the tree's root (`ops`, `teams/search`). */
  dirs: Set<string>;
}

/**
 * What git holds of the folders' `_folder.json` files, and where that history stops short of the whole: `shallow` (a
 * shallow clone: a commit it lacks may have given a title), `limit` (more than FOLDER_HISTORY_LIMIT commits of them), or null.
 */
export interface FolderFileHistories {
  histories: Map<string, FolderFileHistory>;
  cut: 'shallow' | 'limit' | null;
  /** Each directory (relative to the tree's root) by the folder uids its `_folder.json` named in any commit read: where a directory no longer in the tree stood. */
  dirUids?: Map<string, Set<string>>;
}

/**
 * The committed history of each folder's `_folder.json` (`dir` relative to `root`), by uid: the titles of the commits that
 * named this uid and the directories it was committed in, found by the uid each commit's file names (review-65b M2: a directory
 * moved and retitled in one commit is no rename to git's --follow), over every commit of the tree's `_folder.json` files up
 * to FOLDER_HISTORY_LIMIT, merges included (`-c`: a title a conflict's resolution gave, unlike either side, review-66a L1). Absent where git holds none (no git, never committed, or no commit of it names the uid). One
 * `git log` and one cat-file for them all; never throws.
 */
export async function readFolderFileHistory(root: string, folders: readonly { uid: string; dir: string }[]): Promise<FolderFileHistories> {
  if (folders.length === 0) return { histories: new Map(), cut: null };
  const [log, prefix, shallow] = await Promise.all([
    runGit(root, ['-c', 'core.quotepath=off', 'log', '-c', `-n${FOLDER_HISTORY_LIMIT}`, '--name-only', '-z', '--format=%x01%H', 'HEAD', '--', `:(glob)**/${FOLDER_FILE}`], GIT_TIMEOUT_MS),
    runGit(root, ['rev-parse', '--show-prefix'], GIT_TIMEOUT_MS),
    isShallowClone(root),
  ]);
  if (!log.ok || !prefix.ok) return { histories: new Map(), cut: null };
  const top = prefix.stdout.trim();
  const commits = parseNameOnlyLog(log.stdout);
  // Each file a commit left in a directory below the root, relative to it (git names them from the repository's top; one in
  // the root itself names no folder).
  const files = commits.flatMap(({ commit, paths }) =>
    paths.filter((path) => path.startsWith(top) && posix.basename(path) === FOLDER_FILE && path.length > top.length + FOLDER_FILE.length).map((path) => ({ spec: `${commit}:${path}`, path: path.slice(top.length) })),
  );
  const blobs = files.length === 0 ? [] : ((await readCatFileBatch(root, files.map((file) => file.spec))) ?? []);
  const wanted = new Map(folders.map((folder) => [folder.uid, folder.dir]));
  const histories = new Map<string, FolderFileHistory>();
  const dirUids = new Map<string, Set<string>>();
  files.forEach(({ path }, at) => {
    const blob = blobs[at];
    const held = blob ? parseFolderFile(blob.text, path).folder : null;
    const dir = posix.dirname(path);
    const named = held && folderOfDirectory(dir, held);
    if (named) dirUids.set(dir, (dirUids.get(dir) ?? new Set<string>()).add(named.uid));
    if (!named || !wanted.has(named.uid)) return;
    const history = histories.get(named.uid) ?? { titles: new Set<string>(), dirs: new Set<string>() };
    history.titles.add(named.title);
    history.dirs.add(dir);
    histories.set(named.uid, history);
  });
  for (const [uid, history] of histories) {
    // A folder whose uid its path derives had the directory's name before a `_folder.json` titled it (or where none is committed).
    const derived = folderOfDirectory(wanted.get(uid)!, null);
    if (derived.uid === uid) history.titles.add(derived.title);
  }
  return { histories, cut: shallow ? 'shallow' : commits.length >= FOLDER_HISTORY_LIMIT ? 'limit' : null, dirUids };
}
