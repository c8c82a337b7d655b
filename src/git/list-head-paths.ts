import { runGit } from './run-git.js';

/** The paths HEAD holds below `dir`, relative to it (one `git ls-tree`); null without git or a commit. Never throws. */
export async function listHeadPaths(dir: string): Promise<string[] | null> {
  const head = await runGit(dir, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', '.'], 60_000);
  return head.ok ? head.stdout.split('\0').filter(Boolean) : null;
}
