import { readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { readOrWhyNot } from '../errors.js';
import type { EarlierPush, EarlierPushOptions, GrafanaPort, HistoryReads } from '../grafana/port.js';
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
 * path of the file, it refuses, as it cannot tell. Where Grafana cannot give the history (12+'s `/api` fails the whole list
 * for one entry it cannot convert; a 403), `unread` says why, and pull takes Grafana's folder as where no push is found,
 * saying so; an interrupt, or credentials Grafana refuses outright, still end the pull. `reads`: the history's requests kept
 * for pull's next look at it (EarlierPushOptions.reads).
 */
export async function findMoveSincePush(
  uid: string,
  liveVersion: number,
  rootRelative: string,
  liveFolderUid: string | null,
  context: { grafana: Pick<GrafanaPort, 'readEarlierPush'>; realRoot: string },
  reads?: HistoryReads,
): Promise<Extract<PullFileDecision, { reason: 'moved-since-push' }> | { unread: string } | null> {
  // A note whose saver the history cannot check counts, commit and all (11.2–11.5's `/api` names every service account
  // `Anonymous`, so CI's push with a token would not be seen): a copied note's commit can only refuse, never take a move back.
  const push = await readEarlierPushOrWhyNot(context.grafana, uid, liveVersion, { unconfirmed: true, uncheckedCommit: true, ...(reads && { reads }) });
  if (push !== null && 'unread' in push) return push;
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

/**
 * GrafanaPort.readEarlierPush (null where the port has none), or why Grafana could not give the history (`unread`: the
 * failure's line), for pull to go on as where no push is found; an interrupt, or credentials Grafana refuses, still throw.
 */
export async function readEarlierPushOrWhyNot(grafana: Pick<GrafanaPort, 'readEarlierPush'>, uid: string, version: number, options: EarlierPushOptions): Promise<EarlierPush | { unread: string } | null> {
  return readOrWhyNot(async () => (await grafana.readEarlierPush?.(uid, version, options)) ?? null);
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
