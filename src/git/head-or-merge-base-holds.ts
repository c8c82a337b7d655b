import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;
const BLOB = /^[0-9a-f]{40,64}$/;

/**
 * Whether another branch's push from `commit` changed nothing of `file` (a path relative to `cwd`, as git reads `./`) that
 * HEAD lacks: HEAD holds the file as `commit` had it (a cherry-pick, the same edit made twice), or the merge base of HEAD and
 * `commit` did (that branch never changed it, or changed it and back). A branch that took the file back to an older text of
 * HEAD's history did change it (a hotfix's revert, review-66a M2): a plan from HEAD undoes that. At most four git processes.
 * False where git cannot tell (no such path in that commit, a file renamed since, no git): the caller keeps its warning.
 */
export async function headOrMergeBaseHolds(cwd: string, commit: string, file: string): Promise<boolean> {
  if (!/^[0-9a-f]+$/i.test(commit) || /[\n\r]/.test(file)) return false;
  const blobAt = async (revision: string): Promise<string | null> => {
    const read = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${revision}:./${file}`], GIT_TIMEOUT_MS);
    const blob = read.ok ? read.stdout.trim() : '';
    return BLOB.test(blob) ? blob : null;
  };
  const [pushed, head] = await Promise.all([blobAt(commit), blobAt('HEAD')]);
  if (pushed === null) return false;
  if (head === pushed) return true;
  const base = await runGit(cwd, ['merge-base', 'HEAD', commit], GIT_TIMEOUT_MS);
  const baseCommit = base.ok ? base.stdout.trim().split('\n')[0] : undefined;
  return baseCommit !== undefined && /^[0-9a-f]+$/.test(baseCommit) && (await blobAt(baseCommit)) === pushed;
}
