import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/**
 * Which of these files (relative to `cwd`) the tree held before this commit: the commit before HEAD held them, or a commit of
 * HEAD's history deleted them (a file put back by `git revert` of its removal, or a restore's `git checkout <removal>^ -- file`
 * committed, is no new file: review-69a H1). One `git cat-file` for all of them, and one `git log --diff-filter=D` for those the
 * parent lacks; none without git, without a parent commit (or one a shallow clone cut off). Never throws.
 */
export async function readPathsHeldBefore(cwd: string, files: readonly string[]): Promise<Set<string>> {
  if (files.length === 0) return new Set();
  const blobs = (await readCatFileBatch(cwd, files.map((file) => `HEAD~:./${file}`))) ?? [];
  const held = new Set(files.filter((_, index) => blobs[index] !== null && blobs[index] !== undefined));
  const rest = files.filter((file) => !held.has(file));
  if (rest.length === 0) return held;
  const deleted = await runGit(cwd, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--no-renames', '--diff-filter=D', '--name-only', '-z', '--relative', '--format=', 'HEAD', '--', ...rest], GIT_TIMEOUT_MS);
  if (!deleted.ok) return held;
  const removed = new Set(deleted.stdout.split('\0').map((path) => path.replace(/^\n/, '')).filter((path) => path !== ''));
  for (const file of rest) if (removed.has(file.replace(/^\.\//, ''))) held.add(file);
  return held;
}
