import { parseNameOnlyLog } from './parse-name-only-log.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';
import { uidOfDashboardText } from './find-removed-dashboard-files.js';

const GIT_TIMEOUT_MS = 60_000;
/** More paths than this are not asked about: a first apply of a large tree creates them all, and deletes none. */
const MAX_PATHS = 500;
/** Versions read at most: the newest ones, where a uid change usually is. */
const MAX_READS = 2_000;

/**
 * For each of `paths` (relative to `tree`), the newest uid among `wanted` a committed version of that very path held
 * (a file whose uid was changed in place). One `git log` over those paths and one cat-file. A path without such a
 * version is absent; an empty map without git or a commit. Never throws.
 */
export async function findFormerUids(tree: string, paths: readonly string[], wanted: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (paths.length === 0 || paths.length > MAX_PATHS || wanted.size === 0) return found;
  const log = await runGit(tree, ['log', '--no-renames', '--relative', '--format=%x01%H', '--name-only', '-z', 'HEAD', '--', ...paths.map((path) => `:(literal)${path}`)], GIT_TIMEOUT_MS);
  if (!log.ok) return found;
  const asked = new Set(paths);
  const versions: { path: string; spec: string }[] = [];
  for (const { commit, paths: changed } of parseNameOnlyLog(log.stdout)) {
    for (const path of changed) if (asked.has(path)) versions.push({ path, spec: `${commit}:./${path}` });
  }
  const read = versions.slice(0, MAX_READS);
  const blobs = await readCatFileBatch(tree, read.map((version) => version.spec));
  if (blobs === null) return found;
  read.forEach(({ path }, index) => {
    const uid = uidOfDashboardText(blobs[index]?.text);
    if (!found.has(path) && uid !== undefined && wanted.has(uid)) found.set(path, uid);
  });
  return found;
}
