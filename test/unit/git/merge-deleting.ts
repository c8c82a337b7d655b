import { join } from 'node:path';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { write } from './temp-dir.js';

/**
 * On `main`, a topic branch (adding `team/c.json` to `tree`) merged after a commit of main's own (`team/d.json`), the merge
 * deleting `paths` (from the repository's top) while resolving it: a deletion only a combined diff lists. Its commit.
 */
export async function mergeDeleting(repo: string, tree: string, paths: readonly string[]): Promise<string> {
  await git(repo, 'checkout', '-q', '-b', 'topic');
  await write(join(tree, 'team/c.json'), '{"uid":"c","title":"C","panels":[]}');
  await commitAll(repo, 'topic');
  await git(repo, 'checkout', '-q', 'main');
  await write(join(tree, 'team/d.json'), '{"uid":"d","title":"D","panels":[]}');
  await commitAll(repo, 'main meanwhile');
  await git(repo, 'merge', '-q', '--no-ff', '--no-commit', 'topic');
  await git(repo, 'rm', '-q', ...paths);
  await git(repo, 'commit', '-q', '-m', 'merge topic without a');
  return (await git(repo, 'rev-parse', 'HEAD')).trim();
}
