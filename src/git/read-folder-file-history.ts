import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { parseNameOnlyLog } from './parse-name-only-log.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;
/** As many commits of a `_folder.json` as a dashboard's drift check reads of its file. */
const DEPTH = 5;

/** What git holds of one folder's `_folder.json`: the titles its last commits gave the folder, and the paths it had (renames followed). */
export interface FolderFileHistory {
  titles: Set<string>;
  /** Repository-relative, as git names them. */
  paths: Set<string>;
  /**
   * The directories it was committed in, relative to the tree's root (`ops`, `teams/search`); null where one of them cannot be
   * placed there (its newest path is not the folder's directory now: moved since, uncommitted).
   */
  dirs: Set<string> | null;
}

/**
 * The committed history of each folder's `_folder.json` (`dir` relative to `root`), by uid: the titles of its last commits
 * that named this uid, and the paths it was committed at. Absent where git holds none (no git, never committed, or no commit
 * of it names the uid). One `git log` per folder, one cat-file for them all; never throws.
 */
export async function readFolderFileHistory(root: string, folders: readonly { uid: string; dir: string }[]): Promise<Map<string, FolderFileHistory>> {
  const logs = await Promise.all(
    folders.map(async (folder) => {
      const file = posix.join(folder.dir, FOLDER_FILE);
      const log = await runGit(root, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--follow', `-n${DEPTH}`, '--name-only', '-z', '--format=%x01%H', 'HEAD', '--', file], GIT_TIMEOUT_MS);
      return { folder, commits: log.ok ? parseNameOnlyLog(log.stdout).filter(({ paths }) => paths.length > 0) : [] };
    }),
  );
  const specs = logs.flatMap(({ commits }) => commits.map(({ commit, paths }) => `${commit}:${paths[0]}`));
  const blobs = specs.length === 0 ? [] : ((await readCatFileBatch(root, specs)) ?? []);
  const histories = new Map<string, FolderFileHistory>();
  let at = 0;
  for (const { folder, commits } of logs) {
    const history: FolderFileHistory = { titles: new Set(), paths: new Set(), dirs: new Set() };
    // git names paths from the repository's top: the newest one, the folder's directory now, tells the tree root's place in it.
    const suffix = `/${posix.join(folder.dir, FOLDER_FILE)}`;
    const newest = commits[0]?.paths[0];
    const prefix = newest !== undefined && `/${newest}`.endsWith(suffix) ? `/${newest}`.slice(0, -suffix.length) : null;
    for (const { paths } of commits) {
      const blob = blobs[at++];
      const held = blob ? parseFolderFile(blob.text, paths[0]!).folder : null;
      const named = held && folderOfDirectory(folder.dir, held);
      if (!named || named.uid !== folder.uid) continue;
      history.titles.add(named.title);
      history.paths.add(paths[0]!);
      const path = `/${paths[0]!}`;
      const placed = prefix !== null && path.startsWith(`${prefix}/`) && path.endsWith(`/${FOLDER_FILE}`) ? path.slice(prefix.length + 1, -(FOLDER_FILE.length + 1)) : null;
      if (placed === null || placed === '') history.dirs = null;
      else history.dirs?.add(placed);
    }
    // A folder whose uid its path derives had the directory's name before a `_folder.json` titled it (or where none is committed).
    const derived = folderOfDirectory(folder.dir, null);
    if (history.titles.size > 0 && derived.uid === folder.uid) history.titles.add(derived.title);
    if (history.titles.size > 0) histories.set(folder.uid, history);
  }
  return histories;
}
