import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;
const BLOB = /^[0-9a-f]{40,64}$/;

/**
 * Whether one of the last `depth` commits of HEAD's history touching `file` (a path relative to `cwd`, as git reads
 * `./`) left it as `commit` had it there: the same blob. Two git processes. False where git cannot tell (no such
 * path in that commit, a file renamed since, no git): the caller keeps what it would say without it.
 */
export async function headHistoryHolds(cwd: string, commit: string, file: string, depth: number): Promise<boolean> {
  if (!/^[0-9a-f]+$/i.test(commit) || /[\n\r]/.test(file)) return false;
  const pathspec = `./${file}`;
  const blob = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${commit}:${pathspec}`], GIT_TIMEOUT_MS);
  const wanted = blob.ok ? blob.stdout.trim() : '';
  if (!BLOB.test(wanted)) return false;
  // Each commit's raw line names the blob it left: `:100644 100644 <old> <new> M\t<path>`.
  const log = await runGit(cwd, ['log', `-n${depth}`, '--no-abbrev', '--format=', '--raw', '--no-renames', 'HEAD', '--', `:(literal)${file}`], GIT_TIMEOUT_MS);
  if (!log.ok) return false;
  return log.stdout.split('\n').some((line) => line.startsWith(':') && line.split(/\s+/)[3] === wanted);
}
