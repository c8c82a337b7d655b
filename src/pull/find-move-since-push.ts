import type { GrafanaPort } from '../grafana/port.js';
import { runGit } from '../git/run-git.js';
import type { PullFileDecision } from './decide-pull-file.js';

/**
 * Pull's refusal of a committed move not applied yet: Grafana's version (saved over dashsync's push by someone else) would
 * move the file back to the live folder's directory, yet the file was not at its path in the commit dashsync's newest push
 * was made from, so the path is a change of the tree's (a `git mv` since), as a content change since that push is
 * (changed-since-push). Null where nothing shows that: no push of dashsync's below, no commit in its note, or a commit
 * this clone does not have (then pull takes Grafana's folder, as before).
 */
export async function findMoveSincePush(
  uid: string,
  liveVersion: number,
  rootRelative: string,
  context: { grafana: Pick<GrafanaPort, 'readEarlierPush'>; realRoot: string },
): Promise<Extract<PullFileDecision, { reason: 'moved-since-push' }> | null> {
  // A note whose saver the history cannot check counts, commit and all (11.2–11.5's `/api` names every service account
  // `Anonymous`, so CI's push with a token would not be seen): a copied note's commit can only refuse, never take a move back.
  const push = await context.grafana.readEarlierPush?.(uid, liveVersion, { unconfirmed: true, uncheckedCommit: true });
  const commit = push?.commit ?? push?.uncheckedCommit;
  if (!push || !commit) return null;
  const known = await runGit(context.realRoot, ['cat-file', '-e', `${commit}^{commit}`], 30_000);
  if (!known.ok) return null;
  // `<commit>:./<path>` is read relative to the working directory: the tree's root.
  const there = await runGit(context.realRoot, ['cat-file', '-e', `${commit}:./${rootRelative}`], 30_000);
  return there.ok ? null : { action: 'refuse', reason: 'moved-since-push', commit, pushedVersion: push.version };
}
