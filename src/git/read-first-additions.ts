import { runGit } from './run-git.js';

/** The commit of HEAD's history that first added a file, by its place in that history (oldest last in git's log). */
export interface FirstAddition {
  commit: string;
  /** Its place among the commits that added one of the paths, oldest 0: a smaller number is an earlier commit. */
  order: number;
}

/**
 * Which commit of HEAD's history first added each of `paths` (relative to `root`, `/`-separated; renames not followed):
 * a path git never held is absent. An empty map where the repository has no commit yet; null where git cannot be asked
 * (not installed, not a repository, another failure). One git process; never throws.
 */
export async function readFirstAdditions(root: string, paths: readonly string[]): Promise<Map<string, FirstAddition> | null> {
  const answer = await runGit(
    root,
    ['--literal-pathspecs', 'log', '--format=%x00%H', '--name-only', '--diff-filter=A', '--no-renames', '--relative', '--no-color', 'HEAD', '--', ...paths],
    60_000,
  );
  if (!answer.ok) return /does not have any commits|bad revision 'HEAD'|unknown revision/.test(answer.error) ? new Map() : null;
  const found = new Map<string, FirstAddition>();
  const commits = answer.stdout.split('\0').filter((chunk) => chunk.trim() !== '');
  commits.forEach((chunk, index) => {
    const [commit = '', ...names] = chunk.split('\n');
    // Newest first: the last commit to name a path is the one that first added it.
    for (const name of names) if (name !== '') found.set(name, { commit, order: commits.length - 1 - index });
  });
  return found;
}
