import { resolve } from 'node:path';
import { parseFolderFile } from '../files/read-folder-file.js';
import { readCommittedVersions } from '../git/read-committed-versions.js';
import { distinctContents } from './distinct-contents.js';

/** How many commits of a `_folder.json` are compared, as for a dashboard's file (findUnappliedCommit). */
const COMMITS_COMPARED = 5;

/** A folder's rename committed and not applied yet: the commit that brought the file's title, and how many later commits changed it again. */
export interface UnappliedFolderTitle {
  commit: string;
  laterCommits: number;
}

/**
 * Whether a committed `_folder.json` whose title is not Grafana's holds a rename not applied yet: an earlier commit of it
 * gave the folder (same uid) Grafana's title, so the commits since changed it in git. Folders keep no version history in
 * Grafana, so git alone tells, as it does for a dashboard's commit Grafana still holds (findUnappliedCommit). Commits are
 * counted by the title they hold (a respelling, or a `parentOnly` change, is no rename). Null where no such commit is read,
 * or git cannot be asked.
 */
export async function findUnappliedFolderTitle(realRoot: string, file: string, live: { uid: string; title: string }): Promise<UnappliedFolderTitle | null> {
  const absPath = resolve(realRoot, file);
  const committed = await readCommittedVersions([absPath], { cwd: realRoot, depth: COMMITS_COMPARED, tree: realRoot });
  const folderOf = (text: string) => parseFolderFile(text, file).folder;
  const titleOf = (text: string) => {
    const folder = folderOf(text);
    return folder === null || folder.uid !== live.uid ? null : folder.title;
  };
  const titles = distinctContents(committed?.versions.get(absPath) ?? [], titleOf);
  const held = titles.findIndex((version, at) => at > 0 && titleOf(version.text) === live.title);
  if (held < 1) return null;
  return { commit: titles[held - 1]!.commit, laterCommits: held - 1 };
}
