import { AuthError, GrafanaHttpError, NotLandedError, PermissionError, ReadBackInterruptedError, RequestInterruptedError, TrashFolderGoneError } from '../errors.js';
import type { GrafanaPort, LiveDashboard, TrashRestoreOfPush, TrashRestoreOfSave } from '../grafana/port.js';
import { mayHaveLanded } from './read-back.js';
import type { FolderRef } from './read-folder-chain.js';

/** Where `restore --folder` puts a dashboard: a folder that exists, or null for the General level. */
export type RestoreFolder = FolderRef | null;

/**
 * What asking "Recently deleted" gave: `restored` (`moved`: Grafana 11 gave it back into its old folder and a save
 * took it on to the General level, now at that version; `notMoved`: that save did not go through); `yes`: asked, no
 * entry; `no`: this API cannot ask; `denied`: a 403; `folder-gone`: Grafana holds it, but the folder it would go back
 * into is gone; `taken`: this restore put nothing in, yet a dashboard holds the uid now (someone else restored or
 * created it meanwhile); `gone-again`: it was given back, and deleted again before it could be moved.
 */
export type TrashAnswer =
  /** `live`: the dashboard as a read back made for the restore already found it (none: not read yet). */
  | { kind: 'restored'; moved?: number; notMoved?: NotMoved; live?: LiveDashboard }
  | { kind: 'yes' | 'no' | 'denied' | 'folder-gone' | 'gone-again' }
  | { kind: 'taken'; holder: UidHolder };

/** Grafana 11 gave the dashboard back into its old folder, and the save that was to move it to the General level did not. */
export interface NotMoved {
  /** The dashboard as read before that save, at its version then. */
  live: LiveDashboard;
  /** Its old folder, where it is now. */
  folder: FolderRef;
  /** Why, in Grafana's words or ours. */
  why: string;
}

/** The dashboard that holds the uid now, as the line that reports it names it. */
export interface UidHolder {
  version: number;
  title: string | null;
}

/**
 * What Grafana holds after a restore from "Recently deleted" that did not say `restored`: `absent` (nothing holds the
 * uid), `ours` (a send of this restore whose answer was lost took it back: `live`, as read), or `taken` (the dashboard
 * someone else put there). Only a restore sent more than once (`unconfirmed`) can have landed unseen: after one whose
 * every send was answered (`not-restored`), a dashboard under the uid is not the one this restore asked for, and is
 * reported, never claimed.
 */
export async function readBackTrashRestore(
  grafana: GrafanaPort,
  uid: string,
  answer: 'not-restored' | 'unconfirmed',
): Promise<{ kind: 'absent' } | { kind: 'ours'; live: LiveDashboard } | { kind: 'taken'; holder: UidHolder }> {
  const live = await grafana.getDashboard(uid);
  if (live === null) return { kind: 'absent' };
  if (answer === 'unconfirmed') return { kind: 'ours', live };
  const title = live.model.title;
  return { kind: 'taken', holder: { version: live.version, title: typeof title === 'string' ? title : null } };
}

/**
 * What restore does with a dashboard "Recently deleted" holds when the folder it goes back into is gone. Pure: the run,
 * which learns it from Grafana's refusal, and its dry run, from a read of that folder, decide alike. `recreate`: that
 * folder is created again from the newest backup (`backupFolderUid`: the folder it names; '' or null: none) and the
 * dashboard taken back into it; or it is not restored: `folder-gone` (no backup names that folder), `general-folder-gone`
 * (--folder general on Grafana 11, which gives a dashboard back into its old folder only), `into-gone` (the folder
 * --folder named was deleted meanwhile).
 */
export function whenTrashFolderGone(into: RestoreFolder | undefined, backupFolderUid: string | null): 'recreate' | 'folder-gone' | 'general-folder-gone' | 'into-gone' {
  if (into === null) return 'general-folder-gone';
  if (into) return 'into-gone';
  return backupFolderUid ? 'recreate' : 'folder-gone';
}

