import { readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { GrafanaPort } from '../grafana/port.js';
import { findPathAtCommit, type PathAtCommit } from '../git/find-path-at-commit.js';
import { runGit } from '../git/run-git.js';
import { folderAtCommit, folderFileOf } from '../plan/folder-at-commit.js';
import type { PullFileDecision } from './decide-pull-file.js';

/**
 * Pull's refusal of a committed move not applied yet: Grafana's version (saved over dashsync's push by someone else) would
 * move the file back to the live folder's directory, yet the file's directory stood for another folder in the commit
 * dashsync's newest push was made from, so the folder is a change of the tree's (a `git mv` since), as a content change since
 * that push is (changed-since-push). A file renamed in its directory, or a tree moved whole, keeps its folder: Grafana's move
 * is then the only one, and pull takes it. Null where nothing shows a move in git: no push of dashsync's below, no commit in
 * its note, or a commit this clone does not have (then pull takes Grafana's folder, as before). Where git shows no earlier
 * path of the file, it refuses, as it cannot tell.
 */
export async function findMoveSincePush(
  uid: string,
  liveVersion: number,
  rootRelative: string,
  liveFolderUid: string | null,
  context: { grafana: Pick<GrafanaPort, 'readEarlierPush'>; realRoot: string },
): Promise<Extract<PullFileDecision, { reason: 'moved-since-push' }> | null> {
  // A note whose saver the history cannot check counts, commit and all (11.2–11.5's `/api` names every service account
  // `Anonymous`, so CI's push with a token would not be seen): a copied note's commit can only refuse, never take a move back.
  const push = await context.grafana.readEarlierPush?.(uid, liveVersion, { unconfirmed: true, uncheckedCommit: true });
  const commit = push?.commit ?? push?.uncheckedCommit;
  if (!push || !commit) return null;
  const known = await runGit(context.realRoot, ['cat-file', '-e', `${commit}^{commit}`], 30_000);
  if (!known.ok) return null;
  const earlier = await findPathAtCommit(context.realRoot, commit, rootRelative);
  const pushedTo = earlier === null ? undefined : await folderThen(context.realRoot, commit, earlier);
  if (earlier !== null && pushedTo === (await folderNow(context.realRoot, rootRelative))) return null;
  // Not in the folder that push put it in: someone moved it in Grafana too.
  const movedInGrafana = pushedTo !== undefined && pushedTo !== liveFolderUid ? { movedInGrafana: true as const } : {};
  return { action: 'refuse', reason: 'moved-since-push', commit, pushedVersion: push.version, ...movedInGrafana };
}

/** The folder uid the file's directory stood for in `commit`: its `_folder.json` there, else the uid its path derives (null: General). */
async function folderThen(tree: string, commit: string, at: PathAtCommit): Promise<string | null | undefined> {
  const dir = posix.dirname(at.belowTree);
  const file = folderFileOf(dir);
  const read = file === null ? null : await runGit(tree, ['cat-file', 'blob', `${commit}:${at.place}${file}`], 30_000);
  return folderAtCommit(dir, { companion: read?.ok ? read.stdout : null }, () => undefined);
}

/** The folder uid the file's directory stands for in the tree now, as folderThen reads it. */
async function folderNow(tree: string, rootRelative: string): Promise<string | null | undefined> {
  const dir = posix.dirname(rootRelative);
  const file = folderFileOf(dir);
  const text = file === null ? null : await readFile(resolve(tree, file), 'utf8').catch(() => null);
  return folderAtCommit(dir, { companion: text }, () => undefined);
}
