import { runGit, type GitFailure } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/** A file of the commit before HEAD that the working tree no longer holds as it was: its path (relative to the tree) and the blob it held then. */
export interface ChangedSinceParent {
  path: string;
  blob: string;
}

/**
 * The files under `tree` the commit before HEAD (`HEAD~`) held that the working tree holds otherwise now: changed, removed
 * (by HEAD or not committed yet) or turned into another kind of file, each with the blob it held then. In the tree's own
 * repository; --no-renames: a moved file's old path is a removal. None where HEAD has no parent; fails as git does otherwise.
 */
export async function readChangedSinceParent(tree: string): Promise<{ ok: true; files: ChangedSinceParent[] } | { ok: false; failure: GitFailure; error: string }> {
  const diff = await runGit(tree, ['diff', '--raw', '--no-renames', '--no-abbrev', '--relative', '--diff-filter=DMT', '-z', 'HEAD~', '--', '.'], GIT_TIMEOUT_MS);
  // HEAD without a parent (a first commit): nothing the commit before it held.
  if (!diff.ok && diff.failure === 'failed' && /bad revision 'HEAD~'/.test(diff.error)) return { ok: true, files: [] };
  if (!diff.ok) return diff;
  return { ok: true, files: parseRawDiff(diff.stdout) };
}

/** Pure: `git diff --raw -z` as its entries' paths and old blobs (`:<mode> <mode> <old blob> <new blob> <status>`, a NUL, the path, a NUL). */
function parseRawDiff(stdout: string): ChangedSinceParent[] {
  const fields = stdout.split('\0');
  const files: ChangedSinceParent[] = [];
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const blob = fields[at]!.split(' ')[2];
    if (blob !== undefined) files.push({ path: fields[at + 1]!, blob });
  }
  return files;
}
