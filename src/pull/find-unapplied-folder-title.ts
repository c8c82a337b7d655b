import { resolve } from 'node:path';
import { parseFolderFile } from '../files/read-folder-file.js';
import { readCommittedVersions, type CommittedVersion } from '../git/read-committed-versions.js';
import { distinctContents } from './distinct-contents.js';

/** How many commits of a `_folder.json` are compared, as for a dashboard's file (findUnappliedCommit). */
const COMMITS_COMPARED = 5;

/** A folder's rename committed and not applied yet: the commit that brought the file's title, and how many later commits changed it again. */
interface UnappliedFolderTitle {
  commit: string;
  laterCommits: number;
}

/**
 * Whether a committed `_folder.json` (root-relative) whose title is not Grafana's holds a rename not applied yet: an
 * earlier commit of it gave the folder (same uid) Grafana's title, so the commits since changed it in git. Folders keep no
 * version history in Grafana, so git alone tells, as it does for a dashboard's commit Grafana still holds
 * (findUnappliedCommit). Null where no such commit is read, or git cannot be asked.
 */
export type UnappliedFolderTitleFinder = (file: string, live: { uid: string; title: string }) => Promise<UnappliedFolderTitle | null>;

/**
 * Reads the last commits of every `_folder.json` in `files` (root-relative: those whose title the tree held another than
 * Grafana's when it was read) at the first call only, in one readCommittedVersions (five git processes however many
 * folders), and answers each file from it; a file asked about outside them (written since) is read alone. A pull that
 * renames no folder reads no history at all.
 */
export function createUnappliedFolderTitleFinder(realRoot: string, files: readonly string[]): UnappliedFolderTitleFinder {
  const batch = new Set(files.map((file) => resolve(realRoot, file)));
  let read: ReturnType<typeof readCommittedVersions> | undefined;
  const readHistories = (absPaths: string[]) => readCommittedVersions(absPaths, { cwd: realRoot, depth: COMMITS_COMPARED, tree: realRoot });
  return async (file, live) => {
    const absPath = resolve(realRoot, file);
    const committed = batch.has(absPath) ? await (read ??= readHistories([...batch])) : await readHistories([absPath]);
    return unappliedTitleIn(committed?.versions.get(absPath) ?? [], file, live);
  };
}

/** The rename the file's versions (newest first) hold, not applied yet; commits are counted by the title they hold (a respelling, or a `parentOnly` change, is no rename). Pure. */
function unappliedTitleIn(versions: readonly CommittedVersion[], file: string, live: { uid: string; title: string }): UnappliedFolderTitle | null {
  const titleOf = (text: string) => {
    const folder = parseFolderFile(text, file).folder;
    return folder === null || folder.uid !== live.uid ? null : folder.title;
  };
  const titles = distinctContents(versions, titleOf);
  const held = titles.findIndex((version, at) => at > 0 && titleOf(version.text) === live.title);
  if (held < 1) return null;
  return { commit: titles[held - 1]!.commit, laterCommits: held - 1 };
}
