import { RENAME_LIMIT } from './rename-limit.js';
import { runGit } from './run-git.js';

/** Where a file of the tree was in an earlier commit. */
export interface PathAtCommit {
  /** The tree's place then: its directory from the repository's top, with a trailing `/` ('' = the top). */
  place: string;
  /** The file's path below that place. */
  belowTree: string;
}

const GIT_TIMEOUT_MS = 60_000;

/**
 * Where a file HEAD holds (`path`, relative to the tree `tree`) was in `commit`, as `git diff -M <commit> HEAD` sees it (below
 * the tree, then over the whole repository): its own path, or the one it was renamed from. Where that earlier path lies outside the tree's
 * place now, the whole tree moved since: its place then is the one most of the tree's renamed files came from with their
 * path below it unchanged. Null where git shows no earlier path (added since, or rewritten past recognition), the tree's
 * earlier place cannot be told, or git fails.
 */
export async function findPathAtCommit(tree: string, commit: string, path: string): Promise<PathAtCommit | null> {
  const prefix = await runGit(tree, ['rev-parse', '--show-prefix'], GIT_TIMEOUT_MS);
  if (!prefix.ok) return null;
  const place = prefix.stdout.trim();
  const there = await runGit(tree, ['cat-file', '-e', `${commit}:${place}${path}`], GIT_TIMEOUT_MS);
  if (there.ok) return { place, belowTree: path };
  // Below the tree first (the usual rename, a smaller diff to pair), then the whole repository (a tree moved whole).
  for (const where of place === '' ? [[]] : [['--', `:(top,literal)${place}`], []]) {
    const diff = await runGit(tree, ['-c', 'core.quotepath=off', 'diff', '-M', `-l${RENAME_LIMIT}`, '--name-status', '-z', '--no-color', '--no-ext-diff', '--diff-filter=R', commit, 'HEAD', ...where], GIT_TIMEOUT_MS);
    if (!diff.ok) return null;
    const found = placeRename(parseRenames(diff.stdout), `${place}${path}`, place);
    if (found !== null || where.length === 0) return found;
  }
  return null;
}

/** Pure: the renames of a `--name-status -z --diff-filter=R` diff (`R<score>\0<from>\0<to>\0`), from the top. */
function parseRenames(stdout: string): { from: string; to: string }[] {
  const tokens = stdout.split('\0');
  const renames: { from: string; to: string }[] = [];
  for (let at = 0; at + 2 < tokens.length; at += 3) renames.push({ from: tokens[at + 1]!, to: tokens[at + 2]! });
  return renames;
}

/** Pure: the earlier path of `path` (from the top) among `renames`, below the tree's place now or the place the tree moved from. */
export function placeRename(renames: readonly { from: string; to: string }[], path: string, place: string): PathAtCommit | null {
  const from = renames.find((rename) => rename.to === path)?.from;
  if (from === undefined) return null;
  if (from.startsWith(place)) return { place, belowTree: from.slice(place.length) };
  // The tree moved: the place its renamed files came from, their path below it kept (most of them; a file moved in the tree too differs).
  const votes = new Map<string, number>();
  for (const rename of renames) {
    if (!rename.to.startsWith(place)) continue;
    const below = rename.to.slice(place.length);
    const earlier = rename.from.slice(0, rename.from.length - below.length);
    if (rename.from.endsWith(below) && (earlier === '' || earlier.endsWith('/')) && earlier !== place) votes.set(earlier, (votes.get(earlier) ?? 0) + 1);
  }
  const [moved] = [...votes].sort((one, other) => other[1] - one[1]);
  return moved !== undefined && from.startsWith(moved[0]) ? { place: moved[0], belowTree: from.slice(moved[0].length) } : null;
}
