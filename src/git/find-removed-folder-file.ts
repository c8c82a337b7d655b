import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/** The newest commit that removed a `_folder.json` naming folder `uid`, and that file (relative to `root`). */
export interface RemovedFolderFile {
  commit: string;
  file: string;
}

/**
 * Where git's history under `root` shows a `_folder.json` holding `"uid"` removed: the newest such commit. Null without git,
 * a commit, or such a removal (a folder whose uid was derived from its directory never had one).
 */
export async function findRemovedFolderFile(root: string, uid: string): Promise<RemovedFolderFile | null> {
  const answer = await runGit(
    root,
    ['-c', 'core.quotepath=off', 'log', '-1', '--no-renames', '--relative', '--diff-filter=D', '--name-only', '-z', '--format=%x01%h', '--no-color', `-S${JSON.stringify(uid)}`, 'HEAD', '--', ':(glob)**/_folder.json'],
    GIT_TIMEOUT_MS,
  );
  if (!answer.ok) return null;
  const [commit, ...files] = answer.stdout.replace(/^\x01/, '').split(/[\n\0]/).filter((part) => part !== '');
  return commit === undefined || files[0] === undefined ? null : { commit, file: files[0] };
}
