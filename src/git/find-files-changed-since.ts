import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/**
 * The tree's files (JSON and YAML below `root`, absolute paths) that differ between `commit` and HEAD; null when git
 * cannot tell (no repository, a shallow clone without that commit).
 */
export async function findFilesChangedSince(root: string, commit: string): Promise<string[] | null> {
  const diff = await runGit(root, ['diff', '--no-renames', '--relative', '--name-only', '-z', commit, 'HEAD', '--', '.'], GIT_TIMEOUT_MS);
  if (!diff.ok) return null;
  return diff.stdout
    .split('\0')
    .filter((path) => /\.(json|ya?ml)$/i.test(path))
    .map((path) => `${root}/${path}`);
}
