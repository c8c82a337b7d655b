import { isAbsolute, posix, sep } from 'node:path';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;
/** Characters of paths one git process is given (a command line stays under Windows' 32,767). */
const PATH_CHARS_PER_PROCESS = 24_000;

/**
 * Whether git holds `file` (relative to `cwd`) exactly as it is: tracked, neither modified nor staged, not ignored.
 * One `git status` for the file; false when git cannot tell (no git, not a repository). Never throws.
 */
export async function isCommittedAsIs(cwd: string, file: string): Promise<boolean> {
  const status = await runGit(cwd, ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=traditional', '--', file], GIT_TIMEOUT_MS);
  if (!status.ok || status.stdout !== '') return false;
  const tracked = await runGit(cwd, ['--literal-pathspecs', 'ls-files', '--error-unmatch', '--', file], GIT_TIMEOUT_MS);
  return tracked.ok;
}

/**
 * Those of `files` (relative to `cwd`) that git holds exactly as they are (isCommittedAsIs), asked for all at once: one
 * `git rev-parse --show-prefix`, then one `git status` and one `git ls-files` (side by side) per some hundreds of files,
 * whose paths git gives from the top of the repository. A file given by its absolute path is asked on its own. None where
 * git cannot tell (no git, not a repository). Never throws.
 */
export async function filesCommittedAsIs(cwd: string, files: readonly string[]): Promise<Set<string>> {
  const committed = new Set<string>();
  const asked = [...new Set(files)];
  for (const file of asked.filter((path) => isAbsolute(path))) if (await isCommittedAsIs(cwd, file)) committed.add(file);
  const relative = asked.filter((path) => !isAbsolute(path));
  if (relative.length === 0) return committed;
  const prefix = await runGit(cwd, ['rev-parse', '--show-prefix'], GIT_TIMEOUT_MS);
  if (!prefix.ok) return committed;
  // Windows' separators as git writes them; elsewhere a backslash is a character of the name.
  const fromTop = (file: string) => posix.normalize(`${prefix.stdout.replace(/\n$/, '')}${sep === '\\' ? file.replaceAll('\\', '/') : file}`);
  // A path above the repository's top is not in it (git would refuse the whole command for it).
  for (const chunk of inChunks(relative.filter((file) => !fromTop(file).startsWith('../')))) {
    const [status, tracked] = await Promise.all([
      runGit(cwd, ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=traditional', '--', ...chunk], GIT_TIMEOUT_MS),
      runGit(cwd, ['--literal-pathspecs', 'ls-files', '-z', '--full-name', '--', ...chunk], GIT_TIMEOUT_MS),
    ]);
    if (!status.ok || !tracked.ok) continue;
    const changed = statusPaths(status.stdout);
    const held = new Set(tracked.stdout.split('\0'));
    for (const file of chunk) if (held.has(fromTop(file)) && !changed.has(fromTop(file))) committed.add(file);
  }
  return committed;
}

/** Pure: every path `git status --porcelain=v1 -z` names (`XY <path>`, and after a rename's or copy's its source path). */
function statusPaths(stdout: string): Set<string> {
  const paths = new Set<string>();
  const fields = stdout.split('\0');
  for (let index = 0; index < fields.length; index++) {
    const entry = fields[index]!;
    if (entry.length < 4) continue;
    paths.add(entry.slice(3));
    if (/[RC]/.test(entry.slice(0, 2)) && index + 1 < fields.length) paths.add(fields[++index]!);
  }
  return paths;
}

/** Pure: `files` in runs whose paths together stay under PATH_CHARS_PER_PROCESS characters. */
function inChunks(files: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let size = PATH_CHARS_PER_PROCESS;
  for (const file of files) {
    if (size + file.length + 1 > PATH_CHARS_PER_PROCESS) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(file);
    size += file.length + 1;
  }
  return chunks;
}

/**
 * Whether none of `files` (relative to `cwd`) differs from HEAD, staged or not (a file git does not track counts as not
 * differing). One `git diff --quiet`; false when git cannot tell (no git, not a repository, no commit). Never throws.
 */
export async function noneChangedSinceHead(cwd: string, files: readonly string[]): Promise<boolean> {
  const diff = await runGit(cwd, ['--literal-pathspecs', 'diff', '--quiet', '--no-ext-diff', 'HEAD', '--', ...files], 30_000);
  return diff.ok;
}
