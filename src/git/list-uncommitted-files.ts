import { realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { runGit } from './run-git.js';
import { checkoutId } from './checkout-id.js';

/** Of some files, those HEAD does not hold as they are, and the checkout they were asked in (checkoutId). */
interface UncommittedFiles {
  files: Set<string>;
  checkout: string;
}

/**
 * Of `files` (relative to `cwd`), those HEAD does not hold as they are: modified or added (staged or not), untracked, or
 * ignored (a file in an ignored directory too), with this checkout's id (`pipelineCheckoutId` where given, else checkoutId). Two git
 * processes however many files: the repository's top, then one `git status` over the directory they all lie in. null where
 * git cannot tell (no git, not a repository, no commit yet, git refuses), and where no file is asked about. Never throws.
 */
export async function listUncommittedFiles(cwd: string, files: readonly string[], pipelineCheckoutId?: string): Promise<UncommittedFiles | null> {
  if (files.length === 0) return null;
  const realCwd = await realpath(cwd).catch(() => cwd);
  const top = await runGit(realCwd, ['rev-parse', '--show-toplevel', '--verify', '--quiet', 'HEAD'], 30_000);
  if (!top.ok) return null;
  const repoTop = top.stdout.split('\n')[0]!;
  const absolute = files.map((file) => resolve(realCwd, file));
  const common = commonDirectory(absolute.map((file) => dirname(file)));
  const status = await runGit(realCwd, ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--ignored=matching', '--', common], 30_000);
  if (!status.ok) return null;
  // Entries are `XY path` separated by NUL, relative to the top of the repository; an ignored directory ends in `/`.
  const differing = new Set<string>();
  const ignoredDirs: string[] = [];
  for (const entry of status.stdout.split('\0')) {
    if (entry.length < 4) continue;
    const path = resolve(repoTop, entry.slice(3));
    if (entry.endsWith('/')) ignoredDirs.push(path + sep);
    else differing.add(path);
  }
  return { files: new Set(files.filter((_, at) => differing.has(absolute[at]!) || ignoredDirs.some((dir) => absolute[at]!.startsWith(dir)))), checkout: pipelineCheckoutId ?? checkoutId(repoTop) };
}

/** The deepest directory every one of `dirs` (absolute) lies in. Pure. */
function commonDirectory(dirs: readonly string[]): string {
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (common !== dirname(common) && dir !== common && !dir.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  }
  return common;
}
