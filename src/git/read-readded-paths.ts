import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/**
 * The adds that brought a deleted file back at the same path (`git revert` of the deletion, `git checkout <sha>^ -- <file>`
 * committed), as `<path>\0<commit>`: for each of `paths` (from the repository's top), an add of HEAD's history whose next
 * older add or deletion of that path is a deletion. One `git log --diff-filter=AD` over `within` (the directory the
 * histories walk, '' = the whole repository; no rename detection: a path as git names it in each commit), however many
 * paths. Empty without git or on failure.
 */
export async function readReaddedPaths(top: string, within: string, paths: readonly string[]): Promise<Set<string>> {
  const readds = new Set<string>();
  if (paths.length === 0) return readds;
  const log = await runGit(
    top,
    ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--date-order', '--no-renames', '--diff-filter=AD', '--name-status', '-z', '--format=%x01%H', 'HEAD', '--', within || '.'],
    GIT_TIMEOUT_MS,
  );
  if (!log.ok) return readds;
  const wanted = new Set(paths);
  // Per path, the newest add read whose older neighbour is not read yet.
  const pendingAdd = new Map<string, string>();
  for (const record of log.stdout.split('\x01').slice(1)) {
    const [commit = '', ...tokens] = record.split('\0');
    for (let at = 0; at + 1 < tokens.length; at += 2) {
      const status = tokens[at]!.replace(/^\n/, '');
      const path = tokens[at + 1]!;
      if (!wanted.has(path)) continue;
      const added = pendingAdd.get(path);
      if (status === 'D' && added !== undefined) readds.add(`${path}\0${added}`);
      if (status === 'A') pendingAdd.set(path, commit.trim());
      else pendingAdd.delete(path);
    }
  }
  return readds;
}