/**
 * Takes the dashboard back from "Recently deleted" where this API can: into its old folder, or `into`
 * (undefined = its old folder). Grafana 11's `/api` restores into a folder only (an empty folderUid means
 * the old one), so General there is its old folder and then a save that moves it, at the version just read.
 * `asPushed`: its backup says it was deleted as dashsync had pushed it; `asRestore`: any other's message and held save (GrafanaPort.restoreFromTrash).
 */
export async function askTrash(
  grafana: GrafanaPort,
  uid: string,
  into: RestoreFolder | undefined,
  run: { message: string },
  asPushed?: TrashRestoreOfPush,
  asRestore?: TrashRestoreOfSave,
): Promise<TrashAnswer> {
  const { capabilities } = await grafana.describeServer();
  if (!capabilities.trash) return { kind: 'no' };
  const viaOldFolder = into === null && capabilities.softDeleteTrash;
  // The read back of an unconfirmed restore: what the line names, read once.
  let live: LiveDashboard | undefined;
  try {
    const answer = await grafana.restoreFromTrash(uid, into === undefined || viaOldFolder ? undefined : { folderUid: into?.uid ?? null }, asPushed, asRestore);
    if (answer !== 'restored') {
      const found = await readBackTrashRestore(grafana, uid, answer);
      if (found.kind === 'absent') return { kind: 'yes' };
      if (found.kind === 'taken') return found;
      live = found.live;
    }
  } catch (error) {
    if (error instanceof PermissionError) return { kind: 'denied' };
    if (error instanceof TrashFolderGoneError) return { kind: 'folder-gone' };
    throw error;
  }
  if (viaOldFolder) return moveToGeneral(grafana, uid, run.message);
  return live === undefined ? { kind: 'restored' } : { kind: 'restored', live };
}

/**
 * Saves the dashboard as it is into the General level (a new version): `moved` at its version then (absent when it is
 * there already). A save that does not go through leaves it restored in its old folder (`notMoved`), a uid of its own in
 * the run's lines; only Ctrl-C and a 401 end it otherwise.
 */
async function moveToGeneral(grafana: GrafanaPort, uid: string, message: string): Promise<TrashAnswer> {
  const live = await grafana.getDashboard(uid);
  if (live === null) return { kind: 'gone-again' };
  if (live.folderUid === null) return { kind: 'restored' };
  const folder = { uid: live.folderUid, title: live.folderTitle };
  const notMoved = (why: string): TrashAnswer => ({ kind: 'restored', notMoved: { live, folder, why } });
  const content = { schema: live.schema, apiVersion: live.apiVersion, metadata: live.metadata };
  const target = grafana.writeTargetFor(content);
  if ('refused' in target) return notMoved(target.refused);
  try {
    const saved = await grafana.saveDashboard({ uid, model: live.model, ...content, target, folderUid: null, message, expect: live.revision, internalId: live.internalId });
    if (saved.kind === 'saved') return { kind: 'restored', moved: saved.version };
    return notMoved(saved.kind === 'refused' ? saved.message : 'someone saved it in between');
  } catch (error) {
    // Grafana answered the save: it moved it, at the answer's version, whatever cut off the read back after it.
    if (error instanceof ReadBackInterruptedError) return { kind: 'restored', moved: error.savedVersion };
    // Answered 2xx, and still where it was when read back: not moved.
    if (error instanceof NotLandedError) return notMoved(error.message);
    if (!(error instanceof GrafanaHttpError) || error instanceof AuthError || error instanceof RequestInterruptedError) throw error;
    // No answer to a save that went out: it may have moved it all the same (read back).
    const now = mayHaveLanded(error) ? await grafana.getDashboard(uid).catch(() => null) : null;
    if (now !== null && now.folderUid === null) return { kind: 'restored', moved: now.version };
    return notMoved(error.message);
  }
}
