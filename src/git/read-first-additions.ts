import { parsePlaceLog, type PlaceCommit } from './find-tree-moves.js';
import { RENAME_LIMIT } from './rename-limit.js';
import { runGit } from './run-git.js';

/** The commit of HEAD's history that first added a file, by its place in that history (oldest last in git's log). */
export interface FirstAddition {
  commit: string;
  /** Its place among the commits that added or renamed a file, oldest 0: a smaller number is an earlier commit. */
  order: number;
}

/**
 * Which commit of HEAD's history first added each of `paths` (relative to `root`, `/`-separated), following renames back
 * (a `git mv`'s new path was added when its old path was), a rename staged for the next commit included (the pre-commit
 * hook's case): a path git never held is absent. One `git log -M --diff-filter=AR` over the root's files (a pathspec of the
 * paths alone would show a renamed path as added where it was renamed: git looks for a rename's source among the paths
 * given) and one `git diff --cached -M --diff-filter=R`, side by side. An empty map where the repository has no commit yet;
 * null where git cannot be asked (not installed, not a repository, another failure). Never throws.
 */
export async function readFirstAdditions(root: string, paths: readonly string[]): Promise<Map<string, FirstAddition> | null> {
  const renameArgs = ['-M', `-l${RENAME_LIMIT}`, '--name-status', '--relative', '-z', '--no-color'];
  const [answer, staged] = await Promise.all([
    runGit(root, ['-c', 'core.quotepath=off', 'log', ...renameArgs, '--diff-filter=AR', '--format=%x01%H %cs', 'HEAD', '--', '.'], 60_000),
    runGit(root, ['-c', 'core.quotepath=off', 'diff', '--cached', ...renameArgs, '--diff-filter=R', 'HEAD', '--', '.'], 60_000),
  ]);
  if (!answer.ok) return /does not have any commits|bad revision 'HEAD'|unknown revision/.test(answer.error) ? new Map() : null;
  const stagedFrom = staged.ok ? stagedRenameSources(staged.stdout) : new Map<string, string>();
  return firstAdditionsOf(parsePlaceLog(answer.stdout), paths.map((path) => [path, stagedFrom.get(path) ?? path]));
}

/** Pure: a `diff --name-status -z` of renames as each new path's old one. */
function stagedRenameSources(stdout: string): Map<string, string> {
  const fields = stdout.split('\0');
  const sources = new Map<string, string>();
  for (let index = 0; index + 2 < fields.length; index += 3) {
    if (fields[index]!.startsWith('R')) sources.set(fields[index + 2]!, fields[index + 1]!);
  }
  return sources;
}

/**
 * Pure: each path's first addition in a log of additions and renames, newest commit first (`paths`: each path with its name
 * at HEAD): walking back, a rename into the path's name so far gives it the old name, and the oldest commit adding that name
 * is its first addition.
 */
function firstAdditionsOf(commits: readonly PlaceCommit[], paths: readonly (readonly [path: string, atHead: string])[]): Map<string, FirstAddition> {
  const found = new Map<string, FirstAddition>();
  for (const [path, atHead] of paths) {
    let name = atHead;
    commits.forEach(({ commit, changes }, index) => {
      for (const change of changes) {
        if (change.path !== name) continue;
        if (change.status === 'A') found.set(path, { commit, order: commits.length - 1 - index });
        else if (change.status === 'R' && change.from !== undefined) name = change.from;
      }
    });
  }
  return found;
}
